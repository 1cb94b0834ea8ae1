package delivery

import (
	"context"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// BenchmarkRunOnce measures the deliverer's own cost per delivery (outbox
// bookkeeping and fan-out to workers) with a transport that does nothing.
func BenchmarkRunOnce(b *testing.B) {
	nop := transportFunc(func(context.Context, model.Delivery) error { return nil })
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		ob := newMemOutbox()
		d := New(ob, Options{Transports: map[string]Transport{"http": nop}})
		for range batchSize {
			if err := d.Enqueue(ctx, Delivery{URL: "http://127.0.0.1:1/hook", Body: `{"Type":"Notification"}`}); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if err := d.RunOnce(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batchSize), "ns/delivery")
}
