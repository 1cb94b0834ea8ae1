package metrics

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestValidStatistic(t *testing.T) {
	valid := []string{
		"SampleCount", "Average", "Sum", "Minimum", "Maximum", "IQM",
		"p0", "p50", "p99", "p99.9", "p99.99", "p100", "p100.0",
		"tm90", "wm99.5", "tc10", "ts75",
		"TM(10%:90%)", "TM(:95%)", "WM(5%:)", "TC(0.005:0.030)", "TS(-10:10)", "PR(:300)", "PR(100:2000)", "TM(150:1000)",
	}
	invalid := []string{
		"", "sum", "Median", "p", "p101", "p99.999", "p-1", "p99.", "p.5", "P99", "pp99",
		"tm", "tm101", "TM", "TM()", "TM(:)", "TM(90%:10%)", "TM(10%:90)", "TM(10:90%)", "PR(10%:90%)",
		"TM(a:b)", "TM(1e3:2e3)", "TM(10%:90%", "TM10%:90%)", "TM(500:100)", "IQM ", "xx(1:2)",
	}
	for _, s := range valid {
		if !ValidStatistic(s) {
			t.Errorf("ValidStatistic(%q) = false", s)
		}
	}
	for _, s := range invalid {
		if ValidStatistic(s) {
			t.Errorf("ValidStatistic(%q) = true", s)
		}
	}
}

func FuzzValidStatistic(f *testing.F) {
	for _, s := range []string{"p99.9", "TM(10%:90%)", "PR(:300)", "tm90", "IQM", "TC(0.005:0.030)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Whatever it says, it must not panic; and a valid statistic is
		// never longer than the bounds allow.
		if ValidStatistic(s) && len(s) > 2+2+2*33 {
			t.Fatalf("%q (%d bytes) accepted", s, len(s))
		}
	})
}

func TestParallel(t *testing.T) {
	svc := New(newFakeStore(), Options{Concurrency: 3})
	var sum atomic.Int64
	if err := svc.parallel(context.Background(), 100, func(_ context.Context, i int) error {
		sum.Add(int64(i))
		return nil
	}); err != nil || sum.Load() != 4950 {
		t.Fatalf("sum %d, %v", sum.Load(), err)
	}
	boom := errors.New("boom")
	var calls atomic.Int64
	err := svc.parallel(context.Background(), 1000, func(ctx context.Context, i int) error {
		calls.Add(1)
		if i == 5 {
			return boom
		}
		return ctx.Err()
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v", err)
	}
	if calls.Load() == 1000 {
		t.Fatalf("every call ran after a failure")
	}
}
