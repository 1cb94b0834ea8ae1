package catalog

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestEventBuses(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	const acct = "111111111111"
	for _, name := range []string{"orders", "billing", "orders-eu"} {
		if err := c.CreateEventBus(ctx, model.EventBus{AccountID: acct, Name: name, Tags: "{}", CreatedAt: 1, LastModified: 1}); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, c.CreateEventBus(ctx, model.EventBus{AccountID: acct, Name: "orders", Tags: "{}"}), model.ErrAlreadyExists, "Event bus orders already exists.")
	if err := c.CreateEventBus(ctx, model.EventBus{AccountID: "222222222222", Name: "orders", Tags: "{}"}); err != nil {
		t.Fatalf("same name in another account: %v", err)
	}
	_, err := c.GetEventBus(ctx, acct, "nope")
	wantErr(t, err, model.ErrNotFound, "Event bus nope does not exist.")

	names := func(bs []model.EventBus) string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Name)
		}
		return fmt.Sprint(out)
	}
	tests := []struct {
		prefix, after string
		limit         int
		want          string
	}{
		{"", "", 0, "[billing orders orders-eu]"},
		{"orders", "", 0, "[orders orders-eu]"},
		{"", "billing", 1, "[orders]"},
		{"x", "", 0, "[]"},
	}
	for _, tc := range tests {
		got, err := c.ListEventBuses(ctx, acct, tc.prefix, tc.after, tc.limit)
		if err != nil || names(got) != tc.want {
			t.Errorf("ListEventBuses(%q, %q, %d) = %s, %v; want %s", tc.prefix, tc.after, tc.limit, names(got), err, tc.want)
		}
	}

	// Deleting a bus takes its rules and targets with it.
	if err := c.PutEventRule(ctx, model.EventRule{AccountID: acct, Bus: "orders", Name: "r", EventPattern: `{"source":["a"]}`, State: "ENABLED", Tags: "{}"}); err != nil {
		t.Fatal(err)
	}
	if err := c.PutEventTargets(ctx, acct, "orders", "r", []model.EventTarget{{ID: "t", ARN: "arn:x", Definition: "{}"}}, 5); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteEventBus(ctx, acct, "orders"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetEventRule(ctx, acct, "orders", "r"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("rule after its bus was deleted: %v", err)
	}
	if ts, _ := c.ListEventTargets(ctx, acct, "orders", "r"); len(ts) != 0 {
		t.Fatalf("targets after their bus was deleted: %v", ts)
	}
	if err := c.DeleteEventBus(ctx, acct, "orders"); err != nil {
		t.Fatalf("deleting a missing bus: %v", err)
	}
}

func TestEventRulesAndTargets(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	const acct, bus = "111111111111", "default"
	rule := model.EventRule{AccountID: acct, Bus: bus, Name: "r1", EventPattern: `{"source":["a"]}`, State: "ENABLED", Description: "first", Tags: "{}", CreatedAt: 10}
	if err := c.PutEventRule(ctx, rule); err != nil {
		t.Fatal(err)
	}
	// A put replaces every field but the creation time.
	rule.Description, rule.State, rule.CreatedAt, rule.ScheduleExpression = "second", "DISABLED", 99, "rate(5 minutes)"
	if err := c.PutEventRule(ctx, rule); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetEventRule(ctx, acct, bus, "r1")
	if err != nil || got.Description != "second" || got.State != "DISABLED" || got.CreatedAt != 10 || got.ScheduleExpression != "rate(5 minutes)" {
		t.Fatalf("replaced rule: %+v %v", got, err)
	}
	wantErr(t, c.SetEventRuleState(ctx, acct, bus, "nope", "ENABLED"), model.ErrNotFound, "Rule nope does not exist on EventBus default.")
	if err := c.SetEventRuleState(ctx, acct, bus, "r1", "ENABLED"); err != nil {
		t.Fatal(err)
	}
	sched, err := c.ListScheduledEventRules(ctx)
	if err != nil || len(sched) != 1 || sched[0].State != "ENABLED" {
		t.Fatalf("scheduled rules: %+v %v", sched, err)
	}

	wantErr(t, c.PutEventTargets(ctx, acct, bus, "nope", []model.EventTarget{{ID: "a", ARN: "x"}}, 5), model.ErrNotFound, "")
	var five []model.EventTarget
	for i := range 5 {
		five = append(five, model.EventTarget{ID: fmt.Sprintf("t%d", i), ARN: fmt.Sprintf("arn:%d", i%2), Definition: "{}"})
	}
	if err := c.PutEventTargets(ctx, acct, bus, "r1", five, 5); err != nil {
		t.Fatal(err)
	}
	// Replacing an id stays within the limit; a sixth id does not, and
	// changes nothing.
	if err := c.PutEventTargets(ctx, acct, bus, "r1", []model.EventTarget{{ID: "t0", ARN: "arn:new", Definition: `{"Input":"1"}`}}, 5); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.PutEventTargets(ctx, acct, bus, "r1", []model.EventTarget{{ID: "t1", ARN: "arn:changed"}, {ID: "t9", ARN: "arn:9"}}, 5), model.ErrLimitExceeded, "")
	ts, err := c.ListEventTargets(ctx, acct, bus, "r1")
	if err != nil || len(ts) != 5 || ts[0].ARN != "arn:new" || ts[0].Definition != `{"Input":"1"}` || ts[1].ARN != "arn:1" {
		t.Fatalf("targets: %+v %v", ts, err)
	}
	if err := c.PutEventRule(ctx, model.EventRule{AccountID: acct, Bus: bus, Name: "r0", EventPattern: "{}", State: "ENABLED", Tags: "{}"}); err != nil {
		t.Fatal(err)
	}
	if err := c.PutEventTargets(ctx, acct, bus, "r0", []model.EventTarget{{ID: "x", ARN: "arn:1", Definition: "{}"}}, 5); err != nil {
		t.Fatal(err)
	}
	byARN, err := c.ListRuleNamesByTarget(ctx, acct, bus, "arn:1", "", 0)
	if err != nil || fmt.Sprint(byARN) != "[r0 r1]" {
		t.Fatalf("rules by target: %v %v", byARN, err)
	}
	if page, _ := c.ListRuleNamesByTarget(ctx, acct, bus, "arn:1", "r0", 1); fmt.Sprint(page) != "[r1]" {
		t.Fatalf("rules by target after r0: %v", page)
	}
	all, err := c.ListBusEventTargets(ctx, acct, bus)
	if err != nil || len(all) != 6 || all[0].Rule != "r0" {
		t.Fatalf("bus targets: %+v %v", all, err)
	}
	rules, err := c.ListEventRules(ctx, acct, bus, "r", "r0", 0)
	if err != nil || len(rules) != 1 || rules[0].Name != "r1" {
		t.Fatalf("rules after r0: %+v %v", rules, err)
	}

	wantErr(t, c.DeleteEventRule(ctx, acct, bus, "r1", false), model.ErrValidation, "Rule can't be deleted since it has targets.")
	if err := c.RemoveEventTargets(ctx, acct, bus, "r1", []string{"t0", "t1", "t2", "t3", "t4", "unknown"}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteEventRule(ctx, acct, bus, "r1", false); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteEventRule(ctx, acct, bus, "r0", true); err != nil {
		t.Fatalf("forced delete: %v", err)
	}
	if left, _ := c.ListBusEventTargets(ctx, acct, bus); len(left) != 0 {
		t.Fatalf("targets left: %v", left)
	}
	if err := c.DeleteEventRule(ctx, acct, bus, "r0", false); err != nil {
		t.Fatalf("deleting a missing rule: %v", err)
	}
}

func TestEventConnectionsAndDestinations(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	const acct = "111111111111"
	conn := model.EventConnection{AccountID: acct, Name: "hook", AuthorizationType: "API_KEY", AuthParameters: `{"k":"v"}`, State: "AUTHORIZED", CreatedAt: 1, LastModified: 2}
	if err := c.CreateEventConnection(ctx, conn); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.CreateEventConnection(ctx, conn), model.ErrAlreadyExists, "")
	got, err := c.GetEventConnection(ctx, acct, "hook")
	if err != nil || got != conn {
		t.Fatalf("connection: %+v %v", got, err)
	}
	if l, _ := c.ListEventConnections(ctx, acct, "ho", "", 0); len(l) != 1 {
		t.Fatalf("connections: %v", l)
	}
	dest := model.EventAPIDestination{AccountID: acct, Name: "d", ConnectionARN: "arn:c", InvocationEndpoint: "http://127.0.0.1/x", HTTPMethod: "POST", RateLimitPerSecond: 3, State: "ACTIVE"}
	if err := c.CreateEventAPIDestination(ctx, dest); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.CreateEventAPIDestination(ctx, dest), model.ErrAlreadyExists, "")
	if d, err := c.GetEventAPIDestination(ctx, acct, "d"); err != nil || d != dest {
		t.Fatalf("destination: %+v %v", d, err)
	}
	if l, _ := c.ListEventAPIDestinations(ctx, acct, "", "", 0); len(l) != 1 {
		t.Fatalf("destinations: %v", l)
	}
	if err := c.DeleteEventAPIDestination(ctx, acct, "d"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.DeleteEventAPIDestination(ctx, acct, "d"), model.ErrNotFound, "")
	if err := c.DeleteEventConnection(ctx, acct, "hook"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.DeleteEventConnection(ctx, acct, "hook"), model.ErrNotFound, "")
	_, err = c.GetEventConnection(ctx, acct, "hook")
	wantErr(t, err, model.ErrNotFound, "")
}
