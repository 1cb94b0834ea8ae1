//go:build !unix

package logstore

import "time"

// processCPU is unknown here.
func processCPU() time.Duration { return 0 }
