package logstore

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// TestCollectors registers the store's collectors in a pedantic registry,
// which checks them against their descriptions, and reads a few values.
func TestCollectors(t *testing.T) {
	s := openStore(t, vfs.NewMem(), manualOpts())
	defer closeStore(t, s)
	appendDays(t, s, 10, 2, "a")
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewPedanticRegistry()
	for _, c := range s.Collectors() {
		if err := reg.Register(c); err != nil {
			t.Fatal(err)
		}
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			name := mf.GetName()
			for _, l := range m.GetLabel() {
				name += "{" + l.GetName() + "=" + l.GetValue() + "}"
			}
			switch {
			case m.GetCounter() != nil:
				values[name] = m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				values[name] = m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				values[name] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	want := map[string]float64{
		"openwatch_logstore_ingested_events_total":               60,
		"openwatch_logstore_events":                              60,
		"openwatch_logstore_parts":                               4,
		"openwatch_logstore_partitions":                          4,
		"openwatch_logstore_flushes_total":                       1,
		"openwatch_logstore_flush_duration_seconds":              1,
		"openwatch_logstore_wal_failed":                          0,
		"openwatch_logstore_blocks_skipped_total{reason=filter}": 0,
	}
	for name, v := range want {
		if got, ok := values[name]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", name, got, ok, v)
		}
	}
	for _, name := range []string{"openwatch_logstore_wal_bytes", "openwatch_logstore_wal_fsync_duration_seconds", "openwatch_logstore_part_bytes", "openwatch_logstore_merges_total"} {
		if _, ok := values[name]; !ok {
			t.Errorf("%s missing", name)
		}
	}
	if values["openwatch_logstore_wal_fsync_duration_seconds"] == 0 {
		t.Errorf("no fsync observed")
	}
}
