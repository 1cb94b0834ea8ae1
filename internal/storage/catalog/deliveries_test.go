package catalog

import (
	"context"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestDeliveryOutbox(t *testing.T) {
	c, path := newCatalog(t)
	ctx := context.Background()
	if _, ok, err := c.NextDeliveryDue(ctx); err != nil || ok {
		t.Fatalf("empty outbox: ok=%v err=%v", ok, err)
	}
	enqueue := func(url string, due int64) int64 {
		t.Helper()
		method := ""
		if strings.HasSuffix(url, "/b") {
			method = "PUT"
		}
		id, err := c.EnqueueDelivery(ctx, model.Delivery{AccountID: acct, URL: url, Method: method, Headers: map[string]string{"X-Test": url},
			Body: `{"n":"` + url + `"}`, Source: "arn:aws:sns:us-east-1:" + acct + ":ops", NextAttempt: due, CreatedAt: 1})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a := enqueue("http://127.0.0.1:1/a", 100)
	b := enqueue("http://127.0.0.1:1/b", 50)
	enqueue("http://127.0.0.1:1/c", 300)

	due := func(now int64) []model.Delivery {
		t.Helper()
		ds, err := c.DueDeliveries(ctx, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	if ds := due(100); len(ds) != 2 || ds[0].ID != b || ds[1].ID != a || ds[1].Headers["X-Test"] != "http://127.0.0.1:1/a" ||
		ds[0].Method != "PUT" || ds[1].Method != "POST" {
		t.Fatalf("due at 100: %+v", ds)
	}
	if at, ok, err := c.NextDeliveryDue(ctx); err != nil || !ok || at != 50 {
		t.Fatalf("next due = %d %v %v", at, ok, err)
	}

	if err := c.RetryDelivery(ctx, b, 1, 200, "status 500"); err != nil {
		t.Fatal(err)
	}
	if ds := due(100); len(ds) != 1 || ds[0].ID != a {
		t.Fatalf("due after retry: %+v", ds)
	}
	if err := c.CompleteDelivery(ctx, a); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.CompleteDelivery(ctx, a), model.ErrNotFound, "")

	// The outbox survives a reopen, as a restart must resume it.
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c = openAt(t, path)
	ds := due(250)
	if len(ds) != 1 || ds[0].ID != b || ds[0].Attempts != 1 || ds[0].LastError != "status 500" {
		t.Fatalf("due after reopen: %+v", ds)
	}

	if err := c.DeadLetterDelivery(ctx, b, 5, "gave up after 5 attempts: status 500", 400); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.DeadLetterDelivery(ctx, b, 5, "again", 400), model.ErrNotFound, "")
	if ds := due(1000); len(ds) != 1 || ds[0].URL != "http://127.0.0.1:1/c" {
		t.Fatalf("due after dead letter: %+v", ds)
	}
	dl, err := c.ListDeadLetters(ctx, acct, 0)
	if err != nil || len(dl) != 1 {
		t.Fatalf("dead letters: %+v %v", dl, err)
	}
	if d := dl[0]; d.URL != "http://127.0.0.1:1/b" || d.Attempts != 5 || d.Reason != "gave up after 5 attempts: status 500" ||
		d.FailedAt != 400 || d.Body != `{"n":"http://127.0.0.1:1/b"}` || d.Headers["X-Test"] != d.URL {
		t.Fatalf("dead letter: %+v", d)
	}
	if dl, err := c.ListDeadLetters(ctx, "222222222222", 0); err != nil || len(dl) != 0 {
		t.Fatalf("another account's dead letters: %+v %v", dl, err)
	}
}

func TestAddAlarmHistory(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	h := model.AlarmHistoryItem{AccountID: acct, AlarmName: "cpu", AlarmType: "MetricAlarm", Timestamp: 7, Type: "Action",
		Summary: "Successfully executed action arn:aws:sns:us-east-1:" + acct + ":ops", Data: `{"actionState":"Succeeded"}`}
	if err := c.AddAlarmHistory(ctx, h); err != nil {
		t.Fatal(err)
	}
	got, err := c.ListAlarmHistory(ctx, acct, model.AlarmHistoryQuery{AlarmName: "cpu", Type: "Action"})
	if err != nil || len(got) != 1 || got[0].Summary != h.Summary || got[0].Data != h.Data {
		t.Fatalf("history: %+v %v", got, err)
	}
}
