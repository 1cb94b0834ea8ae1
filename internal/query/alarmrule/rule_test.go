package alarmrule

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/alarmeval"
)

const (
	alarm = alarmeval.StateAlarm
	ok    = alarmeval.StateOK
	insuf = alarmeval.StateInsufficientData
)

func TestParseAndEval(t *testing.T) {
	cases := []struct {
		rule      string
		canonical string
		refs      []string
		states    map[string]alarmeval.State
		want      bool
	}{
		// The examples of the PutCompositeAlarm reference.
		{`ALARM(CPUUtilizationTooHigh) AND ALARM(DiskReadOpsTooHigh)`, `ALARM("CPUUtilizationTooHigh") AND ALARM("DiskReadOpsTooHigh")`,
			[]string{"CPUUtilizationTooHigh", "DiskReadOpsTooHigh"}, map[string]alarmeval.State{"CPUUtilizationTooHigh": alarm, "DiskReadOpsTooHigh": alarm}, true},
		{`ALARM(CPUUtilizationTooHigh) AND ALARM(DiskReadOpsTooHigh)`, ``,
			nil, map[string]alarmeval.State{"CPUUtilizationTooHigh": alarm, "DiskReadOpsTooHigh": ok}, false},
		{`ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)`, `ALARM("CPUUtilizationTooHigh") AND NOT ALARM("DeploymentInProgress")`,
			nil, map[string]alarmeval.State{"CPUUtilizationTooHigh": alarm, "DeploymentInProgress": ok}, true},
		{`ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)`, ``,
			nil, map[string]alarmeval.State{"CPUUtilizationTooHigh": alarm, "DeploymentInProgress": alarm}, false},
		{`(ALARM(CPUUtilizationTooHigh) OR ALARM(DiskReadOpsTooHigh)) AND OK(NetworkOutTooHigh)`,
			`(ALARM("CPUUtilizationTooHigh") OR ALARM("DiskReadOpsTooHigh")) AND OK("NetworkOutTooHigh")`,
			[]string{"CPUUtilizationTooHigh", "DiskReadOpsTooHigh", "NetworkOutTooHigh"},
			map[string]alarmeval.State{"CPUUtilizationTooHigh": ok, "DiskReadOpsTooHigh": alarm, "NetworkOutTooHigh": ok}, true},
		{`(ALARM(CPUUtilizationTooHigh) OR ALARM(DiskReadOpsTooHigh)) AND OK(NetworkOutTooHigh)`, ``,
			nil, map[string]alarmeval.State{"CPUUtilizationTooHigh": alarm, "DiskReadOpsTooHigh": alarm, "NetworkOutTooHigh": insuf}, false},
		// Constants, quoting, ARNs.
		{`TRUE`, `TRUE`, []string{}, nil, true},
		{`FALSE`, `FALSE`, nil, nil, false},
		{`NOT FALSE`, `NOT FALSE`, nil, nil, true},
		{`ALARM("my alarm (prod)")`, `ALARM("my alarm (prod)")`, []string{"my alarm (prod)"}, map[string]alarmeval.State{"my alarm (prod)": alarm}, true},
		{`ALARM( arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu )`, `ALARM("arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu")`,
			[]string{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu"}, map[string]alarmeval.State{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu": alarm}, true},
		// INSUFFICIENT_DATA, and alarms without a known state.
		{`INSUFFICIENT_DATA(a)`, `INSUFFICIENT_DATA("a")`, nil, map[string]alarmeval.State{"a": insuf}, true},
		{`INSUFFICIENT_DATA(a)`, ``, nil, nil, true},
		{`OK(a) OR ALARM(a)`, `OK("a") OR ALARM("a")`, []string{"a"}, nil, false},
		// Precedence: NOT, then AND, then OR.
		{`TRUE OR TRUE AND FALSE`, `TRUE OR TRUE AND FALSE`, nil, nil, true},
		{`(TRUE OR TRUE) AND FALSE`, `(TRUE OR TRUE) AND FALSE`, nil, nil, false},
		{`NOT TRUE AND FALSE`, `NOT TRUE AND FALSE`, nil, nil, false},
		{`NOT (TRUE AND FALSE)`, `NOT (TRUE AND FALSE)`, nil, nil, true},
		{`NOT NOT (TRUE)`, `NOT NOT TRUE`, nil, nil, true},
		{`FALSE AND FALSE OR TRUE`, `FALSE AND FALSE OR TRUE`, nil, nil, true},
		// Redundant parentheses and nesting collapse.
		{`((ALARM(a)))`, `ALARM("a")`, nil, map[string]alarmeval.State{"a": alarm}, true},
		{`ALARM(a) AND (ALARM(b) AND ALARM(c))`, `ALARM("a") AND ALARM("b") AND ALARM("c")`, []string{"a", "b", "c"}, map[string]alarmeval.State{"a": alarm, "b": alarm, "c": alarm}, true},
		{`(ALARM(a) OR ALARM(b)) OR (ALARM(c) AND OK(d))`, `ALARM("a") OR ALARM("b") OR ALARM("c") AND OK("d")`, nil, map[string]alarmeval.State{"c": alarm, "d": ok}, true},
		{"ALARM(a)\tAND\nALARM(b)", `ALARM("a") AND ALARM("b")`, nil, nil, false},
		{`ALARM(a)AND(OK(b))`, `ALARM("a") AND OK("b")`, nil, map[string]alarmeval.State{"a": alarm, "b": ok}, true},
		{`ALARM(AND) AND OK("NOT")`, `ALARM("AND") AND OK("NOT")`, []string{"AND", "NOT"}, map[string]alarmeval.State{"AND": alarm, "NOT": ok}, true},
	}
	for _, tc := range cases {
		r, err := Parse(tc.rule)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.rule, err)
			continue
		}
		if tc.canonical != "" && r.String() != tc.canonical {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.rule, r.String(), tc.canonical)
		}
		if tc.refs != nil && strings.Join(r.Referenced(), "|") != strings.Join(tc.refs, "|") {
			t.Errorf("Parse(%q).Referenced() = %q, want %q", tc.rule, r.Referenced(), tc.refs)
		}
		if got := Evaluate(r, tc.states); got != tc.want {
			t.Errorf("%s with %v = %v, want %v", tc.rule, tc.states, got, tc.want)
		}
		r2, err := Parse(r.String())
		if err != nil || r2.String() != r.String() {
			t.Errorf("canonical %q does not read back: %v", r.String(), err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		rule, msg string
		pos       int
	}{
		// As CloudWatch reports them.
		{`()`, "Error in AlarmRule [Unsupported token ')' at char 1, must be: '(', 'NOT', TRUE or FALSE, ALARM, OK, or INSUFFICIENT_DATA]", 1},
		{`(ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:SampleQueue Oldest Age Alarm) OR ALARM(x))`,
			"Error in AlarmRule [Unsupported token 'Oldest' at char 67, must be: ')']", 67},
		{`alarm(x)`, "Error in AlarmRule [Unsupported token 'alarm' at char 0, must be: '(', 'NOT', TRUE or FALSE, ALARM, OK, or INSUFFICIENT_DATA]", 0},
		{`ALARM x`, "Error in AlarmRule [Unsupported token 'x' at char 6, must be: '(']", 6},
		{`ALARM()`, "Error in AlarmRule [Unsupported token ')' at char 6, must be: an alarm name or ARN]", 6},
		{`ALARM("")`, "Error in AlarmRule [Unsupported token '\"\"' at char 6, must be: an alarm name or ARN]", 6},
		{`ALARM(a`, "Error in AlarmRule [Unexpected end of rule at char 7, must be: ')']", 7},
		{`ALARM("a`, "Error in AlarmRule [Unterminated quoted alarm name at char 6, must be: '\"']", 6},
		{`ALARM(a) ALARM(b)`, "Error in AlarmRule [Unsupported token 'ALARM' at char 9, must be: AND or OR]", 9},
		{`ALARM(a) and ALARM(b)`, "Error in AlarmRule [Unsupported token 'and' at char 9, must be: AND or OR]", 9},
		{`(ALARM(a)`, "Error in AlarmRule [Unexpected end of rule at char 9, must be: ')', AND or OR]", 9},
		{`ALARM(a))`, "Error in AlarmRule [Unsupported token ')' at char 8, must be: AND or OR]", 8},
		{`ALARM(a) AND`, "Error in AlarmRule [Unexpected end of rule at char 12, must be: '(', 'NOT', TRUE or FALSE, ALARM, OK, or INSUFFICIENT_DATA]", 12},
		{`NOT`, "Error in AlarmRule [Unexpected end of rule at char 3, must be: '(', 'NOT', TRUE or FALSE, ALARM, OK, or INSUFFICIENT_DATA]", 3},
		{`"x"`, "Error in AlarmRule [Unsupported token '\"x\"' at char 0, must be: '(', 'NOT', TRUE or FALSE, ALARM, OK, or INSUFFICIENT_DATA]", 0},
		{`ALARM(é) OK`, "Error in AlarmRule [Unsupported token 'OK' at char 9, must be: AND or OR]", 9},
		{`   `, "Error in AlarmRule [Unexpected end of rule at char 3, must be: '(', 'NOT', TRUE or FALSE, ALARM, OK, or INSUFFICIENT_DATA]", 3},
		{``, "1 validation error detected: Value at 'alarmRule' failed to satisfy constraint: Member must have length greater than or equal to 1", 0},
		{strings.Repeat(" ", 10236) + "TRUE" + " ", "1 validation error detected: Value at 'alarmRule' failed to satisfy constraint: Member must have length less than or equal to 10240", 10240},
	}
	for _, tc := range cases {
		_, err := Parse(tc.rule)
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, model.ErrValidation) {
			t.Errorf("Parse(%.60q): error %v is not a *ParseError wrapping ErrValidation", tc.rule, err)
			continue
		}
		if pe.Msg != tc.msg || pe.Pos != tc.pos {
			t.Errorf("Parse(%.60q):\n got %q at %d\nwant %q at %d", tc.rule, pe.Msg, pe.Pos, tc.msg, tc.pos)
		}
	}
	if _, err := Parse(strings.Repeat(" ", 10236) + "TRUE"); err != nil {
		t.Errorf("a rule of exactly 10240 characters: %v", err)
	}
}

func TestLimits(t *testing.T) {
	names := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = "ALARM(a" + string(rune('0'+i/100)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10)) + ")"
		}
		return strings.Join(parts, " OR ")
	}
	r, err := Parse(names(100))
	if err != nil || len(r.Referenced()) != 100 {
		t.Fatalf("100 alarms: %v", err)
	}
	_, err = Parse(names(101))
	if err == nil || !strings.Contains(err.Error(), "at most 100") {
		t.Errorf("101 alarms: %v", err)
	}
	// The same alarm referenced again is still one alarm.
	if _, err := Parse(names(100) + " OR OK(a000)"); err != nil {
		t.Errorf("100 alarms, one twice: %v", err)
	}
	elems := strings.TrimSuffix(strings.Repeat("TRUE OR ", 500), " OR ")
	if _, err := Parse(elems); err != nil {
		t.Errorf("500 elements: %v", err)
	}
	if _, err := Parse(elems + " OR TRUE"); err == nil || !strings.Contains(err.Error(), "at most 500") {
		t.Errorf("501 elements: %v", err)
	}
	if _, err := Parse(strings.Repeat("(", 250) + "TRUE" + strings.Repeat(")", 250)); err != nil {
		t.Errorf("249 nested groups and a constant: %v", err)
	}
	if _, err := Parse(strings.Repeat("(", 500) + "TRUE" + strings.Repeat(")", 500)); err == nil {
		t.Error("500 groups and a constant are 501 elements")
	}
}

func TestReason(t *testing.T) {
	ts := time.Date(2022, 7, 22, 15, 57, 45, 394e6, time.UTC)
	tr := Trigger{ARN: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh", State: alarm, Timestamp: ts}
	want := "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh transitioned to ALARM at Friday 22 July, 2022 15:57:45 UTC"
	if got := Reason(tr); got != want {
		t.Errorf("Reason = %q, want %q", got, want)
	}
	wantData := `{"triggeringAlarms":[{"arn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh","state":{"value":"ALARM","timestamp":"2022-07-22T15:57:45.394+0000"}}]}`
	if got := ReasonData([]Trigger{tr}); got != wantData {
		t.Errorf("ReasonData = %s, want %s", got, wantData)
	}
	odd := ReasonData([]Trigger{{ARN: "a\"b\\c\x01é", State: ok, Timestamp: ts}, tr})
	if !json.Valid([]byte(odd)) {
		t.Errorf("ReasonData is not JSON: %s", odd)
	}
}

// FuzzParse checks that Parse never panics, that errors are well formed,
// and that the canonical form reads back to a rule that prints and
// evaluates the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)`,
		`(ALARM(a) OR ALARM("b c")) AND OK(arn:aws:cloudwatch:us-east-1:123456789012:alarm:net) OR INSUFFICIENT_DATA(d)`,
		`NOT NOT (TRUE OR FALSE) AND (FALSE)`, `()`, `ALARM(`, `ALARM("`, `OK(a) OR`, "ALARM(é)\tAND\nOK(\"ü\")",
	} {
		f.Add(s)
	}
	states := []map[string]alarmeval.State{nil, {"a": alarm, "b c": ok, "d": insuf}, {"a": ok, "CPUUtilizationTooHigh": alarm}}
	f.Fuzz(func(t *testing.T, src string) {
		r, err := Parse(src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Msg == "" || pe.Pos < 0 || pe.Pos > len(src) || !errors.Is(err, model.ErrValidation) {
				t.Fatalf("Parse(%q): bad error %#v", src, err)
			}
			return
		}
		s := r.String()
		r2, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", src, s, err)
		}
		if s2 := r2.String(); s2 != s {
			t.Fatalf("printing is not stable:\n%s\n%s", s, s2)
		}
		if strings.Join(r.Referenced(), "\x00") != strings.Join(r2.Referenced(), "\x00") {
			t.Fatalf("references differ: %q vs %q", r.Referenced(), r2.Referenced())
		}
		for _, st := range states {
			if r.Eval(st) != r2.Eval(st) {
				t.Fatalf("%s and %s disagree on %v", src, s, st)
			}
		}
	})
}
