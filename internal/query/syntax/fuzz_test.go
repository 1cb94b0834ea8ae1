package syntax

import (
	"errors"
	"testing"
)

var parseSeeds = []string{
	"fields @timestamp, @message | sort @timestamp desc | limit 20",
	"filter status >= 500 and @message like /err(or)?/ | stats count(*) as n, avg(latency) by bin(5m), host | sort n desc",
	`parse @message "user=*, method:*" as user, method | display user`,
	`parse @message /(?<@user>\w+) (?<m>[A-Z]+)/`,
	"filter x not in [1, 'a'] and not y not like \"z\" or -2^2 = (-2)^2",
	"stats sum(x)/count(*) * 100 as pct by bin(1h) | stats avg(pct)",
	"SOURCE logGroups(namePrefix: ['a'], class: STANDARD) | fields x",
	"fields jsonParse(@message) as j | unnest j.events into e | display e.name, j.`a.b`[0]",
	"dedup a, b | limit 3",
	"pattern @message | anomaly",
	"diff previousWeek",
	"filterIndex a = 1 or b in ['x']",
	"fields `a``b`, @@x.y, items.0.id # comment\n| filter a = \"q\\\"\\d\"",
	"fields datefloor(@timestamp, 1mo), dateceil(@timestamp, 2hrs), fromMillis(1e12)",
	"unmask(@message) | fields unmask(x) as y",
	"stats count(*) by | fields x",
	"fitler x | fields strln(y) | limit 0",
	"filter a < b < c",
	"filter `",
	"filter x like /",
	"/",
	"",
}

// FuzzParse checks that Parse never panics, that every error is well
// formed, and that whatever parses prints to a fixed point of Parse and
// String.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			t.Skip()
		}
		q, err := Parse(src)
		if err != nil {
			var pe ParseErrors
			if !errors.As(err, &pe) || len(pe) == 0 || len(pe) > maxErrors {
				t.Fatalf("Parse(%q): error %T %v", src, err, err)
			}
			for _, e := range pe {
				if e.Msg == "" || e.Start < 0 || e.End < e.Start || e.End > len(src) {
					t.Fatalf("Parse(%q): bad error %+v", src, e)
				}
			}
			return
		}
		s := q.String()
		q2, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", src, s, err)
		}
		if s2 := q2.String(); s2 != s {
			t.Fatalf("Parse(%q): printing is not stable:\n%q\n%q", src, s, s2)
		}
		_ = q.NeededFields()
		_ = q.RequiredTerms()
		_ = q.TimeBounds()
		_ = q.IndexFilters()
	})
}
