package metricmath

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestParseSearchCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{` {AWS/EC2,InstanceId} MetricName="CPUUtilization" `, `{AWS/EC2, InstanceId} MetricName="CPUUtilization"`},
		{`{AWS/EC2}`, `{AWS/EC2}`},
		{`{AWS/EC2, InstanceId, InstanceId}`, `{AWS/EC2, InstanceId}`},
		{` {MyNamespace}, "CustomCount1" `, `{MyNamespace} "CustomCount1"`},
		{` {"My Namespace", "Dimension@Name"}, "Custom:Name[Special_Characters" `, `{"My Namespace", Dimension@Name} "Custom:Name[Special_Characters"`},
		{` {AWS/NetworkELB, LoadBalancer} "ConsumedLCUs" OR flow `, `{AWS/NetworkELB, LoadBalancer} "ConsumedLCUs" OR flow`},
		{`"Europe\\France Traffic\(Network\)"`, `"Europe\\France Traffic\(Network\)"`},
		{`{AWS/EC2,InstanceId} network AND packets`, `{AWS/EC2, InstanceId} network AND packets`},
		{`{AWS/EC2,InstanceId} network packets`, `{AWS/EC2, InstanceId} network AND packets`},
		{`MetricName="CPUUtilization" NOT i-1234567890123456`, `MetricName="CPUUtilization" AND NOT i-1234567890123456`},
		{`NOT Namespace=AWS `, `NOT Namespace=AWS`},
		{`(EC2 OR EBS) AND MetricName=ReadOps`, `(EC2 OR EBS) AND MetricName=ReadOps`},
		{`(EC2 OR EBS) MetricName=ReadOps`, `(EC2 OR EBS) AND MetricName=ReadOps`},
		{`{AWS/Lambda,FunctionName} MetricName="Errors" OR (MetricName="Invocations" AND (ProjectA OR ProjectB))`, `{AWS/Lambda, FunctionName} MetricName="Errors" OR MetricName="Invocations" AND (ProjectA OR ProjectB)`},
		{`a OR (b OR c)`, `a OR b OR c`},
		{`a (b c)`, `a AND b AND c`},
		{`NOT (a b)`, `NOT (a AND b)`},
		{`NOT NOT a`, `NOT NOT a`},
		{`InstanceType=micro`, `InstanceType=micro`},
		{`InstanceType = "t2.micro" Namespace="AWS/EC2"`, `InstanceType="t2.micro" AND Namespace="AWS/EC2"`},
		{`:aws.AccountId = 'LOCAL'`, `:aws.AccountId="LOCAL"`},
		{`"My Dim"=x`, `"My Dim"=x`},
		{`and or not`, `and AND or AND not`},
		{`network/errors, Network_Errors`, `network/errors AND Network_Errors`},
	}
	for _, tt := range tests {
		q, err := ParseSearch(tt.in)
		if err != nil {
			t.Errorf("ParseSearch(%q): %v", tt.in, err)
			continue
		}
		if got := q.String(); got != tt.want {
			t.Errorf("ParseSearch(%q).String() = %q, want %q", tt.in, got, tt.want)
			continue
		}
		q2, err := ParseSearch(tt.want)
		if err != nil || q2.String() != tt.want {
			t.Errorf("canonical %q does not read back: %v", tt.want, err)
		}
	}
}

func TestParseSearchStructure(t *testing.T) {
	q, err := ParseSearch(`{AWS/EC2, InstanceId, AutoScalingGroupName} MetricName="CPUUtilization" NOT i-1`)
	if err != nil {
		t.Fatal(err)
	}
	if !q.HasSchema || q.Namespace != "AWS/EC2" || !slices.Equal(q.DimensionNames, []string{"InstanceId", "AutoScalingGroupName"}) {
		t.Fatalf("schema = %v %q %q", q.HasSchema, q.Namespace, q.DimensionNames)
	}
	and, ok := q.Terms.(*SearchAnd)
	if !ok || len(and.Terms) != 2 {
		t.Fatalf("terms = %#v", q.Terms)
	}
	if term, ok := and.Terms[0].(*SearchTerm); !ok || term.Key != "MetricName" || term.Value != "CPUUtilization" || !term.Exact {
		t.Errorf("first term = %#v", and.Terms[0])
	}
	if not, ok := and.Terms[1].(*SearchNot); !ok {
		t.Errorf("second term = %#v", and.Terms[1])
	} else if term, ok := not.X.(*SearchTerm); !ok || term.Key != "" || term.Value != "i-1" || term.Exact {
		t.Errorf("negated term = %#v", not.X)
	}
	q, err = ParseSearch("cpu")
	if err != nil || q.HasSchema || q.Terms == nil {
		t.Errorf("ParseSearch(cpu) = %+v, %v", q, err)
	}
}

func TestParseSearchErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"", 0, "Syntax error at position 1: a search needs a metric schema in braces, search terms, or both"},
		{"  , ", 0, "Syntax error at position 1: a search needs a metric schema in braces, search terms, or both"},
		{"{}", 0, "Syntax error at position 1: the metric schema must name a namespace"},
		{"{AWS/EC2", 8, "Syntax error at position 9: the search query ends too early"},
		{"{AWS/EC2,}", 9, "Syntax error at position 10: unexpected }"},
		{"{AWS/EC2 x}", 9, "Syntax error at position 10: unexpected x"},
		{`"abc`, 0, "Syntax error at position 1: the quoted text is not closed"},
		{"a OR", 4, "Syntax error at position 5: the search query ends too early"},
		{"a AND OR b", 6, "Syntax error at position 7: unexpected OR"},
		{"(a", 2, "Syntax error at position 3: the search query ends too early"},
		{"a)", 1, "Syntax error at position 2: unexpected )"},
		{"()", 1, "Syntax error at position 2: unexpected )"},
		{"a = ", 4, "Syntax error at position 5: the search query ends too early"},
		{"a = (b)", 4, "Syntax error at position 5: unexpected ("},
		{`""=x`, 0, "Syntax error at position 1: the property name before = is empty"},
		{"a {b}", 2, "Syntax error at position 3: unexpected {"},
		{"MetricName=-", 11, "Syntax error at position 12: the search term - has no letters or digits to match; put it in double quotes to match it exactly"},
		{"é x )", 5, "Syntax error at position 5: unexpected )"},
		{strings.Repeat("a ", 513), 1024, "Syntax error at position 1025: a search query is at most 1024 characters long"},
		{strings.Repeat("(", 300) + "a", 200, "Syntax error at position 201: the search query is nested too deeply"},
	}
	for _, tt := range tests {
		_, err := ParseSearch(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseSearch(%q) = %v, want a *ParseError", tt.in, err)
			continue
		}
		if pe.Pos != tt.pos || pe.Msg != tt.msg {
			t.Errorf("ParseSearch(%q) = {%d, %q}, want {%d, %q}", tt.in, pe.Pos, pe.Msg, tt.pos, tt.msg)
		}
		if !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("ParseSearch(%q) error does not wrap ErrInvalidParameter", tt.in)
		}
	}
}
