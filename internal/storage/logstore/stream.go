package logstore

// stream holds one log stream's events as sorted runs; see the package
// documentation for the invariants that let readers go without locks. It is
// guarded by its group's mutex.
type stream struct {
	runs [][]entry
}

// insert adds a batch sorted by (Timestamp, Seq) whose Seqs are above every
// Seq in the stream. The stream takes ownership of batch.
func (s *stream) insert(batch []entry) {
	if n := len(s.runs); n > 0 {
		last := s.runs[n-1]
		if !before(&batch[0], &last[len(last)-1]) {
			s.runs[n-1] = appendRun(last, batch)
			return
		}
	}
	s.runs = append(s.runs, batch)
	s.compact()
}

// appendRun appends batch to run, doubling the capacity when it must grow:
// append grows large slices by a quarter, which made a busy stream's run
// be copied many times over.
func appendRun(run, batch []entry) []entry {
	if need := len(run) + len(batch); need > cap(run) {
		grown := make([]entry, len(run), max(2*cap(run), need))
		copy(grown, run)
		run = grown
	}
	return append(run, batch...)
}

// compact merges neighbouring runs until each run is more than twice the
// size of the next, which bounds their number by log2 of the event count.
func (s *stream) compact() {
	for {
		i := len(s.runs) - 2
		for i >= 0 && len(s.runs[i]) > 2*len(s.runs[i+1]) {
			i--
		}
		if i < 0 {
			return
		}
		s.runs[i] = mergeRuns(s.runs[i], s.runs[i+1])
		s.runs = append(s.runs[:i+1], s.runs[i+2:]...)
	}
}

// mergeRuns returns a new run holding a and b in order.
func mergeRuns(a, b []entry) []entry {
	out := make([]entry, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if before(&b[j], &a[i]) {
			out = append(out, b[j])
			j++
		} else {
			out = append(out, a[i])
			i++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// deleteBelow drops the events with a Seq below below and returns how many
// events and message bytes went. Runs that change are rebuilt, never edited,
// because readers may hold them.
func (s *stream) deleteBelow(below uint64) (events, bytes int64) {
	kept := s.runs[:0]
	for _, run := range s.runs {
		var gone int
		for i := range run {
			if run[i].seq < below {
				gone++
				bytes += int64(len(run[i].msg))
			}
		}
		events += int64(gone)
		switch {
		case gone == 0:
			kept = append(kept, run)
		case gone < len(run):
			keep := make([]entry, 0, len(run)-gone)
			for i := range run {
				if run[i].seq >= below {
					keep = append(keep, run[i])
				}
			}
			kept = append(kept, keep)
		}
	}
	clear(s.runs[len(kept):])
	s.runs = kept
	if len(s.runs) > 1 {
		s.compact()
	}
	return events, bytes
}

func (s *stream) empty() bool { return len(s.runs) == 0 }
