package bench

// PutLogEvents limits a batch to 10,000 events, 1 MiB counting 26 bytes of
// overhead per event, and 24 hours between its first and last event.
const (
	maxBatchEvents = 10000
	maxBatchBytes  = 1 << 20
	eventOverhead  = 26
	maxBatchSpanMs = 24 * 60 * 60 * 1000
)

// splitBatches cuts a stream's events, which are in timestamp order, into
// the fewest consecutive batches PutLogEvents accepts. The batches share
// the backing array of events. An event too large for any batch gets a
// batch of its own, for the server to reject.
func splitBatches(events []Event) [][]Event {
	var out [][]Event
	for len(events) > 0 {
		n, size := 0, 0
		for n < len(events) && n < maxBatchEvents {
			sz := len(events[n].Message) + eventOverhead
			if n > 0 && (size+sz > maxBatchBytes || events[n].Timestamp-events[0].Timestamp > maxBatchSpanMs) {
				break
			}
			size += sz
			n++
		}
		out = append(out, events[:n:n])
		events = events[n:]
	}
	return out
}
