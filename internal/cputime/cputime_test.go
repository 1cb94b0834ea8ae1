package cputime

import (
	"runtime"
	"testing"
)

func TestProcessGrows(t *testing.T) {
	before := Process()
	if before == 0 && runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("the platform does not tell the process's CPU time")
	}
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	if after := Process(); after <= before {
		t.Fatalf("CPU time went from %v to %v over a busy loop (%d)", before, after, x)
	}
}
