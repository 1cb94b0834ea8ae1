package metricmath

import (
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"CustomCount1", []string{"Custom", "Count", "1"}},
		{"SDBFailure", []string{"SDB", "Failure"}},
		{"Project2-trial333", []string{"Project", "2", "trial", "333"}},
		{"Network-Errors_2", []string{"Network", "Errors", "2"}},
		{"couNT", []string{"cou", "NT"}},
		{"CPUUtilization", []string{"CPU", "Utilization"}},
		{"i-0abc12", []string{"i", "0", "abc", "12"}},
		{"HTTPCode_Target_5XX_Count", []string{"HTTP", "Code", "Target", "5", "XX", "Count"}},
		{"--", nil},
		{"Größe", []string{"Größe"}},
	}
	for _, tt := range tests {
		if got := appendPieces(nil, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("appendPieces(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPartialMatch follows the tokenization and partial match sections of
// "CloudWatch search expression syntax".
func TestPartialMatch(t *testing.T) {
	tests := []struct {
		term, name string
		want       bool
	}{
		{"count", "CustomCount1", true},
		{"Count", "CustomCount1", true},
		{"COUNT", "CustomCount1", true},
		{"couNT", "CustomCount1", false},
		{"CustomCount", "CustomCount1", true},
		{"Count1", "CustomCount1", true},
		{"customcount", "CustomCount1", false},
		{"count1", "CustomCount1", false},
		{"customcount1", "CustomCount1", true},
		{"1", "CustomCount1", true},
		{"sdb", "SDBFailure", true},
		{"sdbfailure", "SDBFailure", true},
		{"project2trial333", "Project2-trial333", true},
		{"trial", "Project2-trial333", true},
		{"network/errors", "Network-Errors-2", true},
		{"network+errors", "NetworkErrors2", true},
		{"network-errors", "Network-Errors-2", true},
		{"Network_Errors", "NetworkErrors2", true},
		{"errors network", "Network-Errors-2", false},
		{"netw", "Network-Errors-2", false},
		{"i-1234567890123456", "i-1234567890123456", true},
		{"1234567890123456", "i-1234567890123456", true},
		{"micro", "t2.micro", true},
		{"t2", "t2.micro", true},
		{"T2", "t2.micro", true},
		{"2micro", "t2.micro", true},
		{"micro2", "t2.micro", false},
		{"ReadOps", "VolumeReadOps", true},
		{"readops", "VolumeReadOps", false},
	}
	for _, tt := range tests {
		if got := matchPartial(compilePartial(tt.term), tt.name); got != tt.want {
			t.Errorf("partial %q in %q = %v, want %v", tt.term, tt.name, got, tt.want)
		}
	}
}

type testMetric struct {
	ns, name string
	dims     map[string]string
}

var searchMetrics = []testMetric{
	{"AWS/EC2", "CPUUtilization", map[string]string{"InstanceId": "i-1234567890123456"}},
	{"AWS/EC2", "CPUUtilization", map[string]string{"InstanceId": "i-abc", "Project": "ProjectA"}},
	{"AWS/EC2", "NetworkPacketsIn", map[string]string{"InstanceId": "i-abc"}},
	{"AWS/EC2", "CPUUtilization", map[string]string{"AutoScalingGroupName": "web"}},
	{"AWS/EBS", "VolumeReadOps", map[string]string{"VolumeId": "vol-1"}},
	{"AWS/Lambda", "Errors", map[string]string{"FunctionName": "ingest"}},
	{"AWS/Lambda", "Invocations", map[string]string{"FunctionName": "ProjectB-api"}},
	{"AWS/Lambda", "Invocations", map[string]string{"FunctionName": "other"}},
	{"MyApp", "CustomCount1", map[string]string{"Stage": "prod"}},
	{"My Namespace", "Custom:Name[Special_Characters", map[string]string{"Dimension@Name": "x"}},
	{"Traffic", `Europe\France Traffic(Network)`, nil},
}

func TestSearchMatches(t *testing.T) {
	tests := []struct {
		query string
		want  []int // indexes into searchMetrics
	}{
		{`{AWS/EC2,InstanceId} MetricName="CPUUtilization"`, []int{0}},
		{`{AWS/EC2,InstanceId,Project} MetricName="CPUUtilization"`, []int{1}},
		{`{AWS/EC2,Project,InstanceId}`, []int{1}},
		{`{AWS/EC2,InstanceId}`, []int{0, 2}},
		{`{AWS/EC2}`, nil},
		{`{AWS/EC2,InstanceId} network AND packets`, []int{2}},
		{`{AWS/EC2,InstanceId} network packets`, []int{2}},
		{`{AWS/EC2,InstanceId} MetricName="CPUUtilization" NOT i-1234567890123456`, nil},
		{`MetricName="CPUUtilization" NOT ProjectA`, []int{0, 3}},
		{`MetricName="CPUUtilization" NOT "ProjectA" NOT "web"`, []int{0}},
		{`NOT Namespace=AWS`, []int{8, 9, 10}},
		{`(EC2 OR EBS) AND MetricName=ReadOps`, []int{4}},
		{`(EC2 OR EBS) MetricName=ReadOps`, []int{4}},
		{`{AWS/Lambda,FunctionName} MetricName="Errors" OR (MetricName="Invocations" AND (ProjectA OR ProjectB))`, []int{5, 6}},
		{`"CPUUtilization"`, []int{0, 1, 3}},
		{`"cpuutilization"`, nil},
		{`MetricName="CustomCount1"`, []int{8}},
		{`{MyApp} "CustomCount1"`, nil},
		{`{MyApp, Stage} "CustomCount1"`, []int{8}},
		{`{MyApp, Stage} "Custom"`, nil},
		{`{MyApp, Stage} count`, []int{8}},
		{`Stage=prod`, []int{8}},
		{`Stage=PROD`, []int{8}},
		{`Stage="PROD"`, nil},
		{`InstanceId=abc`, []int{1, 2}},
		{`InstanceId`, []int{0, 1, 2}},
		{`Namespace="AWS/EC2" MetricName=packets`, []int{2}},
		{`{"My Namespace", "Dimension@Name"}, "Custom:Name[Special_Characters"`, []int{9}},
		{`"Europe\\France Traffic\(Network\)"`, []int{10}},
		{`Missing=x`, nil},
		{`NOT Missing=x`, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
	}
	for _, tt := range tests {
		q, err := ParseSearch(tt.query)
		if err != nil {
			t.Errorf("ParseSearch(%q): %v", tt.query, err)
			continue
		}
		var got []int
		for i, m := range searchMetrics {
			if q.Matches(m.ns, m.name, m.dims) {
				got = append(got, i)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s matches %v, want %v", tt.query, got, tt.want)
		}
	}
}

// TestSearchHandBuilt checks that a query built without ParseSearch still
// matches.
func TestSearchHandBuilt(t *testing.T) {
	q := &SearchQuery{Terms: &SearchOr{Terms: []SearchNode{
		&SearchTerm{Key: "MetricName", Value: "count"},
		&SearchNot{X: &SearchTerm{Value: "AWS"}},
	}}}
	if !q.Matches("AWS/X", "CustomCount1", nil) || q.Matches("AWS/X", "Other", nil) || !q.Matches("Mine", "Other", nil) {
		t.Error("hand-built query matches wrongly")
	}
	if got, want := q.String(), "MetricName=count OR NOT AWS"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
