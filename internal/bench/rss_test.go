package bench

import (
	"os"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	tests := []struct {
		name string
		stat string
		want time.Duration
		ok   bool
	}{
		{"plain", "1234 (openwatch) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 8 0 100 1000 50", 3250 * time.Millisecond, true},
		{"command with spaces and parens", "99 (a) b (c) R 1 99 99 0 -1 0 0 0 0 0 7 3 0 0", 100 * time.Millisecond, true},
		{"no command", "1234 S 1 2 3", 0, false},
		{"too short", "1 (x) S 1 2 3", 0, false},
		{"not a number", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 abc 3", 0, false},
	}
	for _, tt := range tests {
		got, err := parseStatCPU([]byte(tt.stat))
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%s: parseStatCPU = %v, %v; want %v, ok=%v", tt.name, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseVmHWM(t *testing.T) {
	tests := []struct {
		status string
		want   int64
		ok     bool
	}{
		{"Name:\tx\nVmPeak:\t  100 kB\nVmHWM:\t    2048 kB\nVmRSS:\t 1024 kB\n", 2048 << 10, true},
		{"Name:\tx\n", 0, false},
		{"VmHWM:\t2048 MB\n", 0, false},
		{"VmHWM:\tlots kB\n", 0, false},
	}
	for _, tt := range tests {
		got, err := parseVmHWM([]byte(tt.status))
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseVmHWM(%q) = %v, %v; want %v, ok=%v", tt.status, got, err, tt.want, tt.ok)
		}
	}
}

func TestOwnProcessFigures(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	cpu, err := processCPU(os.Getpid())
	if err != nil || cpu < 0 {
		t.Fatalf("processCPU = %v, %v", cpu, err)
	}
	rss, err := peakRSS(os.Getpid())
	if err != nil || rss < 1<<20 {
		t.Fatalf("peakRSS = %d, %v; a Go test binary uses more than 1 MiB", rss, err)
	}
	before, err := selfCPU()
	if err != nil {
		t.Fatal(err)
	}
	x := 0
	for deadline := time.Now().Add(30 * time.Millisecond); time.Now().Before(deadline); {
		x++
	}
	after, err := selfCPU()
	if err != nil || after <= before || x == 0 {
		t.Fatalf("selfCPU did not advance while spinning: %v then %v (%v)", before, after, err)
	}
}

func FuzzParseStatCPU(f *testing.F) {
	f.Add([]byte("1234 (openwatch) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0"))
	f.Add([]byte("1 ())) S"))
	f.Add([]byte("1 (x) S 1 1 1 0 -1 0 0 0 0 0 -5 3"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := parseStatCPU(b); err == nil && d < 0 {
			t.Fatalf("negative CPU time %v from %q", d, b)
		}
	})
}

func FuzzParseVmHWM(f *testing.F) {
	f.Add([]byte("VmHWM:\t    2048 kB\n"))
	f.Add([]byte("VmHWM:"))
	f.Add([]byte("VmHWM: -4 kB"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if n, err := parseVmHWM(b); err == nil && (n < 0 || n%1024 != 0) {
			t.Fatalf("parseVmHWM(%q) = %d, not a whole number of KiB", b, n)
		}
	})
}
