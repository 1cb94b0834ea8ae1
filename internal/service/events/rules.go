package events

import (
	"context"
	"errors"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/eventpattern"
	"github.com/openwatch/openwatch/internal/query/schedule"
)

// Rule states.
const (
	StateEnabled  = "ENABLED"
	StateDisabled = "DISABLED"
)

// PutRuleInput is a PutRule request.
type PutRuleInput struct {
	Name, EventBusName               string
	EventPattern, ScheduleExpression string
	State, Description, RoleARN      string
	Tags                             []Tag
}

// RuleView is a rule as DescribeRule and ListRules show it.
type RuleView struct {
	Name, ARN, EventBusName          string
	EventPattern, ScheduleExpression string
	State, Description, RoleARN      string
	CreatedBy                        string
}

// errInvalidPattern turns a pattern parser error into the kind the API
// names InvalidEventPatternException.
func errInvalidPattern(err error) error {
	var pe *eventpattern.Error
	if errors.As(err, &pe) {
		return model.Errorf(model.ErrInvalidParameter, "%s", pe.Error())
	}
	return model.Errorf(model.ErrInvalidParameter, "Event pattern is not valid. Reason: %v", err)
}

// PutRule creates or replaces a rule and returns its ARN. Every field is
// replaced: what the request leaves out is cleared.
func (s *Service) PutRule(ctx context.Context, c Caller, in PutRuleInput) (string, error) {
	if err := checkName("name", in.Name, ruleNameRe); err != nil {
		return "", err
	}
	if err := checkLen("description", in.Description, 512); err != nil {
		return "", err
	}
	if err := checkLen("eventPattern", in.EventPattern, maxPatternLen); err != nil {
		return "", err
	}
	if err := checkLen("scheduleExpression", in.ScheduleExpression, 256); err != nil {
		return "", err
	}
	if in.EventPattern == "" && in.ScheduleExpression == "" {
		return "", validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
	}
	switch in.State {
	case "":
		in.State = StateEnabled
	case StateEnabled, StateDisabled:
	case "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS":
		// OpenWatch has no CloudTrail feed to widen; the rule is enabled.
		in.State = StateEnabled
	default:
		return "", validation("1 validation error detected: Value '%s' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, DISABLED, ENABLED]", in.State)
	}
	bus := busName(in.EventBusName)
	if in.EventPattern != "" {
		if _, err := eventpattern.Parse(in.EventPattern); err != nil {
			return "", errInvalidPattern(err)
		}
	}
	if in.ScheduleExpression != "" {
		if _, err := schedule.Parse(in.ScheduleExpression); err != nil {
			return "", err
		}
		if bus != DefaultBus {
			return "", validation("ScheduleExpression is supported only on the default event bus.")
		}
	}
	if err := s.checkBus(ctx, c.AccountID, bus); err != nil {
		return "", err
	}
	tags, err := encodeTags(in.Tags)
	if err != nil {
		return "", err
	}
	r := model.EventRule{AccountID: c.AccountID, Bus: bus, Name: in.Name, EventPattern: in.EventPattern,
		ScheduleExpression: in.ScheduleExpression, State: in.State, Description: in.Description,
		RoleARN: in.RoleARN, Tags: tags, CreatedAt: s.now().UnixMilli()}
	if err := s.store.PutEventRule(ctx, r); err != nil {
		return "", err
	}
	s.rules.invalidate(c.AccountID, bus)
	return ruleARN(c.Region, c.AccountID, bus, in.Name), nil
}

func ruleView(c Caller, r model.EventRule) RuleView {
	return RuleView{Name: r.Name, ARN: ruleARN(c.Region, r.AccountID, r.Bus, r.Name), EventBusName: r.Bus,
		EventPattern: r.EventPattern, ScheduleExpression: r.ScheduleExpression, State: r.State,
		Description: r.Description, RoleARN: r.RoleARN, CreatedBy: r.AccountID}
}

// DescribeRule returns one rule.
func (s *Service) DescribeRule(ctx context.Context, c Caller, name, bus string) (RuleView, error) {
	if err := checkName("name", name, ruleNameRe); err != nil {
		return RuleView{}, err
	}
	bus = busName(bus)
	if err := s.checkBus(ctx, c.AccountID, bus); err != nil {
		return RuleView{}, err
	}
	r, err := s.store.GetEventRule(ctx, c.AccountID, bus, name)
	if err != nil {
		return RuleView{}, err
	}
	return ruleView(c, r), nil
}

// ListRulesInput is a ListRules request.
type ListRulesInput struct {
	NamePrefix, EventBusName, NextToken string
	Limit                               int32
}

// ListRules lists a bus's rules in name order.
func (s *Service) ListRules(ctx context.Context, c Caller, in ListRulesInput) ([]RuleView, string, error) {
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
	rules, err := s.store.ListEventRules(ctx, c.AccountID, bus, in.NamePrefix, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	rules, next := page(rules, limit, func(r model.EventRule) string { return r.Name })
	out := make([]RuleView, len(rules))
	for i, r := range rules {
		out[i] = ruleView(c, r)
	}
	return out, next, nil
}

// DeleteRule deletes a rule. A rule with targets is a ValidationException
// unless force is set; a rule that does not exist is no error.
func (s *Service) DeleteRule(ctx context.Context, c Caller, name, bus string, force bool) error {
	if err := checkName("name", name, ruleNameRe); err != nil {
		return err
	}
	bus = busName(bus)
	if err := s.checkBus(ctx, c.AccountID, bus); err != nil {
		return err
	}
	if err := s.store.DeleteEventRule(ctx, c.AccountID, bus, name, force); err != nil {
		return err
	}
	s.rules.invalidate(c.AccountID, bus)
	return nil
}

// SetRuleState enables (EnableRule) or disables (DisableRule) a rule.
func (s *Service) SetRuleState(ctx context.Context, c Caller, name, bus string, enabled bool) error {
	if err := checkName("name", name, ruleNameRe); err != nil {
		return err
	}
	bus = busName(bus)
	if err := s.checkBus(ctx, c.AccountID, bus); err != nil {
		return err
	}
	state := StateDisabled
	if enabled {
		state = StateEnabled
	}
	if err := s.store.SetEventRuleState(ctx, c.AccountID, bus, name, state); err != nil {
		return err
	}
	s.rules.invalidate(c.AccountID, bus)
	return nil
}

// TestEventPattern reports whether the event matches the pattern. The
// event must carry the envelope fields EventBridge requires.
func (s *Service) TestEventPattern(_ context.Context, pattern, event string) (bool, error) {
	if pattern == "" {
		return false, missing("eventPattern")
	}
	if event == "" {
		return false, missing("event")
	}
	p, err := eventpattern.Parse(pattern)
	if err != nil {
		return false, errInvalidPattern(err)
	}
	ev, err := eventpattern.ParseEvent([]byte(event))
	if err != nil {
		return false, validation("Parameter Event is not valid.")
	}
	if err := checkEnvelope([]byte(event)); err != nil {
		return false, err
	}
	return p.Match(ev), nil
}
