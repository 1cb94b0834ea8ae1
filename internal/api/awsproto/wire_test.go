package awsproto

import (
	"time"
)

// CloudWatch wire shapes, trimmed to what the codec tests need. They follow
// the model's member names exactly, as the real API package must.

type dimension struct {
	Name  *string `json:"Name,omitempty"`
	Value *string `json:"Value,omitempty"`
}

type statisticSet struct {
	SampleCount *float64 `json:"SampleCount,omitempty"`
	Sum         *float64 `json:"Sum,omitempty"`
	Minimum     *float64 `json:"Minimum,omitempty"`
	Maximum     *float64 `json:"Maximum,omitempty"`
}

type metricDatum struct {
	MetricName        *string       `json:"MetricName,omitempty"`
	Dimensions        []dimension   `json:"Dimensions,omitempty"`
	Timestamp         *Timestamp    `json:"Timestamp,omitempty"`
	Value             *float64      `json:"Value,omitempty"`
	StatisticValues   *statisticSet `json:"StatisticValues,omitempty"`
	Values            []float64     `json:"Values,omitempty"`
	Counts            []float64     `json:"Counts,omitempty"`
	Unit              *string       `json:"Unit,omitempty"`
	StorageResolution *int32        `json:"StorageResolution,omitempty"`
}

type entity struct {
	KeyAttributes map[string]string `json:"KeyAttributes,omitempty"`
	Attributes    map[string]string `json:"Attributes,omitempty"`
}

type entityMetricData struct {
	Entity     *entity       `json:"Entity,omitempty"`
	MetricData []metricDatum `json:"MetricData,omitempty"`
}

type putMetricDataInput struct {
	Namespace              *string            `json:"Namespace,omitempty"`
	MetricData             []metricDatum      `json:"MetricData,omitempty"`
	EntityMetricData       []entityMetricData `json:"EntityMetricData,omitempty"`
	StrictEntityValidation *bool              `json:"StrictEntityValidation,omitempty"`
}

type metric struct {
	Namespace  *string     `json:"Namespace,omitempty"`
	MetricName *string     `json:"MetricName,omitempty"`
	Dimensions []dimension `json:"Dimensions,omitempty"`
}

type metricStat struct {
	Metric *metric `json:"Metric,omitempty"`
	Period *int32  `json:"Period,omitempty"`
	Stat   *string `json:"Stat,omitempty"`
	Unit   *string `json:"Unit,omitempty"`
}

type metricDataQuery struct {
	ID         *string     `json:"Id,omitempty"`
	MetricStat *metricStat `json:"MetricStat,omitempty"`
	Expression *string     `json:"Expression,omitempty"`
	Label      *string     `json:"Label,omitempty"`
	ReturnData *bool       `json:"ReturnData,omitempty"`
	Period     *int32      `json:"Period,omitempty"`
	AccountID  *string     `json:"AccountId,omitempty"`
}

type labelOptions struct {
	Timezone *string `json:"Timezone,omitempty"`
}

type getMetricDataInput struct {
	MetricDataQueries []metricDataQuery `json:"MetricDataQueries,omitempty"`
	StartTime         *Timestamp        `json:"StartTime,omitempty"`
	EndTime           *Timestamp        `json:"EndTime,omitempty"`
	NextToken         *string           `json:"NextToken,omitempty"`
	ScanBy            *string           `json:"ScanBy,omitempty"`
	MaxDatapoints     *int32            `json:"MaxDatapoints,omitempty"`
	LabelOptions      *labelOptions     `json:"LabelOptions,omitempty"`
}

type messageData struct {
	Code  *string `json:"Code,omitempty"`
	Value *string `json:"Value,omitempty"`
}

type metricDataResult struct {
	ID         *string       `json:"Id,omitempty"`
	Label      *string       `json:"Label,omitempty"`
	Timestamps []Timestamp   `json:"Timestamps"`
	Values     []float64     `json:"Values"`
	StatusCode *string       `json:"StatusCode,omitempty"`
	Messages   []messageData `json:"Messages,omitempty"`
}

type getMetricDataOutput struct {
	MetricDataResults []metricDataResult `json:"MetricDataResults"`
	NextToken         *string            `json:"NextToken,omitempty"`
	Messages          []messageData      `json:"Messages,omitempty"`
}

type describeAlarmsInput struct {
	AlarmNames      []string `json:"AlarmNames,omitempty"`
	AlarmNamePrefix *string  `json:"AlarmNamePrefix,omitempty"`
	AlarmTypes      []string `json:"AlarmTypes,omitempty"`
	StateValue      *string  `json:"StateValue,omitempty"`
	ActionPrefix    *string  `json:"ActionPrefix,omitempty"`
	MaxRecords      *int32   `json:"MaxRecords,omitempty"`
	NextToken       *string  `json:"NextToken,omitempty"`
}

type metricAlarm struct {
	AlarmName                          *string           `json:"AlarmName,omitempty"`
	AlarmArn                           *string           `json:"AlarmArn,omitempty"`
	AlarmDescription                   *string           `json:"AlarmDescription,omitempty"`
	AlarmConfigurationUpdatedTimestamp *Timestamp        `json:"AlarmConfigurationUpdatedTimestamp,omitempty"`
	ActionsEnabled                     *bool             `json:"ActionsEnabled,omitempty"`
	OKActions                          []string          `json:"OKActions"`
	AlarmActions                       []string          `json:"AlarmActions"`
	InsufficientDataActions            []string          `json:"InsufficientDataActions"`
	StateValue                         *string           `json:"StateValue,omitempty"`
	StateReason                        *string           `json:"StateReason,omitempty"`
	StateReasonData                    *string           `json:"StateReasonData,omitempty"`
	StateUpdatedTimestamp              *Timestamp        `json:"StateUpdatedTimestamp,omitempty"`
	MetricName                         *string           `json:"MetricName,omitempty"`
	Namespace                          *string           `json:"Namespace,omitempty"`
	Statistic                          *string           `json:"Statistic,omitempty"`
	ExtendedStatistic                  *string           `json:"ExtendedStatistic,omitempty"`
	Dimensions                         []dimension       `json:"Dimensions,omitempty"`
	Period                             *int32            `json:"Period,omitempty"`
	Unit                               *string           `json:"Unit,omitempty"`
	EvaluationPeriods                  *int32            `json:"EvaluationPeriods,omitempty"`
	DatapointsToAlarm                  *int32            `json:"DatapointsToAlarm,omitempty"`
	Threshold                          *float64          `json:"Threshold,omitempty"`
	ComparisonOperator                 *string           `json:"ComparisonOperator,omitempty"`
	TreatMissingData                   *string           `json:"TreatMissingData,omitempty"`
	Metrics                            []metricDataQuery `json:"Metrics,omitempty"`
}

type describeAlarmsOutput struct {
	MetricAlarms    []metricAlarm `json:"MetricAlarms"`
	CompositeAlarms []metricAlarm `json:"CompositeAlarms,omitempty"`
	NextToken       *string       `json:"NextToken,omitempty"`
}

type dimensionFilter struct {
	Name  *string `json:"Name,omitempty"`
	Value *string `json:"Value,omitempty"`
}

type listMetricsInput struct {
	Namespace      *string           `json:"Namespace,omitempty"`
	MetricName     *string           `json:"MetricName,omitempty"`
	Dimensions     []dimensionFilter `json:"Dimensions,omitempty"`
	NextToken      *string           `json:"NextToken,omitempty"`
	RecentlyActive *string           `json:"RecentlyActive,omitempty"`
}

type listMetricsOutput struct {
	Metrics        []metric `json:"Metrics"`
	NextToken      *string  `json:"NextToken,omitempty"`
	OwningAccounts []string `json:"OwningAccounts,omitempty"`
}

func ptr[T any](v T) *T { return &v }

func ts(s string) Timestamp {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return Timestamp(t.UTC())
}

func tsp(s string) *Timestamp { return ptr(ts(s)) }

// Realistic values, one per shape, shared by the codec tests.

func samplePutMetricData() *putMetricDataInput {
	return &putMetricDataInput{
		Namespace: ptr("MyApp/Web"),
		MetricData: []metricDatum{
			{
				MetricName: ptr("Latency"),
				Dimensions: []dimension{{Name: ptr("Host"), Value: ptr("web-1")}, {Name: ptr("Stage"), Value: ptr("prod & test <x>")}},
				Timestamp:  tsp("2024-01-02T03:04:05.123Z"),
				Values:     []float64{12.5, 30, 0.001},
				Counts:     []float64{3, 1, 7},
				Unit:       ptr("Milliseconds"),
			},
			{
				MetricName:        ptr("Requests"),
				Timestamp:         tsp("2024-01-02T03:04:05Z"),
				Value:             ptr(42.0),
				Unit:              ptr("Count"),
				StorageResolution: ptr(int32(1)),
			},
			{
				MetricName:      ptr("Payload"),
				StatisticValues: &statisticSet{SampleCount: ptr(10.0), Sum: ptr(1e6), Minimum: ptr(-3.25), Maximum: ptr(9e5)},
				Unit:            ptr("Bytes"),
			},
		},
		EntityMetricData: []entityMetricData{{
			Entity: &entity{
				KeyAttributes: map[string]string{"Type": "Service", "Name": "checkout", "Environment": "prod"},
				Attributes:    map[string]string{"PlatformType": "Generic"},
			},
			MetricData: []metricDatum{{MetricName: ptr("Errors"), Value: ptr(0.0), Unit: ptr("Count")}},
		}},
		StrictEntityValidation: ptr(false),
	}
}

func sampleGetMetricDataInput() *getMetricDataInput {
	return &getMetricDataInput{
		MetricDataQueries: []metricDataQuery{
			{
				ID: ptr("m1"),
				MetricStat: &metricStat{
					Metric: &metric{Namespace: ptr("MyApp/Web"), MetricName: ptr("Latency"),
						Dimensions: []dimension{{Name: ptr("Host"), Value: ptr("web-1")}}},
					Period: ptr(int32(60)),
					Stat:   ptr("p99"),
				},
				ReturnData: ptr(false),
			},
			{ID: ptr("e1"), Expression: ptr("m1 * 2"), Label: ptr("Doubled"), Period: ptr(int32(300))},
		},
		StartTime:     tsp("2024-01-02T00:00:00Z"),
		EndTime:       tsp("2024-01-02T06:00:00.5Z"),
		ScanBy:        ptr("TimestampAscending"),
		MaxDatapoints: ptr(int32(1000)),
		LabelOptions:  &labelOptions{Timezone: ptr("+0130")},
	}
}

func sampleGetMetricDataOutput() *getMetricDataOutput {
	return &getMetricDataOutput{
		MetricDataResults: []metricDataResult{
			{
				ID:         ptr("e1"),
				Label:      ptr("Doubled"),
				Timestamps: []Timestamp{ts("2024-01-02T00:00:00Z"), ts("2024-01-02T00:01:00Z"), ts("2024-01-02T00:02:00.250Z")},
				Values:     []float64{1.5, 2.25e-7, 3e21},
				StatusCode: ptr("Complete"),
			},
			{
				ID:         ptr("m2"),
				Label:      ptr("Empty"),
				Timestamps: []Timestamp{},
				Values:     []float64{},
				StatusCode: ptr("PartialData"),
				Messages:   []messageData{{Code: ptr("MaxDatapointsExceeded"), Value: ptr("More data is available.")}},
			},
		},
		NextToken: ptr("token-2"),
	}
}

func sampleDescribeAlarmsInput() *describeAlarmsInput {
	return &describeAlarmsInput{
		AlarmNames: []string{"high-cpu", "disk-full"},
		AlarmTypes: []string{"MetricAlarm", "CompositeAlarm"},
		StateValue: ptr("ALARM"),
		MaxRecords: ptr(int32(50)),
	}
}

func sampleDescribeAlarmsOutput() *describeAlarmsOutput {
	return &describeAlarmsOutput{
		MetricAlarms: []metricAlarm{
			{
				AlarmName:                          ptr("high-cpu"),
				AlarmArn:                           ptr("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:high-cpu"),
				AlarmDescription:                   ptr("CPU > 90% for 3 of 5 minutes"),
				AlarmConfigurationUpdatedTimestamp: tsp("2024-01-01T12:00:00.001Z"),
				ActionsEnabled:                     ptr(true),
				OKActions:                          []string{},
				AlarmActions:                       []string{"arn:aws:sns:eu-west-1:123456789012:ops"},
				StateValue:                         ptr("ALARM"),
				StateReason:                        ptr("Threshold Crossed: 3 out of the last 5 datapoints were greater than the threshold (90.0)."),
				StateReasonData:                    ptr(`{"version":"1.0","queryDate":"2024-01-02T03:04:05.000+0000"}`),
				StateUpdatedTimestamp:              tsp("2024-01-02T03:04:05Z"),
				MetricName:                         ptr("CPUUtilization"),
				Namespace:                          ptr("AWS/EC2"),
				Statistic:                          ptr("Average"),
				Dimensions:                         []dimension{{Name: ptr("InstanceId"), Value: ptr("i-0123456789abcdef0")}},
				Period:                             ptr(int32(60)),
				EvaluationPeriods:                  ptr(int32(5)),
				DatapointsToAlarm:                  ptr(int32(3)),
				Threshold:                          ptr(90.0),
				ComparisonOperator:                 ptr("GreaterThanThreshold"),
				TreatMissingData:                   ptr("missing"),
			},
			{
				AlarmName:  ptr("error-rate"),
				StateValue: ptr("OK"),
				Metrics: []metricDataQuery{
					{ID: ptr("e1"), Expression: ptr("m1/m2*100"), Label: ptr("Error %"), ReturnData: ptr(true)},
					{ID: ptr("m1"), MetricStat: &metricStat{Metric: &metric{Namespace: ptr("MyApp"), MetricName: ptr("Errors")}, Period: ptr(int32(60)), Stat: ptr("Sum")}, ReturnData: ptr(false)},
				},
				EvaluationPeriods:  ptr(int32(1)),
				Threshold:          ptr(-0.5),
				ComparisonOperator: ptr("LessThanThreshold"),
			},
		},
		NextToken: ptr("next"),
	}
}
