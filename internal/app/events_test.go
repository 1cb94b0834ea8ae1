package app

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

func TestAlarmEventDetail(t *testing.T) {
	at := time.Date(2024, 3, 1, 10, 20, 30, 551e6, time.UTC)
	tests := []struct {
		name  string
		alarm model.Alarm
		want  string
	}{
		{
			name: "single metric",
			alarm: model.Alarm{AccountID: "111111111111", Name: "cpu", Type: "MetricAlarm", State: "ALARM", StateReason: "Threshold Crossed",
				StateReasonData: `{"version":"1.0"}`, StateUpdated: at.UnixMilli(),
				Definition: `{"AlarmName":"cpu","AlarmDescription":"hot","Namespace":"AWS/EC2","MetricName":"CPUUtilization",
					"Dimensions":[{"Name":"InstanceId","Value":"i-1"}],"Statistic":"Average","Period":300,"EvaluationPeriods":1,"ComparisonOperator":"GreaterThanThreshold"}`},
			want: `{"alarmName":"cpu","state":{"value":"ALARM","reason":"Threshold Crossed","reasonData":"{\"version\":\"1.0\"}","timestamp":"2024-03-01T10:20:30.551+0000"},` +
				`"previousState":{"value":"OK","reason":"was fine","timestamp":"2024-03-01T10:20:00.000+0000"},` +
				`"configuration":{"description":"hot","metrics":[{"id":"ID","metricStat":{"metric":{"namespace":"AWS/EC2","name":"CPUUtilization","dimensions":{"InstanceId":"i-1"}},"period":300,"stat":"Average"},"returnData":true}]}}`,
		},
		{
			name: "metric math",
			alarm: model.Alarm{AccountID: "111111111111", Name: "ratio", Type: "MetricAlarm", State: "ALARM", StateReason: "r", StateUpdated: at.UnixMilli(),
				Definition: `{"AlarmName":"ratio","EvaluationPeriods":1,"ComparisonOperator":"GreaterThanThreshold","Metrics":[
					{"Id":"e1","Expression":"m1*100","Label":"pct"},
					{"Id":"m1","MetricStat":{"Metric":{"Namespace":"App","MetricName":"Errors"},"Period":60,"Stat":"Sum"},"ReturnData":false}]}`},
			want: `{"alarmName":"ratio","state":{"value":"ALARM","reason":"r","timestamp":"2024-03-01T10:20:30.551+0000"},` +
				`"previousState":{"value":"OK","reason":"was fine","timestamp":"2024-03-01T10:20:00.000+0000"},` +
				`"configuration":{"metrics":[{"id":"e1","expression":"m1*100","label":"pct","returnData":true},` +
				`{"id":"m1","metricStat":{"metric":{"namespace":"App","name":"Errors","dimensions":{}},"period":60,"stat":"Sum"},"returnData":false}]}}`,
		},
		{
			name: "composite",
			alarm: model.Alarm{AccountID: "111111111111", Name: "both", Type: "CompositeAlarm", State: "ALARM", StateReason: "r", StateUpdated: at.UnixMilli(),
				Definition: `{"AlarmName":"both","AlarmRule":"ALARM(cpu) AND ALARM(ratio)","ActionsSuppressor":"maint","ActionsSuppressorWaitPeriod":60}`},
			want: `{"alarmName":"both","state":{"value":"ALARM","reason":"r","timestamp":"2024-03-01T10:20:30.551+0000"},` +
				`"previousState":{"value":"OK","reason":"was fine","timestamp":"2024-03-01T10:20:00.000+0000"},` +
				`"configuration":{"alarmRule":"ALARM(cpu) AND ALARM(ratio)","actionsSuppressor":"maint","actionsSuppressorWaitPeriod":60}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arn := "arn:aws:cloudwatch:us-east-1:111111111111:alarm:" + tc.alarm.Name
			d := alarmEventDetail(model.AlarmStateChange{Alarm: tc.alarm, ARN: arn, Time: at,
				PreviousState: "OK", PreviousReason: "was fine", PreviousUpdated: at.Truncate(time.Minute).UnixMilli()})
			got, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if tc.name == "single metric" {
				// The id is derived from the ARN; it must be stable.
				want = strings.Replace(want, `"id":"ID"`, `"id":"`+metricID(arn)+`"`, 1)
			}
			if string(got) != want {
				t.Errorf("detail:\n got %s\nwant %s", got, want)
			}
		})
	}
	a1, a2, b := metricID("arn:a"), metricID("arn:a"), metricID("arn:b")
	if a1 != a2 || a1 == b || len(a1) != 36 {
		t.Fatalf("metric ids: %s %s %s", a1, a2, b)
	}
}
