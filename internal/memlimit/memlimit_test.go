package memlimit

import (
	"runtime/debug"
	"testing"
)

func TestHeapLimitIsNetOfMappedMemory(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer Set(0)
	const mib = 1 << 20
	runtimeLimit := func() int64 { return debug.SetMemoryLimit(-1) }

	steps := []struct {
		name      string
		do        func()
		wantLimit int64
	}{
		{"set", func() { Set(800 * mib) }, 800 * mib},
		{"map", func() { Map(100 * mib) }, 700 * mib},
		{"map more", func() { Map(300 * mib) }, 400 * mib},
		{"map past three quarters keeps a quarter", func() { Map(300 * mib) }, 200 * mib},
		{"unmap", func() { Map(-600 * mib) }, 700 * mib},
		{"a new limit counts what is mapped", func() { Set(1000 * mib) }, 900 * mib},
	}
	for _, s := range steps {
		s.do()
		if got := runtimeLimit(); got != s.wantLimit {
			t.Fatalf("%s: runtime limit %d MiB, want %d MiB", s.name, got/mib, s.wantLimit/mib)
		}
	}
	Map(-100 * mib)
	if got := runtimeLimit(); got != 1000*mib {
		t.Fatalf("with nothing mapped: runtime limit %d MiB, want 1000", got/mib)
	}
}

func TestWithoutALimitMappingLeavesTheRuntimeAlone(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	Set(0)
	before := debug.SetMemoryLimit(-1)
	Map(64 << 20)
	defer Map(-64 << 20)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Fatalf("runtime limit changed from %d to %d without a limit set", before, got)
	}
	// What was mapped meanwhile counts once a limit is set.
	defer Set(0)
	Set(256 << 20)
	if got := debug.SetMemoryLimit(-1); got != 192<<20 {
		t.Fatalf("runtime limit %d MiB after Set(256 MiB) with 64 MiB mapped, want 192", got>>20)
	}
}
