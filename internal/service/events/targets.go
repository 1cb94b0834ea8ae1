package events

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// Target is one target of a rule, with the wire's member names; all but
// ID and ARN are stored as its definition.
type Target struct {
	ID               string            `json:"-"`
	ARN              string            `json:"-"`
	RoleARN          string            `json:"RoleArn,omitempty"`
	Input            string            `json:"Input,omitempty"`
	InputPath        string            `json:"InputPath,omitempty"`
	InputTransformer *InputTransformer `json:"InputTransformer,omitempty"`
	HTTPParameters   *HTTPParameters   `json:"HttpParameters,omitempty"`
	RetryPolicy      *RetryPolicy      `json:"RetryPolicy,omitempty"`
	DeadLetterARN    string            `json:"DeadLetterArn,omitempty"`
}

// InputTransformer builds a target's input from parts of the event.
type InputTransformer struct {
	InputPathsMap map[string]string `json:"InputPathsMap,omitempty"`
	InputTemplate string            `json:"InputTemplate"`
}

// HTTPParameters adds to the requests of an API destination target.
type HTTPParameters struct {
	PathParameterValues   []string          `json:"PathParameterValues,omitempty"`
	HeaderParameters      map[string]string `json:"HeaderParameters,omitempty"`
	QueryStringParameters map[string]string `json:"QueryStringParameters,omitempty"`
}

// RetryPolicy bounds the retries of a target's deliveries.
type RetryPolicy struct {
	MaximumRetryAttempts     *int32 `json:"MaximumRetryAttempts,omitempty"`
	MaximumEventAgeInSeconds *int32 `json:"MaximumEventAgeInSeconds,omitempty"`
}

// FailedTarget is a target PutTargets or RemoveTargets did not take.
type FailedTarget struct {
	TargetID, ErrorCode, ErrorMessage string
}

// checkTarget validates a target the way PutTargets does.
func checkTarget(t Target) error {
	if err := checkName("targets.member.id", t.ID, targetIDRe); err != nil {
		return err
	}
	if t.ARN == "" {
		return missing("targets.member.arn")
	}
	if err := checkLen("targets.member.arn", t.ARN, 1600); err != nil {
		return err
	}
	if _, ok := parseARN(t.ARN); !ok {
		return validation("Parameter %s is not valid.", t.ARN)
	}
	set := 0
	for _, b := range []bool{t.Input != "", t.InputPath != "", t.InputTransformer != nil} {
		if b {
			set++
		}
	}
	if set > 1 {
		return validation("Only one of Input, InputPath, or InputTransformer must be provided.")
	}
	_, err := compileInput(t)
	return err
}

// PutTargetsInput is a PutTargets request.
type PutTargetsInput struct {
	Rule, EventBusName string
	Targets            []Target
}

// PutTargets adds targets to a rule or replaces those with the same id.
// A rule may have at most five targets (LimitExceededException).
func (s *Service) PutTargets(ctx context.Context, c Caller, in PutTargetsInput) ([]FailedTarget, error) {
	if err := checkName("rule", in.Rule, ruleNameRe); err != nil {
		return nil, err
	}
	if len(in.Targets) == 0 {
		return nil, missing("targets")
	}
	if len(in.Targets) > maxTargetsPerPut {
		return nil, validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length less than or equal to %d", maxTargetsPerPut)
	}
	bus := busName(in.EventBusName)
	if err := s.checkBus(ctx, c.AccountID, bus); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	stored := make([]model.EventTarget, 0, len(in.Targets))
	for _, t := range in.Targets {
		if err := checkTarget(t); err != nil {
			return nil, err
		}
		if seen[t.ID] {
			return nil, validation("The same target ID %s was given twice.", t.ID)
		}
		seen[t.ID] = true
		def, err := json.Marshal(t)
		if err != nil {
			return nil, fmt.Errorf("cannot encode target %q: %w", t.ID, err)
		}
		stored = append(stored, model.EventTarget{AccountID: c.AccountID, Bus: bus, Rule: in.Rule, ID: t.ID, ARN: t.ARN, Definition: string(def)})
	}
	if err := s.store.PutEventTargets(ctx, c.AccountID, bus, in.Rule, stored, maxTargetsPerRule); err != nil {
		return nil, err
	}
	s.rules.invalidate(c.AccountID, bus)
	return nil, nil
}

// decodeTarget reads a stored target back.
func decodeTarget(t model.EventTarget) (Target, error) {
	var out Target
	if t.Definition != "" {
		if err := json.Unmarshal([]byte(t.Definition), &out); err != nil {
			return Target{}, fmt.Errorf("cannot decode target %q of rule %q: %w", t.ID, t.Rule, err)
		}
	}
	out.ID, out.ARN = t.ID, t.ARN
	return out, nil
}

// ListTargetsByRuleInput is a ListTargetsByRule request.
type ListTargetsByRuleInput struct {
	Rule, EventBusName, NextToken string
	Limit                         int32
}

// ListTargetsByRule lists a rule's targets in id order.
func (s *Service) ListTargetsByRule(ctx context.Context, c Caller, in ListTargetsByRuleInput) ([]Target, string, error) {
	if err := checkName("rule", in.Rule, ruleNameRe); err != nil {
		return nil, "", err
	}
	limit, err := listLimit(in.Limit)
	if err != nil {
		return nil, "", err
	}
	after, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, "", err
	}
	bus := busName(in.EventBusName)
	if err := s.checkBus(ctx, c.AccountID, bus); err != nil {
		return nil, "", err
	}
	if _, err := s.store.GetEventRule(ctx, c.AccountID, bus, in.Rule); err != nil {
		return nil, "", err
	}
	stored, err := s.store.ListEventTargets(ctx, c.AccountID, bus, in.Rule)
	if err != nil {
		return nil, "", err
	}
	var out []Target
	for _, st := range stored {
		if st.ID <= after && after != "" {
			continue
		}
		t, err := decodeTarget(st)
		if err != nil {
			return nil, "", err
		}
		out = append(out, t)
	}
	out, next := page(out, limit, func(t Target) string { return t.ID })
	return out, next, nil
}

// RemoveTargetsInput is a RemoveTargets request. Force only matters for
// rules that other services manage, which OpenWatch does not create.
type RemoveTargetsInput struct {
	Rule, EventBusName string
	IDs                []string
	Force              bool
}

// RemoveTargets removes targets from a rule by id.
func (s *Service) RemoveTargets(ctx context.Context, c Caller, in RemoveTargetsInput) ([]FailedTarget, error) {
	if err := checkName("rule", in.Rule, ruleNameRe); err != nil {
		return nil, err
	}
	if len(in.IDs) == 0 {
		return nil, missing("ids")
	}
	if len(in.IDs) > maxRemoveIDs {
		return nil, validation("1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length less than or equal to %d", maxRemoveIDs)
	}
	for _, id := range in.IDs {
		if err := checkName("ids.member", id, targetIDRe); err != nil {
			return nil, err
		}
	}
	bus := busName(in.EventBusName)
	if err := s.checkBus(ctx, c.AccountID, bus); err != nil {
		return nil, err
	}
	if _, err := s.store.GetEventRule(ctx, c.AccountID, bus, in.Rule); err != nil {
		return nil, err
	}
	if err := s.store.RemoveEventTargets(ctx, c.AccountID, bus, in.Rule, in.IDs); err != nil {
		return nil, err
	}
	s.rules.invalidate(c.AccountID, bus)
	return nil, nil
}

// ListRuleNamesByTargetInput is a ListRuleNamesByTarget request.
type ListRuleNamesByTargetInput struct {
	TargetARN, EventBusName, NextToken string
	Limit                              int32
}

// ListRuleNamesByTarget lists the rules of a bus that have a target with
// the given ARN.
func (s *Service) ListRuleNamesByTarget(ctx context.Context, c Caller, in ListRuleNamesByTargetInput) ([]string, string, error) {
	if in.TargetARN == "" {
		return nil, "", missing("targetArn")
	}
	limit, err := listLimit(in.Limit)
	if err != nil {
		return nil, "", err
	}
	after, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, "", err
	}
	bus := busName(in.EventBusName)
	if err := s.checkBus(ctx, c.AccountID, bus); err != nil {
		return nil, "", err
	}
	names, err := s.store.ListRuleNamesByTarget(ctx, c.AccountID, bus, in.TargetARN, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	names, next := page(names, limit, func(n string) string { return n })
	return names, next, nil
}

// targetKind classifies a target ARN by where deliveries go.
func targetKind(a arn) string {
	switch {
	case a.service == "logs" && strings.HasPrefix(a.resource, "log-group:"):
		return "log_group"
	case a.service == "sns":
		return "topic"
	case a.service == "events" && strings.HasPrefix(a.resource, "api-destination/"):
		return "api_destination"
	}
	return "unsupported"
}
