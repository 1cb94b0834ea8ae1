package alarmeval

import (
	"fmt"
	"strings"
	"time"
)

// Time layouts of reasons: "02/10/19 16:59:00" in StateReason and
// "2019-10-02T16:59:00.000+0000" in StateReasonData.
const (
	reasonTime = "02/01/06 15:04:05"
	dataTime   = "2006-01-02T15:04:05.000-0700"
)

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// decide builds the transition to ALARM (alarm) or OK. filled is how many
// missing datapoints were counted, as breaching when fillBreach.
func (e *evaluation) decide(alarm bool, filled int, fillBreach bool) Transition {
	st := StateOK
	if alarm {
		st = StateAlarm
	}
	return e.transition(st, e.reason(alarm, filled, fillBreach), e.reasonData(alarm, filled, fillBreach))
}

// reason writes the StateReason of a decided evaluation.
func (e *evaluation) reason(alarm bool, filled int, fillBreach bool) string {
	treated := "NonBreaching"
	if fillBreach {
		treated = "Breaching"
	}
	if len(e.used) == 0 {
		return fmt.Sprintf("Threshold Crossed: no datapoints were received for %d %s and %d missing %s treated as [%s].",
			filled, plural(filled, "period", "periods"), filled, plural(filled, "datapoint was", "datapoints were"), treated)
	}
	// The datapoints named are those on the side of the threshold the new
	// state stands for; when filled-in ones alone decided, the real ones
	// are named for what they are.
	claim := alarm
	var named []int
	for _, i := range e.used {
		if e.slots[i].breach == claim {
			named = append(named, i)
		}
	}
	if len(named) == 0 {
		claim = !claim
		named = e.used
	}
	op := e.alarm.ComparisonOperator
	var b strings.Builder
	if op.IsBand() {
		b.WriteString("Thresholds Crossed: ")
	} else {
		b.WriteString("Threshold Crossed: ")
	}
	k := len(named)
	if e.alarm.DatapointsToAlarm > 0 {
		fmt.Fprintf(&b, "%d out of the last %d datapoints [", k, len(e.used))
	} else {
		fmt.Fprintf(&b, "%d %s [", k, plural(k, "datapoint", "datapoints"))
	}
	for j, i := range named {
		if j > 0 {
			b.WriteString(", ")
		}
		d := e.slots[i].dp
		fmt.Fprintf(&b, "%s (%s)", javaDouble(d.Value), d.Timestamp.UTC().Format(reasonTime))
	}
	b.WriteString("] ")
	b.WriteString(plural(k, "was ", "were "))
	b.WriteString(e.comparison(claim, named))
	if filled > 0 {
		fmt.Fprintf(&b, " and %d missing %s treated as [%s]", filled, plural(filled, "datapoint was", "datapoints were"), treated)
	}
	if e.alarm.DatapointsToAlarm > 0 {
		need, dir := e.s.m, "OK -> ALARM"
		if !alarm {
			need, dir = e.s.n-e.s.m+1, "ALARM -> OK"
		}
		fmt.Fprintf(&b, " (minimum %d %s for %s transition)", need, plural(need, "datapoint", "datapoints"), dir)
	}
	b.WriteByte('.')
	return b.String()
}

// comparison words the comparison of the named datapoints, breaching or
// not: "greater than the threshold (50.0)", "not less than the lower
// thresholds [0.4] or not greater than the upper thresholds [0.5]".
func (e *evaluation) comparison(breach bool, named []int) string {
	not := ""
	if !breach {
		not = "not "
	}
	bounds := func(upper bool) string {
		parts := make([]string, len(named))
		for j, i := range named {
			d := e.slots[i].dp
			if upper {
				parts[j] = javaDouble(d.Upper)
			} else {
				parts[j] = javaDouble(d.Lower)
			}
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	threshold := " the threshold (" + javaDouble(e.alarm.Threshold) + ")"
	switch e.alarm.ComparisonOperator {
	case GreaterThanOrEqualToThreshold:
		return not + "greater than or equal to" + threshold
	case GreaterThanThreshold:
		return not + "greater than" + threshold
	case LessThanThreshold:
		return not + "less than" + threshold
	case LessThanOrEqualToThreshold:
		return not + "less than or equal to" + threshold
	case LessThanLowerOrGreaterThanUpperThreshold:
		return not + "less than the lower thresholds " + bounds(false) + " or " + not + "greater than the upper thresholds " + bounds(true)
	case LessThanLowerThreshold:
		return not + "less than the lower thresholds " + bounds(false)
	case GreaterThanUpperThreshold:
		return not + "greater than the upper thresholds " + bounds(true)
	}
	return not + "in breach of" + threshold
}

// insufficient is the transition to INSUFFICIENT_DATA: the data in the
// range decides nothing.
func (e *evaluation) insufficient() Transition {
	newest := e.slots[len(e.slots)-e.s.n:]
	unknown := 0
	for _, sl := range newest {
		if !sl.ok {
			unknown++
		}
	}
	reason := fmt.Sprintf("Insufficient Data: %d %s unknown.", unknown, plural(unknown, "datapoint was", "datapoints were"))
	return e.transition(StateInsufficientData, reason, e.reasonData(false, -1, false))
}

// reasonData writes StateReasonData as CloudWatch does, keys in its order.
// filled < 0 marks an INSUFFICIENT_DATA evaluation, which lists the newest
// N periods. Otherwise evaluatedDatapoints lists, newest first, the
// datapoints that decided the outcome: M breaching ones for ALARM, N-M+1
// within the threshold for OK, filled-in periods included.
func (e *evaluation) reasonData(alarm bool, filled int, fillBreach bool) string {
	op := e.alarm.ComparisonOperator
	var b strings.Builder
	b.WriteString(`{"version":"1.0","queryDate":`)
	writeTime(&b, e.now)
	if len(e.used) > 0 {
		b.WriteString(`,"startDate":`)
		writeTime(&b, e.slots[e.used[len(e.used)-1]].dp.Timestamp)
	}
	if e.alarm.Unit != "" {
		b.WriteString(`,"unit":`)
		writeString(&b, e.alarm.Unit)
	}
	if stat := e.alarm.Statistic + e.alarm.ExtendedStatistic; stat != "" {
		b.WriteString(`,"statistic":`)
		writeString(&b, stat)
	}
	fmt.Fprintf(&b, `,"period":%d`, int64(e.s.period/time.Second))
	oldestFirst := func(key string, value func(Datapoint) float64) {
		fmt.Fprintf(&b, `,%q:[`, key)
		for j := len(e.used) - 1; j >= 0; j-- {
			if j < len(e.used)-1 {
				b.WriteByte(',')
			}
			b.WriteString(jsonDouble(value(e.slots[e.used[j]].dp)))
		}
		b.WriteByte(']')
	}
	oldestFirst("recentDatapoints", func(d Datapoint) float64 { return d.Value })
	switch op {
	case LessThanLowerOrGreaterThanUpperThreshold:
		oldestFirst("recentLowerThresholds", func(d Datapoint) float64 { return d.Lower })
		oldestFirst("recentUpperThresholds", func(d Datapoint) float64 { return d.Upper })
	case LessThanLowerThreshold:
		oldestFirst("recentLowerThresholds", func(d Datapoint) float64 { return d.Lower })
	case GreaterThanUpperThreshold:
		oldestFirst("recentUpperThresholds", func(d Datapoint) float64 { return d.Upper })
	default:
		b.WriteString(`,"threshold":`)
		b.WriteString(jsonDouble(e.alarm.Threshold))
	}
	b.WriteString(`,"evaluatedDatapoints":[`)
	for j, sl := range e.evaluated(alarm, filled, fillBreach) {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"timestamp":`)
		if !sl.ok {
			writeTime(&b, sl.start)
			b.WriteByte('}')
			continue
		}
		writeTime(&b, sl.dp.Timestamp)
		if sl.dp.SampleCount > 0 {
			b.WriteString(`,"sampleCount":`)
			b.WriteString(jsonDouble(sl.dp.SampleCount))
		}
		b.WriteString(`,"value":`)
		b.WriteString(jsonDouble(sl.dp.Value))
		if op.IsBand() {
			b.WriteString(`,"threshold":`)
			b.WriteString(jsonDouble(bandBound(op, sl.dp)))
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
	return b.String()
}

// evaluated picks the periods listed in evaluatedDatapoints, newest first.
func (e *evaluation) evaluated(alarm bool, filled int, fillBreach bool) []slot {
	if filled < 0 {
		out := make([]slot, 0, e.s.n)
		for i := len(e.slots) - 1; i >= len(e.slots)-e.s.n; i-- {
			out = append(out, e.slots[i])
		}
		return out
	}
	need := e.s.m
	if !alarm {
		need = e.s.n - e.s.m + 1
	}
	used := make(map[int]bool, len(e.used))
	for _, i := range e.used {
		used[i] = true
	}
	var out []slot
	count := 0
	for i := len(e.slots) - 1; i >= 0 && count < need; i-- {
		sl := e.slots[i]
		switch {
		case sl.ok && used[i]:
			if sl.breach == alarm {
				count++
			}
		case !sl.ok && filled > 0:
			filled--
			if fillBreach == alarm {
				count++
			}
		default:
			continue
		}
		out = append(out, sl)
	}
	return out
}

// bandBound is the band edge a datapoint is compared with: the one the
// operator names, or for the two-sided operator the edge nearer the value.
func bandBound(op ComparisonOperator, d Datapoint) float64 {
	switch op {
	case LessThanLowerThreshold:
		return d.Lower
	case GreaterThanUpperThreshold:
		return d.Upper
	}
	if d.Value-d.Lower < d.Upper-d.Value {
		return d.Lower
	}
	return d.Upper
}

func writeTime(b *strings.Builder, t time.Time) {
	b.WriteByte('"')
	b.WriteString(t.UTC().Format(dataTime))
	b.WriteByte('"')
}

// writeString writes s as a JSON string.
func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
