package insights

import (
	"context"
	"errors"
	"io"
	"sync/atomic"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/exec"
)

// TestScanSourceIsPulledOrPushed reads a source both ways, and checks that
// a source read one way refuses the other instead of waiting forever.
func TestScanSourceIsPulledOrPushed(t *testing.T) {
	_, st := fixture()
	groups := []scanGroup{{group: model.LogGroup{ID: 1, Name: "/app/api"}}, {group: model.LogGroup{ID: 2, Name: "/app/worker"}}}
	newSource := func() *scanSource {
		var scanned, bytes atomic.Int64
		return newScanSource(t.Context(), st, groups, &scanPlan{}, 0, 0, 2, &scanned, &bytes)
	}

	pulled := newSource()
	rows := 0
	for {
		eb, err := pulled.NextBatch(t.Context())
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows += eb.Batch.Len()
	}
	if rows != 3 || pulled.scanned.Load() != 3 {
		t.Fatalf("pulled %d rows, counted %d; want 3", rows, pulled.scanned.Load())
	}
	if err := pulled.Push(t.Context(), 2, func(int, *exec.EventBatch) error { return nil }); err == nil {
		t.Fatal("Push after pulling succeeded")
	}

	pushed := newSource()
	var pushedRows atomic.Int64
	if err := pushed.Push(t.Context(), 2, func(w int, eb *exec.EventBatch) error {
		if w < 0 || w >= 2 {
			t.Errorf("worker %d of 2", w)
		}
		pushedRows.Add(int64(eb.Batch.Len()))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if pushedRows.Load() != 3 {
		t.Fatalf("pushed %d rows, want 3", pushedRows.Load())
	}
	if _, err := pushed.NextBatch(t.Context()); err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("NextBatch after pushing = %v, want an error", err)
	}
	if err := pushed.Push(t.Context(), 2, func(int, *exec.EventBatch) error { return nil }); err == nil {
		t.Fatal("a second Push succeeded")
	}

	// An error of the worker and the end of the context both come back.
	stop := errors.New("stop")
	if err := newSource().Push(t.Context(), 2, func(int, *exec.EventBatch) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("Push = %v, want %v", err, stop)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := newSource().Push(ctx, 2, func(int, *exec.EventBatch) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("Push with a cancelled context = %v", err)
	}
}
