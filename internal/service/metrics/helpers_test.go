package metrics

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

const testAccount = "123456789012"

// testNow is the service clock in tests: a whole hour.
var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func nowMs() int64 { return testNow.UnixMilli() }

func newTestService(store MetricStore) *Service {
	return New(store, Options{Now: func() time.Time { return testNow }, Concurrency: 2})
}

func ptr[T any](v T) *T { return &v }

func dims(kv ...string) []model.Dimension {
	var out []model.Dimension
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, model.Dimension{Name: kv[i], Value: kv[i+1]})
	}
	return out
}

// wantErr checks that err has the given kind and a message containing msg.
func wantErr(t *testing.T, label string, err, kind error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: succeeded, want %v error %q", label, kind, msg)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("%s: error %v is not %v", label, err, kind)
	}
	var me *model.Error
	if !errors.As(err, &me) {
		t.Fatalf("%s: error %v is not a *model.Error", label, err)
	}
	if !strings.Contains(me.Message, msg) {
		t.Fatalf("%s: message %q lacks %q", label, me.Message, msg)
	}
}

// kindIs reports the exact kind of err, telling apart the refinements of
// ErrInvalidParameter.
func kindIs(err, kind error) bool {
	var me *model.Error
	return errors.As(err, &me) && me.Kind == kind
}
