package logstore

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Parts are grouped into partitions: one per log group and UTC day of the
// events' timestamps. Retention drops whole partitions and merges combine
// parts of one partition only.

// dayMillis is the length of a partition.
const dayMillis = 24 * 60 * 60 * 1000

// The days whose dates format as four-digit years; others are named by
// their number.
var (
	firstDatedDay = dayOf(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli())
	lastDatedDay  = dayOf(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).UnixMilli())
)

// dayOf returns the partition day of a timestamp: days since the epoch,
// rounded down.
func dayOf(ts int64) int64 {
	d := ts / dayMillis
	if ts%dayMillis < 0 {
		d--
	}
	return d
}

// dayName names a partition day in object names: its date, 2006-01-02.
func dayName(day int64) string {
	if day < firstDatedDay || day > lastDatedDay {
		return fmt.Sprintf("d%d", day)
	}
	return time.UnixMilli(day * dayMillis).UTC().Format(time.DateOnly)
}

// byPartition splits a group's parts, sorted by (day, id), into runs of one
// day each.
func byPartition(parts []*part) [][]*part {
	var out [][]*part
	for len(parts) > 0 {
		n := 1
		for n < len(parts) && parts[n].meta.day == parts[0].meta.day {
			n++
		}
		out = append(out, parts[:n:n])
		parts = parts[n:]
	}
	return out
}

// sortParts orders a group's parts by (day, id).
func sortParts(parts []*part) {
	slices.SortFunc(parts, func(a, b *part) int {
		if a.meta.day != b.meta.day {
			return cmp.Compare(a.meta.day, b.meta.day)
		}
		return cmp.Compare(a.meta.id, b.meta.id)
	})
}
