package alarmeval

import (
	"math"
	"time"
)

// slot is one period of the evaluation range.
type slot struct {
	start time.Time
	dp    Datapoint
	ok    bool // whether a datapoint arrived for the period
	// breach is the datapoint's classification (when ok).
	breach bool
}

// evaluation is the state of one Evaluate call.
type evaluation struct {
	alarm Alarm
	s     settings
	now   time.Time
	prev  State
	// slots run from the oldest period to the newest.
	slots []slot
	// used are the indexes of the real datapoints evaluated, newest first.
	used []int
}

// Evaluate runs one evaluation of a metric alarm at now. datapoints are
// the alarm's aggregated values, in any order; those outside Window(alarm,
// now) are ignored, and so are values (or, for band operators, bands) that
// are not finite numbers. prev is the current state ("" counts as
// INSUFFICIENT_DATA).
func Evaluate(alarm Alarm, datapoints []Datapoint, now time.Time, prev State) Transition {
	if prev == "" {
		prev = StateInsufficientData
	}
	e := &evaluation{alarm: alarm, s: alarm.settings(), now: now.UTC(), prev: prev}
	e.fill(datapoints)

	var real []int
	for i := len(e.slots) - 1; i >= 0; i-- {
		if e.slots[i].ok {
			real = append(real, i)
		}
	}
	e.used = real[:min(len(real), e.s.n)]
	if floor := alarm.minSamples(); floor > 0 {
		for _, i := range e.used {
			if c := e.slots[i].dp.SampleCount; c > 0 && c < floor {
				return e.retain()
			}
		}
	}
	breaching := 0
	for _, i := range e.used {
		if e.slots[i].breach {
			breaching++
		}
	}
	if len(real) >= e.s.n {
		return e.decide(breaching >= e.s.m, 0, false)
	}

	policy := alarm.missingPolicy()
	switch policy {
	case Breaching, NotBreaching:
		filled := e.s.n - len(real)
		if policy == Breaching {
			breaching += filled
		}
		return e.decide(breaching >= e.s.m, filled, policy == Breaching)
	}
	// missing and ignore: missing datapoints do not count at all.
	switch {
	case len(real) == 0:
		if policy == Ignore {
			return e.retain()
		}
		return e.insufficient()
	case breaching >= e.s.m:
		return e.decide(true, 0, false)
	case e.premature():
		if policy == Ignore {
			return e.retain()
		}
		return e.decide(true, 0, false)
	case breaching < len(e.used):
		return e.decide(false, 0, false)
	case policy == Ignore:
		return e.retain()
	}
	return e.insufficient()
}

// fill lays the datapoints out in the periods of the evaluation range.
func (e *evaluation) fill(datapoints []Datapoint) {
	start, _ := Window(e.alarm, e.now)
	e.slots = make([]slot, e.s.rng)
	for i := range e.slots {
		e.slots[i].start = start.Add(time.Duration(i) * e.s.period)
	}
	for _, d := range datapoints {
		if !finite(d.Value) || e.alarm.ComparisonOperator.IsBand() && (!finite(d.Lower) || !finite(d.Upper)) {
			// A value, or a band, that is not a number is no datapoint.
			continue
		}
		off := d.Timestamp.Sub(start)
		if off < 0 {
			continue
		}
		i := int(off / e.s.period)
		if i >= len(e.slots) {
			continue
		}
		sl := &e.slots[i]
		if sl.ok && !d.Timestamp.After(sl.dp.Timestamp) {
			continue
		}
		sl.dp, sl.ok, sl.breach = d, true, e.alarm.breaches(d)
	}
}

// premature applies the rule that avoids waiting for data that may never
// come: no datapoint in the range is within the threshold, and the oldest
// breaching one is at least M periods old (the newest period being 1).
func (e *evaluation) premature() bool {
	oldest := 0
	for i, sl := range e.slots {
		if !sl.ok {
			continue
		}
		if !sl.breach {
			return false
		}
		if oldest == 0 {
			oldest = len(e.slots) - i
		}
	}
	return oldest >= e.s.m
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func (e *evaluation) retain() Transition {
	return Transition{State: e.prev}
}

func (e *evaluation) transition(st State, reason, data string) Transition {
	return Transition{State: st, Changed: st != e.prev, Reason: reason, ReasonData: data}
}
