package syntax

import (
	"reflect"
	"testing"
)

func TestParseFieldsCmd(t *testing.T) {
	q := expectParse(t, "fields @timestamp, abs(x - 1) as `a b`, j.k AS out, strlen(s)",
		"fields @timestamp, abs(x - 1) as `a b`, j.k as out, strlen(s)")
	c := q.Commands[0].(*FieldsCmd)
	var names []string
	for _, p := range c.Items {
		names = append(names, p.OutputName())
	}
	if want := []string{"@timestamp", "a b", "out", "strlen(s)"}; !reflect.DeepEqual(names, want) {
		t.Errorf("output names %q, want %q", names, want)
	}
	expectParse(t, "fields a.b as c.d", "fields a.b as `c.d`")
	expectParseError(t, "fields", `unexpected end of query at position 7: expected a field name after "fields"`)
	expectParseError(t, "fields a as as", `expected a name after "as"`)
	expectParseError(t, "fields a, , b", `expected a field name after ","`)
}

func TestParseDisplayCmd(t *testing.T) {
	q := expectParse(t, "display a, b.c, unmask(@message) as m", "display a, b.c, unmask(@message) as m")
	if n := len(q.Commands[0].(*DisplayCmd).Items); n != 3 {
		t.Errorf("%d items", n)
	}
	expectParseError(t, "display | limit 1", `expected a field name after "display"`)
}

func TestParseUnmaskCmd(t *testing.T) {
	expectParse(t, "unmask @message", "unmask @message")
	expectParse(t, "unmask(@message)", "unmask @message")
	expectParseError(t, "unmask", `expected a field name after "unmask"`)
	expectParseError(t, "unmask(@message", `expected ")"`)
}
