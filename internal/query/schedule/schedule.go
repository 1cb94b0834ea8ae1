package schedule

import (
	"strconv"
	"strings"
	"time"
)

// Schedule is a parsed schedule expression: a rate or a cron expression.
// It is immutable and safe for concurrent use.
type Schedule struct {
	expr  string
	every time.Duration // rates only
	cron  *cron         // cron expressions only
}

// maxRate bounds a rate so that adding it to a time cannot overflow.
const maxRate = 100 * 365 * 24 * time.Hour

// rateUnits maps each unit word to its length and whether it is the plural
// form.
var rateUnits = map[string]struct {
	d      time.Duration
	plural bool
}{
	"minute": {time.Minute, false}, "minutes": {time.Minute, true},
	"hour": {time.Hour, false}, "hours": {time.Hour, true},
	"day": {24 * time.Hour, false}, "days": {24 * time.Hour, true},
}

// Parse parses "rate(value unit)" or "cron(fields)". Errors are *Error.
func Parse(expr string) (*Schedule, error) {
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		return parseRate(expr[len("rate(") : len(expr)-1])
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		c, err := parseCron(expr[len("cron(") : len(expr)-1])
		if err != nil {
			return nil, err
		}
		return &Schedule{expr: "cron(" + c.String() + ")", cron: c}, nil
	}
	return nil, invalid("%q is neither rate(...) nor cron(...)", expr)
}

func parseRate(body string) (*Schedule, error) {
	parts := strings.Fields(body)
	if len(parts) != 2 {
		return nil, invalid("a rate needs a value and a unit")
	}
	value, unitWord := parts[0], parts[1]
	if strings.Trim(value, "0123456789") != "" {
		return nil, invalid("rate value %q is not a positive whole number", value)
	}
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil || n <= 0 {
		return nil, invalid("rate value %q is not a positive whole number", value)
	}
	unit, ok := rateUnits[unitWord]
	if !ok {
		return nil, invalid("rate unit %q is not minute(s), hour(s) or day(s)", unitWord)
	}
	if (n == 1) == unit.plural {
		if n == 1 {
			return nil, invalid("a rate of 1 takes a singular unit, not %q", unitWord)
		}
		return nil, invalid("a rate of %d takes a plural unit, not %q", n, unitWord)
	}
	if n > int64(maxRate/unit.d) {
		return nil, invalid("rate %d %s is too long", n, unitWord)
	}
	return &Schedule{expr: "rate(" + strconv.FormatInt(n, 10) + " " + unitWord + ")", every: time.Duration(n) * unit.d}, nil
}

// String returns the expression in canonical form: single spaces, leading
// zeros of a rate value dropped.
func (s *Schedule) String() string { return s.expr }

// Rate returns the interval of a rate expression; ok is false for cron.
func (s *Schedule) Rate() (every time.Duration, ok bool) {
	return s.every, s.cron == nil
}

// Next returns the first time after `after` at which the schedule fires,
// in UTC. A rate fires one interval after the previous run (pass the
// previous run, or the rule's creation time before the first run). A cron
// expression fires at the start of each matching minute. The zero time
// means the schedule never fires again (a cron expression whose years are
// all past, or that names a day that does not exist, such as 30 February).
func (s *Schedule) Next(after time.Time) time.Time {
	if s.cron == nil {
		return after.UTC().Add(s.every)
	}
	return s.cron.next(after.UTC())
}
