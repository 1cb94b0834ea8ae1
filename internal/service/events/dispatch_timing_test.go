package events

import (
	"context"
	"fmt"
	"testing"
	"time"
)

type discardLogs struct{}

func (discardLogs) WriteLogEvent(context.Context, string, string, string, string, int64, string) error {
	return nil
}

// BenchmarkDispatch matches one event against a bus of 100 rules, one of
// which matches and delivers through an input transformer: the work each
// event costs a delivery goroutine once the rules are cached.
func BenchmarkDispatch(b *testing.B) {
	store := newMemStore()
	s := New(store, Options{Logs: discardLogs{}, RuleCacheTTL: time.Hour})
	defer s.Close(context.Background())
	ctx := context.Background()
	for i := range 100 {
		name := fmt.Sprintf("r%03d", i)
		pattern := fmt.Sprintf(`{"source":["svc.%d"],"detail":{"status":[{"numeric":[">=",500]}],"path":[{"prefix":"/api/"}]}}`, i)
		if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: name, EventPattern: pattern}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: name, Targets: []Target{{ID: "g", ARN: "arn:aws:logs:eu-west-1:111111111111:log-group:g",
			InputTransformer: &InputTransformer{InputPathsMap: map[string]string{"p": "$.detail.path"}, InputTemplate: `{"path":"<p>"}`}}}}); err != nil {
			b.Fatal(err)
		}
	}
	env := newEnvelope(newEventID(), caller.AccountID, caller.Region, "svc.42", "request", time.Now(), nil,
		[]byte(`{"status":503,"path":"/api/orders","latency_ms":1200,"user":{"id":"u-1","plan":"pro"}}`))
	raw, err := env.marshal()
	if err != nil {
		b.Fatal(err)
	}
	p := pending{accountID: caller.AccountID, bus: DefaultBus, id: env.ID, raw: raw, time: time.Now(), ingested: time.Now()}
	s.dispatch(p) // fill the rule cache
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	b.ResetTimer()
	for b.Loop() {
		s.dispatch(p)
	}
}
