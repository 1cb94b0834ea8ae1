package metrics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// validDatum is a datum every case below starts from.
func validDatum() Datum {
	return Datum{MetricDatum: model.MetricDatum{MetricName: "Latency", Dimensions: dims("Host", "web-1"), Value: ptr(1.5), Unit: "Milliseconds"}}
}

func TestPutMetricDataValidation(t *testing.T) {
	now := nowMs()
	tests := []struct {
		name   string
		mutate func(in *PutMetricDataInput)
		kind   error
		msg    string
	}{
		{"no namespace", func(in *PutMetricDataInput) { in.Namespace = "" }, model.ErrMissingParameter, "The parameter Namespace is required."},
		{"AWS namespace", func(in *PutMetricDataInput) { in.Namespace = "AWS/EC2" }, model.ErrInvalidParameter, "The value AWS/ for parameter Namespace is invalid."},
		{"namespace with colon first", func(in *PutMetricDataInput) { in.Namespace = ":App" }, model.ErrInvalidParameter, "for parameter Namespace is invalid"},
		{"namespace not ASCII", func(in *PutMetricDataInput) { in.Namespace = "Äpp" }, model.ErrInvalidParameter, "for parameter Namespace is invalid"},
		{"namespace with control", func(in *PutMetricDataInput) { in.Namespace = "A\tB" }, model.ErrInvalidParameter, "for parameter Namespace is invalid"},
		{"namespace too long", func(in *PutMetricDataInput) { in.Namespace = strings.Repeat("n", 256) }, model.ErrInvalidParameter, "The parameter Namespace must be shorter than 256 characters."},
		{"no data", func(in *PutMetricDataInput) { in.MetricData = nil }, model.ErrMissingParameter, "The parameter MetricData is required."},
		{"1001 data", func(in *PutMetricDataInput) {
			for len(in.MetricData) < 1001 {
				in.MetricData = append(in.MetricData, validDatum())
			}
		}, model.ErrInvalidParameter, "The collection MetricData must not have a size greater than 1000."},
		{"1001 with entity data", func(in *PutMetricDataInput) {
			for len(in.MetricData) < 1000 {
				in.MetricData = append(in.MetricData, validDatum())
			}
			in.EntityMetricData = [][]Datum{{validDatum()}}
		}, model.ErrInvalidParameter, "must not have a size greater than 1000"},
		{"no metric name", func(in *PutMetricDataInput) { in.MetricData[0].MetricName = "" }, model.ErrMissingParameter, "The parameter MetricData.member.1.MetricName is required."},
		{"metric name too long", func(in *PutMetricDataInput) { in.MetricData[0].MetricName = strings.Repeat("m", 256) }, model.ErrInvalidParameter, "MetricData.member.1.MetricName must be shorter than 256"},
		{"31 dimensions", func(in *PutMetricDataInput) {
			in.MetricData[0].Dimensions = nil
			for i := range 31 {
				in.MetricData[0].Dimensions = append(in.MetricData[0].Dimensions, model.Dimension{Name: fmt.Sprint("d", i), Value: "v"})
			}
		}, model.ErrInvalidParameter, "The collection MetricData.member.1.Dimensions must not have a size greater than 30."},
		{"dimension without name", func(in *PutMetricDataInput) { in.MetricData[0].Dimensions[0].Name = "" }, model.ErrMissingParameter, "MetricData.member.1.Dimensions.member.1.Name is required"},
		{"dimension without value", func(in *PutMetricDataInput) { in.MetricData[0].Dimensions[0].Value = "" }, model.ErrMissingParameter, "MetricData.member.1.Dimensions.member.1.Value is required"},
		{"dimension name blank", func(in *PutMetricDataInput) { in.MetricData[0].Dimensions[0].Name = "   " }, model.ErrInvalidParameter, "Dimensions.member.1.Name is invalid"},
		{"dimension name colon", func(in *PutMetricDataInput) { in.MetricData[0].Dimensions[0].Name = ":x" }, model.ErrInvalidParameter, "Dimensions.member.1.Name is invalid"},
		{"dimension name too long", func(in *PutMetricDataInput) { in.MetricData[0].Dimensions[0].Name = strings.Repeat("n", 256) }, model.ErrInvalidParameter, "Dimensions.member.1.Name must be shorter than 256"},
		{"dimension value too long", func(in *PutMetricDataInput) { in.MetricData[0].Dimensions[0].Value = strings.Repeat("v", 1025) }, model.ErrInvalidParameter, "Dimensions.member.1.Value must be shorter than 1025"},
		{"dimension value not ASCII", func(in *PutMetricDataInput) { in.MetricData[0].Dimensions[0].Value = "wéb" }, model.ErrInvalidParameter, "Dimensions.member.1.Value is invalid"},
		{"dimension twice", func(in *PutMetricDataInput) {
			in.MetricData[0].Dimensions = dims("Host", "a", "Host", "b")
		}, model.ErrInvalidParameter, "No metric may specify the same dimension name twice."},
		{"value and statistic values", func(in *PutMetricDataInput) {
			in.MetricData[0].Stats = &model.StatisticSet{SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1}
		}, model.ErrInvalidParameterCombination, "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both."},
		{"value and values", func(in *PutMetricDataInput) { in.MetricData[0].Values = []float64{1} }, model.ErrInvalidParameterCombination, "MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive"},
		{"values and statistic values", func(in *PutMetricDataInput) {
			in.MetricData[0].Value = nil
			in.MetricData[0].Values = []float64{1}
			in.MetricData[0].Stats = &model.StatisticSet{SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1}
		}, model.ErrInvalidParameterCombination, "MetricData.member.1.Values and MetricData.member.1.StatisticValues are mutually exclusive"},
		{"counts without values", func(in *PutMetricDataInput) { in.MetricData[0].Counts = []float64{1} }, model.ErrInvalidParameterCombination, "Counts can only be used together with"},
		{"no value at all", func(in *PutMetricDataInput) { in.MetricData[0].Value = nil }, model.ErrInvalidParameterCombination, "One of the parameters MetricData.member.1.Value"},
		{"NaN", func(in *PutMetricDataInput) { in.MetricData[0].Value = ptr(math.NaN()) }, model.ErrInvalidParameter, "The value NaN for parameter MetricData.member.1.Value is invalid."},
		{"+Inf", func(in *PutMetricDataInput) { in.MetricData[0].Value = ptr(math.Inf(1)) }, model.ErrInvalidParameter, "The value +Inf for parameter MetricData.member.1.Value is invalid."},
		{"beyond 2^360", func(in *PutMetricDataInput) { in.MetricData[0].Value = ptr(-math.Ldexp(1, 361)) }, model.ErrInvalidParameter, "for parameter MetricData.member.1.Value is invalid"},
		{"151 values", func(in *PutMetricDataInput) {
			in.MetricData[0].Value = nil
			in.MetricData[0].Values = make([]float64, 151)
		}, model.ErrInvalidParameter, "The collection MetricData.member.1.Values must not have a size greater than 150."},
		{"counts of another length", func(in *PutMetricDataInput) {
			in.MetricData[0].Value = nil
			in.MetricData[0].Values = []float64{1, 2}
			in.MetricData[0].Counts = []float64{1}
		}, model.ErrInvalidParameter, "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size."},
		{"NaN in values", func(in *PutMetricDataInput) {
			in.MetricData[0].Value = nil
			in.MetricData[0].Values = []float64{1, math.Inf(-1)}
		}, model.ErrInvalidParameter, "The value -Inf for parameter MetricData.member.1.Values.member.2 is invalid."},
		{"zero count", func(in *PutMetricDataInput) {
			in.MetricData[0].Value = nil
			in.MetricData[0].Values = []float64{1}
			in.MetricData[0].Counts = []float64{0}
		}, model.ErrInvalidParameter, "MetricData.member.1.Counts.member.1 is invalid"},
		{"NaN in statistic values", func(in *PutMetricDataInput) {
			in.MetricData[0].Value = nil
			in.MetricData[0].Stats = &model.StatisticSet{SampleCount: 2, Sum: math.NaN(), Minimum: 1, Maximum: 1}
		}, model.ErrInvalidParameter, "MetricData.member.1.StatisticValues.Sum is invalid"},
		{"minimum above maximum", func(in *PutMetricDataInput) {
			in.MetricData[0].Value = nil
			in.MetricData[0].Stats = &model.StatisticSet{SampleCount: 2, Sum: 3, Minimum: 2, Maximum: 1}
		}, model.ErrInvalidParameterCombination, "StatisticValues.Minimum must not be greater than"},
		{"zero sample count", func(in *PutMetricDataInput) {
			in.MetricData[0].Value = nil
			in.MetricData[0].Stats = &model.StatisticSet{SampleCount: 0, Sum: 0, Minimum: 0, Maximum: 0}
		}, model.ErrInvalidParameter, "StatisticValues.SampleCount is invalid"},
		{"older than two weeks", func(in *PutMetricDataInput) {
			in.MetricData[0].Timestamp, in.MetricData[0].Stamped = now-twoWeeksMs-1, true
		}, model.ErrInvalidParameter, "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks."},
		{"more than two hours ahead", func(in *PutMetricDataInput) {
			in.MetricData[0].Timestamp, in.MetricData[0].Stamped = now+twoHoursMs+1, true
		}, model.ErrInvalidParameter, "must specify a time no more than two hours in the future"},
		{"epoch zero stamped", func(in *PutMetricDataInput) {
			in.MetricData[0].Timestamp, in.MetricData[0].Stamped = 0, true
		}, model.ErrInvalidParameter, "within the past two weeks"},
		{"storage resolution 30", func(in *PutMetricDataInput) { in.MetricData[0].StorageResolution = 30 }, model.ErrInvalidParameter, "The value 30 for parameter MetricData.member.1.StorageResolution is invalid."},
		{"bad unit", func(in *PutMetricDataInput) { in.MetricData[0].Unit = "Furlongs" }, model.ErrInvalidParameter, "The value Furlongs for parameter MetricData.member.1.Unit is not a valid unit."},
		{"second datum named", func(in *PutMetricDataInput) {
			d := validDatum()
			d.MetricName = ""
			in.MetricData = append(in.MetricData, d)
		}, model.ErrMissingParameter, "MetricData.member.2.MetricName"},
		{"entity datum named", func(in *PutMetricDataInput) {
			d := validDatum()
			d.Unit = "Parsecs"
			in.EntityMetricData = [][]Datum{{validDatum()}, {validDatum(), d}}
		}, model.ErrInvalidParameter, "EntityMetricData.member.2.MetricData.member.2.Unit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := newFakeStore()
			in := PutMetricDataInput{Namespace: "App/Web", MetricData: []Datum{validDatum()}}
			tc.mutate(&in)
			err := newTestService(store).PutMetricData(context.Background(), testAccount, in)
			wantErr(t, tc.name, err, tc.kind, tc.msg)
			if !kindIs(err, tc.kind) {
				t.Fatalf("kind of %v is not exactly %v", err, tc.kind)
			}
			if len(store.data) != 0 {
				t.Fatalf("an invalid request stored %d datapoints", len(store.data))
			}
		})
	}
}

func TestPutMetricDataStores(t *testing.T) {
	store := newFakeStore()
	svc := newTestService(store)
	stamped := validDatum()
	stamped.Timestamp, stamped.Stamped = nowMs()-3600_000, true
	dist := Datum{MetricDatum: model.MetricDatum{MetricName: "Size", Values: []float64{1, 2}, Counts: []float64{3, 4}, StorageResolution: 1}}
	set := Datum{MetricDatum: model.MetricDatum{MetricName: "Set", Stats: &model.StatisticSet{SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2}, StorageResolution: 60}}
	// An AccountID or Namespace inside a datum is ignored.
	stray := validDatum()
	stray.AccountID, stray.Namespace = "999999999999", "Other"
	in := PutMetricDataInput{
		Namespace:        "App/Web",
		MetricData:       []Datum{validDatum(), stamped, dist, stray},
		EntityMetricData: [][]Datum{{set}},
	}
	if err := svc.PutMetricData(context.Background(), testAccount, in); err != nil {
		t.Fatalf("PutMetricData: %v", err)
	}
	if len(store.data) != 5 {
		t.Fatalf("stored %d datapoints, want 5", len(store.data))
	}
	for i, d := range store.data {
		if d.AccountID != testAccount || d.Namespace != "App/Web" {
			t.Errorf("datum %d stored as %s/%s", i, d.AccountID, d.Namespace)
		}
	}
	if store.data[0].Timestamp != nowMs() || store.data[1].Timestamp != nowMs()-3600_000 {
		t.Errorf("timestamps %d, %d: want the call time and the given one", store.data[0].Timestamp, store.data[1].Timestamp)
	}
	if store.data[4].MetricName != "Set" || store.data[2].StorageResolution != 1 {
		t.Errorf("stored %+v", store.data)
	}

	// A store failure is reported with its kind.
	store.addErr = model.Unavailable(errors.New("disk full"))
	err := svc.PutMetricData(context.Background(), testAccount, PutMetricDataInput{Namespace: "App", MetricData: []Datum{validDatum()}})
	if !errors.Is(err, model.ErrUnavailable) {
		t.Fatalf("store failure: %v", err)
	}
}

func TestPut(t *testing.T) {
	store := newFakeStore()
	svc := newTestService(store)
	ok := model.MetricDatum{Namespace: "LogMetrics", MetricName: "Errors", Value: ptr(1.0), Timestamp: nowMs() - 60_000, Unit: "Count"}
	if err := svc.Put(context.Background(), testAccount, []model.MetricDatum{ok}); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if len(store.data) != 1 || store.data[0].AccountID != testAccount {
		t.Fatalf("stored %+v", store.data)
	}
	if err := svc.Put(context.Background(), testAccount, nil); err != nil {
		t.Fatalf("empty Put: %v", err)
	}
	for _, tc := range []struct {
		mutate func(d *model.MetricDatum)
		kind   error
		msg    string
	}{
		{func(d *model.MetricDatum) { d.Namespace = "" }, model.ErrMissingParameter, "MetricData.member.1.Namespace is required"},
		{func(d *model.MetricDatum) { d.Namespace = "AWS/Logs" }, model.ErrInvalidParameter, "The value AWS/ for parameter MetricData.member.1.Namespace is invalid."},
		{func(d *model.MetricDatum) { d.Timestamp = 0 }, model.ErrMissingParameter, "MetricData.member.1.Timestamp is required"},
		{func(d *model.MetricDatum) { d.Timestamp = nowMs() - 15*dayMs }, model.ErrInvalidParameter, "within the past two weeks"},
		{func(d *model.MetricDatum) { d.Value = ptr(math.NaN()) }, model.ErrInvalidParameter, "The value NaN"},
	} {
		d := ok
		tc.mutate(&d)
		before := len(store.data)
		err := svc.Put(context.Background(), testAccount, []model.MetricDatum{d})
		wantErr(t, tc.msg, err, tc.kind, tc.msg)
		if len(store.data) != before {
			t.Fatalf("%s: stored an invalid datum", tc.msg)
		}
	}
}
