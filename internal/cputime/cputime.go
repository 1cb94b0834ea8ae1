// Package cputime reads the CPU time of the process, for benchmarks that
// report CPU per unit of work: steadier than wall time on a shared machine.
package cputime

import "time"

// Process is the user and system CPU time the process has used, 0 where
// the platform does not tell.
func Process() time.Duration { return process() }
