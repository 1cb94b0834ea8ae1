package catalog

import (
	"context"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestAlarms(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	put := func(name, typ string) {
		t.Helper()
		a := model.Alarm{AccountID: acct, Name: name, Type: typ, Definition: `{}`, State: "INSUFFICIENT_DATA",
			StateReason: "Unchecked: Initial alarm creation", StateUpdated: 1, ConfigUpdated: 1, ActionsEnabled: true, Tags: "[]"}
		h := model.AlarmHistoryItem{AccountID: acct, AlarmName: name, AlarmType: typ, Timestamp: 1, Type: "ConfigurationUpdate", Summary: "Alarm \"" + name + "\" created", Data: "{}"}
		if err := c.PutAlarm(ctx, a, h); err != nil {
			t.Fatal(err)
		}
	}
	put("cpu-high", "MetricAlarm")
	put("cpu-low", "MetricAlarm")
	put("disk", "MetricAlarm")
	put("all", "CompositeAlarm")

	if err := c.SetAlarmState(ctx, model.Alarm{AccountID: acct, Name: "cpu-high", State: "ALARM", StateReason: "r", StateReasonData: "{}", StateUpdated: 2},
		model.AlarmHistoryItem{AccountID: acct, AlarmName: "cpu-high", AlarmType: "MetricAlarm", Timestamp: 2, Type: "StateUpdate", Summary: "s", Data: "{}"}); err != nil {
		t.Fatal(err)
	}
	err := c.SetAlarmState(ctx, model.Alarm{AccountID: acct, Name: "nope", State: "OK"}, model.AlarmHistoryItem{AccountID: acct})
	wantErr(t, err, model.ErrNotFound, "Alarm nope does not exist.")
	// An update keeps the state.
	put("cpu-high", "MetricAlarm")

	tests := []struct {
		name string
		q    model.AlarmQuery
		want string
	}{
		{"all", model.AlarmQuery{}, "all cpu-high cpu-low disk"},
		{"prefix", model.AlarmQuery{Prefix: "cpu"}, "cpu-high cpu-low"},
		{"names", model.AlarmQuery{Names: []string{"disk", "all", "x"}}, "all disk"},
		{"state", model.AlarmQuery{State: "ALARM"}, "cpu-high"},
		{"types", model.AlarmQuery{Types: []string{"CompositeAlarm"}}, "all"},
		{"page", model.AlarmQuery{After: "cpu-high", Limit: 1}, "cpu-low"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.ListAlarms(ctx, acct, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var names string
			for i, a := range got {
				if i > 0 {
					names += " "
				}
				names += a.Name
			}
			if names != tt.want {
				t.Fatalf("got %q, want %q", names, tt.want)
			}
		})
	}
	if got, err := c.ListAlarms(ctx, "222222222222", model.AlarmQuery{}); err != nil || len(got) != 0 {
		t.Fatalf("other account: %v %v", got, err)
	}

	if err := c.SetAlarmActionsEnabled(ctx, acct, []string{"disk"}, false); err != nil {
		t.Fatal(err)
	}
	got, err := c.ListAlarms(ctx, "", model.AlarmQuery{Names: []string{"disk"}})
	if err != nil || len(got) != 1 || got[0].ActionsEnabled {
		t.Fatalf("disk after disable: %+v %v", got, err)
	}
	if n, err := c.DeleteAlarms(ctx, acct, []string{"disk", "missing"}); err != nil || n != 1 {
		t.Fatalf("delete: %d %v", n, err)
	}

	hist, err := c.ListAlarmHistory(ctx, acct, model.AlarmHistoryQuery{AlarmName: "cpu-high"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 3 || hist[1].Type != "StateUpdate" || hist[0].ID <= hist[1].ID {
		t.Fatalf("history newest first: %+v", hist)
	}
	page, err := c.ListAlarmHistory(ctx, acct, model.AlarmHistoryQuery{Type: "ConfigurationUpdate", Ascending: true, AfterID: hist[2].ID, Limit: 1})
	if err != nil || len(page) != 1 || page[0].AlarmName != "cpu-low" {
		t.Fatalf("history page: %+v %v", page, err)
	}
	if got, err := c.ListAlarmHistory(ctx, acct, model.AlarmHistoryQuery{AlarmTypes: []string{"CompositeAlarm"}}); err != nil || len(got) != 1 || got[0].AlarmName != "all" {
		t.Fatalf("history by alarm type: %+v %v", got, err)
	}
	if got, err := c.ListAlarmHistory(ctx, acct, model.AlarmHistoryQuery{Start: 2, End: 2}); err != nil || len(got) != 1 {
		t.Fatalf("history by time: %+v %v", got, err)
	}
}
