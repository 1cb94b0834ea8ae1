package alarms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/alarmeval"
	"github.com/openwatch/openwatch/internal/query/alarmrule"
)

// CompositeDefinition is a composite alarm's configuration, as
// PutCompositeAlarm gives it; it is stored as JSON.
type CompositeDefinition struct {
	AlarmName                        string   `json:"AlarmName"`
	AlarmDescription                 string   `json:"AlarmDescription,omitempty"`
	AlarmRule                        string   `json:"AlarmRule"`
	ActionsEnabled                   bool     `json:"ActionsEnabled"`
	OKActions                        []string `json:"OKActions,omitempty"`
	AlarmActions                     []string `json:"AlarmActions,omitempty"`
	InsufficientDataActions          []string `json:"InsufficientDataActions,omitempty"`
	ActionsSuppressor                string   `json:"ActionsSuppressor,omitempty"`
	ActionsSuppressorWaitPeriod      int      `json:"ActionsSuppressorWaitPeriod,omitempty"`
	ActionsSuppressorExtensionPeriod int      `json:"ActionsSuppressorExtensionPeriod,omitempty"`
}

// PutCompositeAlarmInput is a PutCompositeAlarm request.
type PutCompositeAlarmInput struct {
	CompositeDefinition
	Tags []Tag
}

// CompositeAlarm is a composite alarm with its state.
type CompositeAlarm struct {
	CompositeDefinition
	AlarmArn                           string
	AlarmConfigurationUpdatedTimestamp time.Time
	StateValue                         string
	StateReason, StateReasonData       string
	StateUpdatedTimestamp              time.Time
}

func (s *Service) decodeComposite(a model.Alarm) (CompositeAlarm, error) {
	var d CompositeDefinition
	if err := json.Unmarshal([]byte(a.Definition), &d); err != nil {
		return CompositeAlarm{}, fmt.Errorf("composite alarm %q has an unreadable definition: %w", a.Name, errors.Join(model.ErrCorruption, err))
	}
	d.ActionsEnabled = a.ActionsEnabled
	return CompositeAlarm{
		CompositeDefinition:                d,
		AlarmArn:                           s.ARN(a.AccountID, a.Name),
		AlarmConfigurationUpdatedTimestamp: time.UnixMilli(a.ConfigUpdated).UTC(),
		StateValue:                         a.State,
		StateReason:                        a.StateReason,
		StateReasonData:                    a.StateReasonData,
		StateUpdatedTimestamp:              time.UnixMilli(a.StateUpdated).UTC(),
	}, nil
}

// parseRule parses an AlarmRule, reporting errors as ValidationError.
func parseRule(src string) (*alarmrule.Rule, error) {
	r, err := alarmrule.Parse(src)
	if err != nil {
		return nil, model.Errorf(model.ErrValidation, "%s", err.Error())
	}
	return r, nil
}

// memberName is the alarm name a rule reference names in the account: the
// reference itself, or the name at the end of the account's alarm ARN.
func (s *Service) memberName(accountID, ref string) string {
	return strings.TrimPrefix(ref, s.ARN(accountID, ""))
}

func validateComposite(d *CompositeDefinition, tags []Tag) error {
	if d.AlarmName == "" {
		return missing("AlarmName")
	}
	if utf8.RuneCountInString(d.AlarmName) > maxNameLen {
		return invalid("The parameter AlarmName must be shorter than %d characters.", maxNameLen+1)
	}
	if utf8.RuneCountInString(d.AlarmDescription) > maxDescriptionLen {
		return invalid("The parameter AlarmDescription must be shorter than %d characters.", maxDescriptionLen+1)
	}
	if d.AlarmRule == "" {
		return missing("AlarmRule")
	}
	if err := checkActions(d.OKActions, d.AlarmActions, d.InsufficientDataActions); err != nil {
		return err
	}
	if d.ActionsSuppressor != "" && (d.ActionsSuppressorWaitPeriod == 0 || d.ActionsSuppressorExtensionPeriod == 0) {
		return combination("ActionsSuppressorWaitPeriod and ActionsSuppressorExtensionPeriod are required when ActionsSuppressor is set.")
	}
	if d.ActionsSuppressor == "" && (d.ActionsSuppressorWaitPeriod != 0 || d.ActionsSuppressorExtensionPeriod != 0) {
		return combination("ActionsSuppressorWaitPeriod and ActionsSuppressorExtensionPeriod can only be used with ActionsSuppressor.")
	}
	return checkTags(tags)
}

// PutCompositeAlarm creates or updates a composite alarm. Every alarm its
// rule references must exist; the new alarm's state follows at once from
// theirs.
func (s *Service) PutCompositeAlarm(ctx context.Context, accountID string, in PutCompositeAlarmInput) error {
	d := in.CompositeDefinition
	if err := validateComposite(&d, in.Tags); err != nil {
		return err
	}
	rule, err := parseRule(d.AlarmRule)
	if err != nil {
		return err
	}
	var names []string
	for _, ref := range rule.Referenced() {
		n := s.memberName(accountID, ref)
		if n == d.AlarmName {
			return invalid("The alarm rule of %s cannot reference the alarm itself.", d.AlarmName)
		}
		names = append(names, n)
	}
	found, err := s.store.ListAlarms(ctx, accountID, model.AlarmQuery{Names: names})
	if err != nil {
		return err
	}
	if missingNames := absent(names, found); len(missingNames) > 0 {
		return invalid("Could not save the composite alarm as alarms [%s] in the alarm rule do not exist", strings.Join(missingNames, ", "))
	}
	def, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("cannot encode alarm %q: %w", d.AlarmName, err)
	}
	tagJSON, err := encodeTags(d.AlarmName, in.Tags)
	if err != nil {
		return err
	}
	now := s.now().UnixMilli()
	rec := model.Alarm{
		AccountID: accountID, Name: d.AlarmName, Type: TypeComposite, Definition: string(def),
		State: string(alarmeval.StateInsufficientData), StateReason: "Unchecked: Initial alarm creation",
		StateUpdated: now, ConfigUpdated: now, ActionsEnabled: d.ActionsEnabled, Tags: tagJSON,
	}
	h := model.AlarmHistoryItem{
		AccountID: accountID, AlarmName: d.AlarmName, AlarmType: TypeComposite, Timestamp: now,
		Type: HistoryConfigurationUpdate, Summary: fmt.Sprintf("Alarm %q updated", d.AlarmName), Data: string(def),
	}
	if err := s.store.PutAlarm(ctx, rec, h); err != nil {
		return err
	}
	recs, err := s.store.ListAlarms(ctx, accountID, model.AlarmQuery{Names: []string{d.AlarmName}})
	if err != nil || len(recs) == 0 {
		return err
	}
	return s.evaluateComposite(ctx, recs[0], nil, map[string]bool{})
}

// absent returns the names that no record has.
func absent(names []string, recs []model.Alarm) []string {
	have := make(map[string]bool, len(recs))
	for _, r := range recs {
		have[r.Name] = true
	}
	var out []string
	for _, n := range names {
		if !have[n] {
			out = append(out, n)
		}
	}
	return out
}

// evaluateComposite sets the composite alarm rec to ALARM when its rule
// holds and to OK otherwise. trigger is the member change that caused the
// evaluation (nil right after PutCompositeAlarm); seen stops evaluation on
// a cycle.
func (s *Service) evaluateComposite(ctx context.Context, rec model.Alarm, trigger *model.Alarm, seen map[string]bool) error {
	if seen[rec.Name] {
		return nil
	}
	seen[rec.Name] = true
	c, err := s.decodeComposite(rec)
	if err != nil {
		return err
	}
	rule, err := parseRule(c.AlarmRule)
	if err != nil {
		return fmt.Errorf("composite alarm %q has an unreadable rule: %w", rec.Name, errors.Join(model.ErrCorruption, err))
	}
	refs := rule.Referenced()
	names := make([]string, len(refs))
	for i, ref := range refs {
		names[i] = s.memberName(rec.AccountID, ref)
	}
	members, err := s.store.ListAlarms(ctx, rec.AccountID, model.AlarmQuery{Names: names})
	if err != nil {
		return err
	}
	byName := make(map[string]model.Alarm, len(members))
	for _, m := range members {
		byName[m.Name] = m
	}
	states := make(map[string]alarmeval.State, len(refs))
	for i, ref := range refs {
		if m, ok := byName[names[i]]; ok {
			states[ref] = alarmeval.State(m.State)
		}
	}
	state := alarmeval.StateOK
	if rule.Eval(states) {
		state = alarmeval.StateAlarm
	}
	if string(state) == rec.State {
		return nil
	}
	// The reason names the member whose change decided the state; right
	// after creation, the first member that agrees with the outcome.
	t := trigger
	if t == nil {
		for _, n := range names {
			if m, ok := byName[n]; ok {
				t = &m
				if (m.State == string(alarmeval.StateAlarm)) == (state == alarmeval.StateAlarm) {
					break
				}
			}
		}
	}
	reason, data := "", ""
	if t != nil {
		tr := alarmrule.Trigger{ARN: s.ARN(t.AccountID, t.Name), State: alarmeval.State(t.State), Timestamp: time.UnixMilli(t.StateUpdated)}
		reason, data = alarmrule.Reason(tr), alarmrule.ReasonData([]alarmrule.Trigger{tr})
	}
	return s.transitionSeen(ctx, rec, string(state), reason, data, seen)
}

// updateParents re-evaluates the composite alarms whose rules reference
// the alarm that changed.
func (s *Service) updateParents(ctx context.Context, changed model.Alarm, seen map[string]bool) error {
	composites, err := s.store.ListAlarms(ctx, changed.AccountID, model.AlarmQuery{Types: []string{TypeComposite}})
	if err != nil {
		return err
	}
	var errs []error
	for _, rec := range composites {
		refs, err := s.references(rec)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if refs[changed.Name] {
			errs = append(errs, s.evaluateComposite(ctx, rec, &changed, seen))
		}
	}
	return errors.Join(errs...)
}

// references returns the names of the alarms a composite's rule
// references.
func (s *Service) references(rec model.Alarm) (map[string]bool, error) {
	c, err := s.decodeComposite(rec)
	if err != nil {
		return nil, err
	}
	rule, err := parseRule(c.AlarmRule)
	if err != nil {
		return nil, fmt.Errorf("composite alarm %q has an unreadable rule: %w", rec.Name, errors.Join(model.ErrCorruption, err))
	}
	out := map[string]bool{}
	for _, ref := range rule.Referenced() {
		out[s.memberName(rec.AccountID, ref)] = true
	}
	return out, nil
}
