package syntax

import "testing"

func TestParseUnnestCmd(t *testing.T) {
	q := expectParse(t, "fields jsonParse(@message) as js | unnest js.events INTO event", "fields jsonParse(@message) as js | unnest js.events into event")
	c := q.Commands[1].(*UnnestCmd)
	if c.Field.Name() != "js.events" || c.Alias != "event" {
		t.Errorf("unnest %+v", c)
	}
	expectParseError(t, "unnest a", `expected "into" and the name for each element`)
	expectParseError(t, "unnest a into", `expected a name after "into"`)
	expectParseError(t, "unnest into b", `expected a field name after "unnest"`)
}

func TestParsePatternDiffAnomaly(t *testing.T) {
	q := expectParse(t, "pattern", "pattern")
	if q.Commands[0].(*PatternCmd).Input().String() != "@message" {
		t.Error("pattern without input does not read @message")
	}
	expectParse(t, "parse @message '* *' as a, b | pattern tolower(b) | anomaly", `parse @message "* *" as a, b | pattern tolower(b) | anomaly`)
	expectParse(t, "pattern @message | diff PREVIOUSDAY", "pattern @message | diff previousDay")
	expectParse(t, "diff previousweek", "diff previousWeek")
	expectParse(t, "diff previousMonth", "diff previousMonth")
	expectParseError(t, "diff yesterday", `expected previousDay, previousWeek, previousMonth or nothing after "diff"`)
	expectParseError(t, "anomaly x", `unexpected "x" at position 9`)
}
