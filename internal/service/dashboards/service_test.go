package dashboards

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

const acct = "123456789012"

var clock = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newService() *Service {
	return New(newMemStore(), Options{Now: func() time.Time { return clock }})
}

func TestPutGet(t *testing.T) {
	s := newService()
	ctx := context.Background()
	body := "{ \"widgets\": [ ] ,\n \"start\": \"-PT3H\" }"
	if err := s.Put(ctx, acct, "My_dash-1", body); err != nil {
		t.Fatal(err)
	}
	d, err := s.Get(ctx, acct, "My_dash-1")
	if err != nil || d.Body != body || d.LastModified != clock.UnixMilli() {
		t.Fatalf("get: %+v %v", d, err)
	}
	if _, err := s.Get(ctx, acct, "other"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("unknown dashboard: %v", err)
	}
	if got := ARN(acct, "My_dash-1"); got != "arn:aws:cloudwatch::123456789012:dashboard/My_dash-1" {
		t.Fatalf("ARN %s", got)
	}
}

func TestPutRejects(t *testing.T) {
	s := newService()
	ctx := context.Background()
	for _, tc := range []struct {
		name, dash, body string
		kind             error
	}{
		{"no name", "", `{"widgets":[]}`, model.ErrMissingParameter},
		{"space in name", "my dash", `{"widgets":[]}`, model.ErrInvalidParameter},
		{"dot in name", "my.dash", `{"widgets":[]}`, model.ErrInvalidParameter},
		{"long name", strings.Repeat("a", 256), `{"widgets":[]}`, model.ErrInvalidParameter},
		{"no body", "d", "", model.ErrMissingParameter},
	} {
		if err := s.Put(ctx, acct, tc.dash, tc.body); !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	err := s.Put(ctx, acct, "d", `{"widgets":[{"type":"graph","properties":{}}]}`)
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Messages) != 1 || ve.Messages[0].DataPath != "/widgets/0/type" {
		t.Fatalf("invalid body: %v", err)
	}
	if _, err := s.Get(ctx, acct, "d"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("a refused body was stored: %v", err)
	}
}

func TestListPages(t *testing.T) {
	s := newService()
	ctx := context.Background()
	for i := range listPageSize + 5 {
		if err := s.Put(ctx, acct, fmt.Sprintf("d%04d", i), `{"widgets":[]}`); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Put(ctx, acct, "x", `{"widgets":[]}`); err != nil {
		t.Fatal(err)
	}
	page, next, err := s.List(ctx, acct, "d", "")
	if err != nil || len(page) != listPageSize || next == "" {
		t.Fatalf("first page: %d entries, next %q, %v", len(page), next, err)
	}
	if e := page[0]; e.Name != "d0000" || e.ARN != ARN(acct, "d0000") || e.Size != 14 || !e.LastModified.Equal(clock) {
		t.Fatalf("entry %+v", e)
	}
	rest, next, err := s.List(ctx, acct, "d", next)
	if err != nil || len(rest) != 5 || next != "" || rest[0].Name != "d1000" {
		t.Fatalf("second page: %+v %q %v", rest, next, err)
	}
	if _, _, err := s.List(ctx, acct, "", "!!"); !errors.Is(err, model.ErrInvalidNextToken) {
		t.Fatalf("bad token: %v", err)
	}
	if _, _, err := s.List(ctx, acct, "a b", ""); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("bad prefix: %v", err)
	}
}

func TestDelete(t *testing.T) {
	s := newService()
	ctx := context.Background()
	for _, n := range []string{"a", "b"} {
		if err := s.Put(ctx, acct, n, `{"widgets":[]}`); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(ctx, acct, nil); !errors.Is(err, model.ErrMissingParameter) {
		t.Fatalf("no names: %v", err)
	}
	if err := s.Delete(ctx, acct, []string{"a", "missing"}); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("unknown name: %v", err)
	}
	if _, err := s.Get(ctx, acct, "a"); err != nil {
		t.Fatalf("a was deleted by a failed call: %v", err)
	}
	if err := s.Delete(ctx, acct, []string{"a", "b", "a"}); err != nil {
		t.Fatal(err)
	}
	if page, _, _ := s.List(ctx, acct, "", ""); len(page) != 0 {
		t.Fatalf("left: %+v", page)
	}
}
