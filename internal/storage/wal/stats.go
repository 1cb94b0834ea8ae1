package wal

import "time"

// fsyncBounds are the upper bounds of the fsync latency histogram buckets.
var fsyncBounds = [...]time.Duration{
	100 * time.Microsecond,
	500 * time.Microsecond,
	time.Millisecond,
	5 * time.Millisecond,
	10 * time.Millisecond,
	50 * time.Millisecond,
	100 * time.Millisecond,
	500 * time.Millisecond,
	time.Second,
}

// FsyncBucketBounds returns the upper bounds (inclusive) of the buckets of
// Stats.FsyncBuckets, in increasing order; the last bucket has no bound.
func FsyncBucketBounds() []time.Duration { return fsyncBounds[:] }

// Stats describes a WAL for monitoring.
type Stats struct {
	// Segments is the number of segment files.
	Segments int
	// Size is the total size in bytes of all segments.
	Size int64
	// Records and Batches count records appended since Open and the write
	// batches (one write and one fsync each) they were grouped into.
	Records uint64
	Batches uint64
	// Fsyncs counts file and directory syncs since Open; FsyncTotal and
	// FsyncMax are their summed and largest latency.
	Fsyncs     uint64
	FsyncTotal time.Duration
	FsyncMax   time.Duration
	// FsyncBuckets counts syncs by latency: FsyncBuckets[i] holds those
	// above FsyncBucketBounds()[i-1] and at most FsyncBucketBounds()[i]; the
	// last bucket holds the rest. Counts are per bucket, not cumulative.
	FsyncBuckets [len(fsyncBounds) + 1]uint64
	// TornTails counts torn tails removed by Open, and TruncatedBytes the
	// bytes they held.
	TornTails      int
	TruncatedBytes int64
	// Failed reports that a write or fsync failed and the log accepts no
	// more appends.
	Failed bool
}

// fsyncStats accumulates sync latencies.
type fsyncStats struct {
	count   uint64
	total   time.Duration
	max     time.Duration
	buckets [len(fsyncBounds) + 1]uint64
}

func (s *fsyncStats) observe(d time.Duration) {
	s.count++
	s.total += d
	s.max = max(s.max, d)
	i := 0
	for i < len(fsyncBounds) && d > fsyncBounds[i] {
		i++
	}
	s.buckets[i]++
}

func (s *fsyncStats) merge(o *fsyncStats) {
	s.count += o.count
	s.total += o.total
	s.max = max(s.max, o.max)
	for i := range s.buckets {
		s.buckets[i] += o.buckets[i]
	}
}
