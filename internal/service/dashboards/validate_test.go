package dashboards

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestValidateAcceptsExportedBodies(t *testing.T) {
	exported, err := os.ReadFile("testdata/exported.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"console export": string(exported),
		"empty":          `{"widgets":[]}`,
		// The body of the PutDashboard reference example.
		"reference example": `{"widgets":[{"type":"metric","x":0,"y":0,"width":12,"height":6,"properties":{"metrics":[["AWS/EC2","CPUUtilization","InstanceId","i-012345"]],"period":300,"stat":"Average","region":"us-east-1","title":"EC2 Instance CPU"}},{"type":"text","x":0,"y":7,"width":3,"height":3,"properties":{"markdown":"Hello world"}}]}`,
		"no position":       `{"widgets":[{"type":"text","properties":{"markdown":"x"}}]}`,
		"unknown keys":      `{"widgets":[{"type":"text","properties":{"markdown":"x","futureKey":1}}],"futureTop":true}`,
	} {
		if msgs := Validate(body); len(msgs) != 0 {
			t.Errorf("%s: %v", name, msgs)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	metric := func(props string) string {
		return `{"widgets":[{"type":"metric","x":0,"y":0,"width":6,"height":6,"properties":` + props + `}]}`
	}
	for _, tc := range []struct {
		name, body string
		want       []Message
	}{
		{"not JSON", `{"widgets":`, []Message{{"", "Should be valid JSON: unexpected EOF"}}},
		{"trailing data", `{"widgets":[]} {}`, []Message{{"", "Should be valid JSON: unexpected data after the top-level value"}}},
		{"array", `[]`, []Message{{"", "Should be object"}}},
		{"no widgets", `{}`, []Message{{"", "Should have required property 'widgets'"}}},
		{"widgets object", `{"widgets":{}}`, []Message{{"/widgets", "Should be array"}}},
		{"bad type", `{"widgets":[{"type":"chart","properties":{}}]}`, []Message{{"/widgets/0/type", "Should be equal to one of the allowed values"}}},
		{"no properties", `{"widgets":[{"type":"text"}]}`, []Message{{"/widgets/0", "Should have required property 'properties'"}}},
		{"x without y", `{"widgets":[{"type":"text","x":1,"properties":{"markdown":"m"}}]}`, []Message{{"/widgets/0", "Should have property y when property x is present"}}},
		{"x out of grid", `{"widgets":[{"type":"text","x":24,"y":0,"properties":{"markdown":"m"}}]}`, []Message{{"/widgets/0/x", "Should be <= 23"}}},
		{"too wide", `{"widgets":[{"type":"text","x":20,"y":0,"width":6,"properties":{"markdown":"m"}}]}`, []Message{{"/widgets/0", "Should fit the 24-column grid: x + width is 26"}}},
		{"width 25", `{"widgets":[{"type":"text","width":25,"properties":{"markdown":"m"}}]}`, []Message{{"/widgets/0/width", "Should be <= 24"}}},
		{"height 0", `{"widgets":[{"type":"text","height":0,"properties":{"markdown":"m"}}]}`, []Message{{"/widgets/0/height", "Should be >= 1"}}},
		{"height 1001", `{"widgets":[{"type":"text","height":1001,"properties":{"markdown":"m"}}]}`, []Message{{"/widgets/0/height", "Should be <= 1000"}}},
		{"fractional width", `{"widgets":[{"type":"text","width":2.5,"properties":{"markdown":"m"}}]}`, []Message{{"/widgets/0/width", "Should be integer"}}},
		{"metric row object", metric(`{"region":"us-east-1","metrics":[{"namespace":"AWS/EC2"}]}`), []Message{
			{"/widgets/0/properties/metrics/0", "Should be array"},
			{"/widgets/0/properties/metrics/0", metricsRowHelp},
		}},
		{"metric row number", metric(`{"region":"us-east-1","metrics":[["AWS/EC2",5]]}`), []Message{
			{"/widgets/0/properties/metrics/0/1", "Should be string"},
			{"/widgets/0/properties/metrics/0", metricsRowHelp},
		}},
		{"odd dimensions", metric(`{"region":"us-east-1","metrics":[["AWS/EC2","CPUUtilization","InstanceId"]]}`), []Message{
			{"/widgets/0/properties/metrics/0", "Should have dimensions as name and value pairs after the metric name"},
		}},
		{"dot in first row", metric(`{"region":"us-east-1","metrics":[[".","CPUUtilization"]]}`), []Message{
			{"/widgets/0/properties/metrics/0/0", `Should not be "." in the first row: there is no row above to repeat`},
		}},
		{"named color", metric(`{"region":"us-east-1","metrics":[["AWS/EC2","CPUUtilization",{"color":"red"}]]}`), []Message{
			{"/widgets/0/properties/metrics/0/2/color", `Should match pattern "^#[0-9A-Fa-f]{6}$"`},
		}},
		{"upper-case id", metric(`{"region":"us-east-1","metrics":[[{"expression":"m1*2","id":"E1"}]]}`), []Message{
			{"/widgets/0/properties/metrics/0/0/id", `Should match pattern "^[a-z][A-Za-z0-9_]*$"`},
		}},
		{"empty expression", metric(`{"region":"us-east-1","metrics":[[{"expression":""}]]}`), []Message{
			{"/widgets/0/properties/metrics/0/0/expression", "Should be a non-empty string"},
		}},
		{"no region", metric(`{"metrics":[]}`), []Message{{"/widgets/0/properties", "Should have required property 'region'"}}},
		{"no metrics", metric(`{"region":"us-east-1"}`), []Message{{"/widgets/0/properties", "Should have required property 'metrics'"}}},
		{"bad view", metric(`{"region":"us-east-1","metrics":[],"view":"line"}`), []Message{{"/widgets/0/properties/view", "Should be equal to one of the allowed values"}}},
		{"gauge without range", metric(`{"region":"us-east-1","metrics":[],"view":"gauge","yAxis":{"left":{"min":0}}}`), []Message{{"/widgets/0/properties/yAxis/left", "Should have required property 'max'"}}},
		{"stacked string", metric(`{"region":"us-east-1","metrics":[],"stacked":"true"}`), []Message{{"/widgets/0/properties/stacked", "Should be boolean"}}},
		{"alarm and metrics", metric(`{"region":"us-east-1","metrics":[],"annotations":{"alarms":["arn:aws:cloudwatch:us-east-1:123456789012:alarm:a"]}}`), []Message{
			{"/widgets/0/properties", "Should NOT have property metrics when an alarm annotation is present"},
		}},
		{"two alarm annotations", metric(`{"region":"us-east-1","annotations":{"alarms":["arn:aws:cloudwatch:us-east-1:123456789012:alarm:a","arn:aws:cloudwatch:us-east-1:123456789012:alarm:b"]}}`), []Message{
			{"/widgets/0/properties/annotations/alarms", "Should NOT have more than 1 items"},
		}},
		{"horizontal value string", metric(`{"region":"us-east-1","metrics":[],"annotations":{"horizontal":[{"value":"80"}]}}`), []Message{
			{"/widgets/0/properties/annotations/horizontal/0/value", "Should be number"},
		}},
		{"band of three", metric(`{"region":"us-east-1","metrics":[],"annotations":{"horizontal":[[{"value":1},{"value":2},{"value":3}]]}}`), []Message{
			{"/widgets/0/properties/annotations/horizontal/0", "Should have exactly 2 items: a band runs from one annotation to the other"},
		}},
		{"vertical fill", metric(`{"region":"us-east-1","metrics":[],"annotations":{"vertical":[{"value":"2024-01-01T00:00:00Z","fill":"above"}]}}`), []Message{
			{"/widgets/0/properties/annotations/vertical/0/fill", "Should be equal to one of the allowed values"},
		}},
		{"text without markdown", `{"widgets":[{"type":"text","properties":{}}]}`, []Message{{"/widgets/0/properties", "Should have required property 'markdown'"}}},
		{"log without SOURCE", `{"widgets":[{"type":"log","properties":{"region":"us-east-1","query":"fields @message"}}]}`, []Message{
			{"/widgets/0/properties/query", "Should start with SOURCE 'log group name', one per log group, separated by |"},
		}},
		{"alarm widget empty", `{"widgets":[{"type":"alarm","properties":{"alarms":[]}}]}`, []Message{{"/widgets/0/properties/alarms", "Should NOT have fewer than 1 items"}}},
		{"alarm widget bad ARN", `{"widgets":[{"type":"alarm","properties":{"alarms":["cpu-high"],"states":["FIRING"]}}]}`, []Message{
			{"/widgets/0/properties/alarms/0", `Should match pattern "` + alarmARNRE.String() + `"`},
			{"/widgets/0/properties/states/0", "Should be equal to one of the allowed values"},
		}},
		{"explorer without labels", `{"widgets":[{"type":"explorer","properties":{"metrics":[{"metricName":"CPUUtilization","resourceType":"AWS::EC2::Instance"}]}}]}`, []Message{
			{"/widgets/0/properties", "Should have required property 'labels'"},
		}},
		{"messages of several widgets", `{"widgets":[{"type":"text","properties":{}},{"type":"nope","properties":{}}]}`, []Message{
			{"/widgets/0/properties", "Should have required property 'markdown'"},
			{"/widgets/1/type", "Should be equal to one of the allowed values"},
		}},
		{"too big", `{"widgets":[],"pad":"` + strings.Repeat("x", maxBodyBytes) + `"}`, []Message{{"", "Should NOT be longer than 1048576 characters"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Validate(tc.body)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestValidationErrorMessage(t *testing.T) {
	e := &ValidationError{Messages: []Message{{"/widgets/0/type", "Should be equal to one of the allowed values"}}}
	want := "The dashboard body is invalid, there are 1 validation errors:\n[\n  {\n    \"dataPath\": \"/widgets/0/type\",\n    \"message\": \"Should be equal to one of the allowed values\"\n  }\n]"
	if e.Error() != want {
		t.Errorf("got %q", e.Error())
	}
}

func FuzzValidate(f *testing.F) {
	exported, err := os.ReadFile("testdata/exported.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(exported))
	f.Add(`{"widgets":[{"type":"metric","x":23,"y":0,"width":2,"properties":{"metrics":[[".",{}],[{}]],"annotations":{"horizontal":[[1,2]]}}}]}`)
	f.Add(`{"widgets":[{"type":"log","properties":{"query":5}}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		for _, m := range Validate(body) {
			if m.Message == "" {
				t.Fatalf("message without text at %q", m.DataPath)
			}
		}
	})
}
