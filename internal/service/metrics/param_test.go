package metrics

import "testing"

func TestParamString(t *testing.T) {
	data := top("MetricData")
	datum := data.at(2)
	dims := datum.dot("Dimensions")
	dim := dims.at(0)
	entities := top("EntityMetricData")
	entity := entities.at(1)
	entityData := entity.dot("MetricData")
	for _, tc := range []struct {
		p    param
		want string
	}{
		{top("Namespace"), "Namespace"},
		{data, "MetricData"},
		{datum, "MetricData.member.3"},
		{datum.dot("MetricName"), "MetricData.member.3.MetricName"},
		{dim.dot("Value"), "MetricData.member.3.Dimensions.member.1.Value"},
		{entityData.at(9), "EntityMetricData.member.2.MetricData.member.10"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}
