package syntax

import "testing"

func TestParseSortCmd(t *testing.T) {
	q := expectParse(t, "sort a DESC, b asc, c", "sort a desc, b asc, c")
	keys := q.Commands[0].(*SortCmd).Keys
	if !keys[0].Descending() || keys[1].Descending() || keys[2].Descending() || keys[2].Order != SortDefault {
		t.Errorf("orders %v %v %v", keys[0].Order, keys[1].Order, keys[2].Order)
	}
	expectParse(t, "stats count(*) as n by x | sort count(*) desc", "stats count(*) as n by x | sort count(*) desc")
	expectParseError(t, "sort", "expected a field name to sort by")
	expectParseError(t, "sort a up", `unexpected "up" at position 8`)
}

func TestParseLimitCmd(t *testing.T) {
	q := expectParse(t, "limit 25", "limit 25")
	if q.Commands[0].(*LimitCmd).N != 25 {
		t.Error("wrong N")
	}
	expectParse(t, "limit 1000000", "limit 1000000")
	expectParseError(t, "limit 0", "limit at position 7 must be a whole number from 1 to 1000000, not 0")
	expectParseError(t, "limit 2.5", "must be a whole number")
	expectParseError(t, "limit 1000001", "must be a whole number")
	expectParseError(t, "limit x", `expected a number of rows after "limit"`)
}

func TestParseDedupCmd(t *testing.T) {
	q := expectParse(t, "dedup server, `a b`", "dedup server, `a b`")
	if n := len(q.Commands[0].(*DedupCmd).Fields); n != 2 {
		t.Errorf("%d fields", n)
	}
	expectParseError(t, "dedup", `expected a field name after "dedup"`)
	expectParseError(t, "dedup a,", `expected a field name after ","`)
	expectParseError(t, "dedup abs(x)", `unexpected "(" at position 10`)
}
