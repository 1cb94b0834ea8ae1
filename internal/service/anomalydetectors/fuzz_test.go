package anomalydetectors

import (
	"reflect"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// FuzzDecode feeds stored definitions to decode: it must never panic,
// and whatever it accepts must encode back to a definition that decodes
// to the same detector under the same key.
func FuzzDecode(f *testing.F) {
	for _, d := range []*Detector{
		{Single: &SingleMetric{Namespace: "App", MetricName: "CPU", Stat: "p99", Dimensions: []model.Dimension{{Name: "Host", Value: "a"}}}},
		{Single: &SingleMetric{Namespace: "App", MetricName: "CPU", Stat: "Sum"}, Configuration: &Configuration{MetricTimezone: "Asia/Tokyo",
			ExcludedTimeRanges: []TimeRange{{Start: 1, End: 2}}}},
	} {
		f.Add(d.record(acct, 1).Definition)
	}
	f.Add(`{"MetricMath":{"Queries":[{"ID":"e1","Expression":"TIME_SERIES(1)"}]}}`)
	f.Add(`{"Single":{},"MetricMath":{}}`)
	f.Add(`{"Single":null}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, def string) {
		d, err := decode(model.AnomalyDetector{AccountID: acct, Definition: def})
		if err != nil {
			return
		}
		again, err := decode(d.record(acct, 1))
		if err != nil {
			t.Fatalf("re-encoded %q does not decode: %v", def, err)
		}
		if !reflect.DeepEqual(d, again) || d.key() != again.key() {
			t.Fatalf("round trip of %q changed the detector: %+v vs %+v", def, d, again)
		}
	})
}
