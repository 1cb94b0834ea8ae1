package syntax

import (
	"reflect"
	"testing"
)

func TestParseFilterCmd(t *testing.T) {
	expectParse(t, "filter (duration>2000)", "filter duration > 2000")
	expectParse(t, "filter statusCode like /2\\d\\d/", `filter statusCode like /2\d\d/`)
	expectParse(t, "filter f1 =~ /^(?i)Exception$/", "filter f1 =~ /^(?i)Exception$/")
	expectParse(t, "filter logGroup in [\"example_group\"]", `filter logGroup in ["example_group"]`)
	expectParse(t, "filter not ispresent(x) or isblank(y)", "filter not ispresent(x) or isblank(y)")
	expectParse(t, "filter @message like 'a' and @message not like \"b\"", `filter @message like "a" and @message not like "b"`)
	expectParseError(t, "filter", `expected a condition after "filter"`)
	expectParseError(t, "filter x like y", `expected a quoted string or a /regular expression/ after "like"`)
	expectParseError(t, "filter x not y", `unexpected "not" at position 10`)
}

func TestParseFilterIndexCmd(t *testing.T) {
	q := expectParse(t, "filterIndex requestId = 'abc' and region in ['us-east-1', 'eu-west-1']",
		`filterIndex requestId = "abc" and region in ["us-east-1", "eu-west-1"]`)
	got := q.Commands[0].(*FilterIndexCmd).IndexFilters()
	want := []IndexFilter{{Field: "requestId", Values: []string{"abc"}}, {Field: "region", Values: []string{"us-east-1", "eu-west-1"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("IndexFilters() = %+v, want %+v", got, want)
	}
	q = expectParse(t, "filterindex 200 = status or traceId = 'x'", `filterIndex 200 = status or traceId = "x"`)
	if f := q.Commands[0].(*FilterIndexCmd).IndexFilters(); len(f) != 0 {
		t.Errorf("conditions under or are not common to every row: %+v", f)
	}
	expectParseError(t, "filterIndex a != 1", "supports only field = value and field in [values]")
	expectParseError(t, "filterIndex a = b", "supports only field = value")
	expectParseError(t, "filterIndex a in [b]", "supports only field = value")
}
