package schedule

import (
	"strconv"
	"strings"
	"time"
)

// Year bounds of EventBridge cron expressions.
const (
	minYear = 1970
	maxYear = 2199
)

// set is a set of small integers (0-255).
type set [4]uint64

func (s *set) add(i int)      { s[i>>6] |= 1 << (uint(i) & 63) }
func (s *set) has(i int) bool { return i >= 0 && i < 256 && s[i>>6]&(1<<(uint(i)&63)) != 0 }

// cron is a parsed cron expression.
type cron struct {
	fields [6]string

	minute, hour, month, year set // year holds year-1970

	// Day-of-month, used when Day-of-week is "?".
	domAny         bool
	dom            set
	domLast        bool // L
	domLastWeekday bool // LW
	domNearest     int  // nW: the weekday nearest day n

	// Day-of-week, used when Day-of-month is "?"; 1 is Sunday.
	dowAny  bool
	dow     set
	dowLast int // nL: the last day n of the month
	dowNth  int // n#k: the k-th day n of the month
	dowK    int
}

var monthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}

var dayNames = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

// fieldSpec describes one cron field.
type fieldSpec struct {
	name     string
	min, max int
	names    map[string]int
	wrap     bool // whether a-b with a > b wraps around
}

var (
	minuteSpec = fieldSpec{name: "Minutes", min: 0, max: 59, wrap: true}
	hourSpec   = fieldSpec{name: "Hours", min: 0, max: 23, wrap: true}
	domSpec    = fieldSpec{name: "Day-of-month", min: 1, max: 31, wrap: true}
	monthSpec  = fieldSpec{name: "Month", min: 1, max: 12, names: monthNames, wrap: true}
	dowSpec    = fieldSpec{name: "Day-of-week", min: 1, max: 7, names: dayNames, wrap: true}
	yearSpec   = fieldSpec{name: "Year", min: minYear, max: maxYear}
)

func parseCron(body string) (*cron, error) {
	parts := strings.Fields(body)
	if len(parts) != 6 {
		return nil, invalid("a cron expression has 6 fields, not %d", len(parts))
	}
	c := &cron{}
	copy(c.fields[:], parts)
	var err *Error
	if c.minute, err = minuteSpec.parseList(parts[0], 0); err != nil {
		return nil, err
	}
	if c.hour, err = hourSpec.parseList(parts[1], 0); err != nil {
		return nil, err
	}
	if err = c.parseDayOfMonth(parts[2]); err != nil {
		return nil, err
	}
	if c.month, err = monthSpec.parseList(parts[3], 0); err != nil {
		return nil, err
	}
	if err = c.parseDayOfWeek(parts[4]); err != nil {
		return nil, err
	}
	if c.year, err = yearSpec.parseList(parts[5], minYear); err != nil {
		return nil, err
	}
	if c.domAny == c.dowAny {
		return nil, invalid("exactly one of Day-of-month and Day-of-week must be ?")
	}
	return c, nil
}

// String returns the six fields separated by single spaces.
func (c *cron) String() string { return strings.Join(c.fields[:], " ") }

func (c *cron) parseDayOfMonth(text string) *Error {
	switch {
	case text == "?":
		c.domAny = true
	case text == "L":
		c.domLast = true
	case text == "LW":
		c.domLastWeekday = true
	case strings.HasSuffix(text, "W"):
		n, err := domSpec.value(strings.TrimSuffix(text, "W"))
		if err != nil {
			return err
		}
		c.domNearest = n
	default:
		var err *Error
		c.dom, err = domSpec.parseList(text, 0)
		return err
	}
	return nil
}

func (c *cron) parseDayOfWeek(text string) *Error {
	switch {
	case text == "?":
		c.dowAny = true
	case text == "L":
		c.dow.add(7)
	case strings.Contains(text, "#"):
		day, nth, _ := strings.Cut(text, "#")
		n, err := dowSpec.value(day)
		if err != nil {
			return err
		}
		k, convErr := strconv.Atoi(nth)
		if convErr != nil || k < 1 || k > 5 || strings.Trim(nth, "0123456789") != "" {
			return invalid("Day-of-week %q: the instance after # must be 1 to 5, alone in the field", text)
		}
		c.dowNth, c.dowK = n, k
	case len(text) > 1 && strings.HasSuffix(text, "L"):
		n, err := dowSpec.value(strings.TrimSuffix(text, "L"))
		if err != nil {
			return err
		}
		c.dowLast = n
	default:
		var err *Error
		c.dow, err = dowSpec.parseList(text, 0)
		return err
	}
	return nil
}

// parseList parses a field of values, ranges, "*" and increments; base is
// subtracted from each value before it goes into the set.
func (f fieldSpec) parseList(text string, base int) (set, *Error) {
	var s set
	for _, part := range strings.Split(text, ",") {
		rng, stepText, hasStep := strings.Cut(part, "/")
		var lo, hi int
		switch a, b, isRange := strings.Cut(rng, "-"); {
		case rng == "*":
			lo, hi = f.min, f.max
		case isRange:
			var err *Error
			if lo, err = f.value(a); err != nil {
				return s, err
			}
			if hi, err = f.value(b); err != nil {
				return s, err
			}
			if lo > hi && !f.wrap {
				return s, invalid("%s range %q runs backwards", f.name, rng)
			}
		default:
			var err *Error
			if lo, err = f.value(rng); err != nil {
				return s, err
			}
			hi = lo
			if hasStep {
				hi = f.max
			}
		}
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 || strings.Trim(stepText, "0123456789") != "" {
				return s, invalid("%s increment %q is not a positive whole number", f.name, stepText)
			}
			step = n
		}
		size := f.max - f.min + 1
		span := (hi - lo + size) % size
		for off := 0; off <= span; off += step {
			s.add(f.min + (lo-f.min+off)%size - base)
		}
	}
	return s, nil
}

// value parses one number or name of the field.
func (f fieldSpec) value(text string) (int, *Error) {
	if n, ok := f.names[strings.ToUpper(text)]; ok {
		return n, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || strings.Trim(text, "0123456789") != "" {
		return 0, invalid("%s value %q is not valid", f.name, text)
	}
	if n < f.min || n > f.max {
		return 0, invalid("%s value %d is outside %d-%d", f.name, n, f.min, f.max)
	}
	return n, nil
}

// next returns the first matching minute after t (UTC), or the zero time.
func (c *cron) next(after time.Time) time.Time {
	t := after.Truncate(time.Minute).Add(time.Minute)
	if t.Year() < minYear {
		t = time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	for t.Year() <= maxYear {
		y, mo, d := t.Date()
		switch {
		case !c.year.has(y - minYear):
			t = time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
		case !c.month.has(int(mo)):
			t = time.Date(y, mo+1, 1, 0, 0, 0, 0, time.UTC)
		case !c.dayMatches(t):
			t = time.Date(y, mo, d+1, 0, 0, 0, 0, time.UTC)
		case !c.hour.has(t.Hour()):
			t = time.Date(y, mo, d, t.Hour()+1, 0, 0, 0, time.UTC)
		case !c.minute.has(t.Minute()):
			t = t.Add(time.Minute)
		default:
			return t
		}
	}
	return time.Time{}
}

// dayMatches applies Day-of-month or Day-of-week to the day of t.
func (c *cron) dayMatches(t time.Time) bool {
	y, mo, d := t.Date()
	last := time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if c.dowAny {
		switch {
		case c.domLast:
			return d == last
		case c.domLastWeekday:
			return d == nearestWeekday(y, mo, last, last)
		case c.domNearest > 0:
			return c.domNearest <= last && d == nearestWeekday(y, mo, c.domNearest, last)
		}
		return c.dom.has(d)
	}
	wd := int(t.Weekday()) + 1
	switch {
	case c.dowLast > 0:
		return wd == c.dowLast && d+7 > last
	case c.dowNth > 0:
		return wd == c.dowNth && (d-1)/7+1 == c.dowK
	}
	return c.dow.has(wd)
}

// nearestWeekday returns the Monday-to-Friday day closest to day n of the
// month, without leaving the month: a Saturday moves to Friday (or to
// Monday on the 1st), a Sunday to Monday (or to Friday on the last day).
func nearestWeekday(y int, mo time.Month, n, last int) int {
	switch time.Date(y, mo, n, 0, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday:
		if n == 1 {
			return 3
		}
		return n - 1
	case time.Sunday:
		if n == last {
			return n - 2
		}
		return n + 1
	}
	return n
}
