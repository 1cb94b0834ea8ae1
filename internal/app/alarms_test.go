package app

import (
	"reflect"
	"testing"

	"github.com/openwatch/openwatch/internal/service/alarms"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

func TestAlarmQueries(t *testing.T) {
	no := false
	m1 := alarms.MetricDataQuery{ID: "m1", ReturnData: &no, MetricStat: &alarms.MetricStat{
		Metric: alarms.Metric{Namespace: "App", MetricName: "Errors"}, Period: 60, Stat: "Sum"}}
	tests := []struct {
		name     string
		def      alarms.Definition
		wantID   string
		wantRets []bool
		wantStat string
	}{
		{"single", alarms.Definition{Namespace: "App", MetricName: "CPU", Statistic: "Average", Period: 60}, "m1", []bool{true}, "Average"},
		{"extended", alarms.Definition{Namespace: "App", MetricName: "CPU", ExtendedStatistic: "p99", Period: 60}, "m1", []bool{true}, "p99"},
		{"math", alarms.Definition{Metrics: []alarms.MetricDataQuery{m1, {ID: "e1", Expression: "m1*2"}}}, "e1", []bool{false, true}, "Sum"},
		{"band", alarms.Definition{ThresholdMetricID: "ad1", Metrics: []alarms.MetricDataQuery{
			{ID: "m1", MetricStat: m1.MetricStat}, {ID: "ad1", Expression: "ANOMALY_DETECTION_BAND(m1)"}}}, "m1", []bool{true, true}, "Sum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs, id := alarmQueries(tt.def)
			if id != tt.wantID {
				t.Fatalf("id %q, want %q", id, tt.wantID)
			}
			var rets []bool
			for _, q := range qs {
				rets = append(rets, q.ReturnData == nil || *q.ReturnData)
			}
			if !reflect.DeepEqual(rets, tt.wantRets) {
				t.Fatalf("returns %v, want %v", rets, tt.wantRets)
			}
			var ms *metrics.MetricStat
			for _, q := range qs {
				if q.MetricStat != nil {
					ms = q.MetricStat
				}
			}
			if ms == nil || ms.Stat != tt.wantStat || ms.Period != 60 {
				t.Fatalf("metric stat %+v", ms)
			}
		})
	}
}
