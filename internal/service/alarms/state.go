package alarms

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// SetAlarmStateInput is a SetAlarmState request.
type SetAlarmStateInput struct {
	AlarmName, StateValue, StateReason, StateReasonData string
}

// SetAlarmState sets the alarm's state until its next evaluation and
// records the change in its history.
func (s *Service) SetAlarmState(ctx context.Context, accountID string, in SetAlarmStateInput) error {
	switch {
	case in.AlarmName == "":
		return missing("AlarmName")
	case in.StateValue == "":
		return missing("StateValue")
	case !slices.Contains(states, in.StateValue):
		return invalid("The parameter StateValue must be one of %v.", states)
	case utf8.RuneCountInString(in.StateReason) > 1023:
		return invalid("The parameter StateReason must be shorter than 1024 characters.")
	case utf8.RuneCountInString(in.StateReasonData) > 4000:
		return invalid("The parameter StateReasonData must be shorter than 4001 characters.")
	case in.StateReasonData != "" && !json.Valid([]byte(in.StateReasonData)):
		return model.Errorf(model.ErrInvalidParameter, "StateReasonData must be valid JSON.")
	}
	recs, err := s.store.ListAlarms(ctx, accountID, model.AlarmQuery{Names: []string{in.AlarmName}})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return model.Errorf(model.ErrNotFound, "Alarm %s not found", in.AlarmName)
	}
	return s.transition(ctx, recs[0], in.StateValue, in.StateReason, in.StateReasonData)
}

// transition stores a new state of rec with its StateUpdate history item,
// then re-evaluates the composite alarms that reference rec.
func (s *Service) transition(ctx context.Context, rec model.Alarm, state, reason, data string) error {
	return s.transitionSeen(ctx, rec, state, reason, data, map[string]bool{})
}

// transitionSeen is transition within a chain of composite evaluations;
// seen holds the composites already evaluated, which breaks cycles.
func (s *Service) transitionSeen(ctx context.Context, rec model.Alarm, state, reason, data string, seen map[string]bool) error {
	now := s.now()
	old := rec.State
	hist, err := json.Marshal(map[string]any{
		"version":  "1.0",
		"oldState": map[string]string{"stateValue": old},
		"newState": map[string]any{"stateValue": state, "stateReason": reason},
	})
	if err != nil {
		return fmt.Errorf("cannot encode history of alarm %q: %w", rec.Name, err)
	}
	h := model.AlarmHistoryItem{
		AccountID: rec.AccountID, AlarmName: rec.Name, AlarmType: rec.Type, Timestamp: now.UnixMilli(),
		Type: HistoryStateUpdate, Summary: fmt.Sprintf("Alarm updated from %s to %s", old, state), Data: string(hist),
	}
	prev := model.Alarm{State: old, StateReason: rec.StateReason, StateReasonData: rec.StateReasonData, StateUpdated: rec.StateUpdated}
	rec.State, rec.StateReason, rec.StateReasonData, rec.StateUpdated = state, reason, data, now.UnixMilli()
	if err := s.store.SetAlarmState(ctx, rec, h); err != nil {
		return err
	}
	change := model.AlarmStateChange{
		Alarm: rec, ARN: s.ARN(rec.AccountID, rec.Name), Region: s.region, Time: now,
		PreviousState: prev.State, PreviousReason: prev.StateReason, PreviousReasonData: prev.StateReasonData, PreviousUpdated: prev.StateUpdated,
	}
	for _, o := range s.observers {
		o.AlarmStateChanged(ctx, change)
	}
	return s.updateParents(ctx, rec, seen)
}

func checkNames(names []string) error {
	if len(names) == 0 {
		return missing("AlarmNames")
	}
	if len(names) > maxRecords {
		return invalid("The collection AlarmNames must not have a size greater than %d.", maxRecords)
	}
	return nil
}

// DeleteAlarms deletes the named alarms that exist; when none of them
// exists the answer is model.ErrNotFound. A request may delete at most one
// composite alarm, and no alarm that a remaining composite references.
func (s *Service) DeleteAlarms(ctx context.Context, accountID string, names []string) error {
	if err := checkNames(names); err != nil {
		return err
	}
	composites, err := s.store.ListAlarms(ctx, accountID, model.AlarmQuery{Types: []string{TypeComposite}})
	if err != nil {
		return err
	}
	deleting := 0
	for _, c := range composites {
		if slices.Contains(names, c.Name) {
			deleting++
		}
	}
	if deleting > 1 {
		return invalid("A request can delete at most one composite alarm.")
	}
	for _, c := range composites {
		if slices.Contains(names, c.Name) {
			continue
		}
		refs, err := s.references(c)
		if err != nil {
			return err
		}
		for _, n := range names {
			if refs[n] {
				return invalid("Alarm %s is referenced by composite alarm %s and cannot be deleted.", n, c.Name)
			}
		}
	}
	n, err := s.store.DeleteAlarms(ctx, accountID, names)
	if err != nil {
		return err
	}
	if n == 0 {
		return model.Errorf(model.ErrNotFound, "Alarm(s) %v not found", names)
	}
	return nil
}

// SetActionsEnabled is EnableAlarmActions (true) or DisableAlarmActions.
func (s *Service) SetActionsEnabled(ctx context.Context, accountID string, names []string, enabled bool) error {
	if err := checkNames(names); err != nil {
		return err
	}
	return s.store.SetAlarmActionsEnabled(ctx, accountID, names, enabled)
}
