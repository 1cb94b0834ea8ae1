package metrics

import (
	"strconv"
	"strings"
)

// simpleStatistics are the Statistics of GetMetricStatistics, which every
// datapoint has regardless of how it was published.
var simpleStatistics = map[string]bool{
	"SampleCount": true, "Average": true, "Sum": true, "Minimum": true, "Maximum": true,
}

// ValidStatistic reports whether s is a statistic CloudWatch computes:
// the simple ones, percentiles pNN.NN, IQM, the shorthands tmNN, wmNN,
// tcNN and tsNN, and TM, WM, TC, TS and PR with bounds in parentheses,
// either percentages, as in TM(10%:90%), or values, as in TC(0.005:0.030)
// or PR(:300). PR takes values only. See
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
// Services that store a statistic for later (anomaly detectors) check it
// here, so that what they accept GetMetricData accepts too.
func ValidStatistic(s string) bool {
	if simpleStatistics[s] || s == "IQM" {
		return true
	}
	if len(s) < 2 {
		return false
	}
	if s[0] == 'p' {
		return validPercent(s[1:])
	}
	switch s[:2] {
	case "tm", "wm", "tc", "ts":
		return validPercent(s[2:])
	case "TM", "WM", "TC", "TS", "PR":
		return validBounds(s[2:], s[:2] != "PR")
	}
	return false
}

// validPercent accepts a percentage from 0 to 100 with at most two
// decimals, as CloudWatch writes percentiles (p99, p99.9, p99.99).
func validPercent(s string) bool {
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 3 || !digits(whole) || (dot && (frac == "" || len(frac) > 2 || !digits(frac))) {
		return false
	}
	v, err := strconv.ParseFloat(s, 64)
	return err == nil && v <= 100
}

// validBounds accepts "(lo:hi)" where each bound may be empty but not
// both, the bounds are both percentages (allowed when percent is set) or
// both values, and lo ≤ hi.
func validBounds(s string, percent bool) bool {
	if len(s) < 3 || s[0] != '(' || s[len(s)-1] != ')' {
		return false
	}
	loText, hiText, ok := strings.Cut(s[1:len(s)-1], ":")
	if !ok || (loText == "" && hiText == "") {
		return false
	}
	loPct, hiPct := strings.HasSuffix(loText, "%"), strings.HasSuffix(hiText, "%")
	if loPct || hiPct {
		if !percent || (loText != "" && !loPct) || (hiText != "" && !hiPct) {
			return false
		}
		loText, hiText = strings.TrimSuffix(loText, "%"), strings.TrimSuffix(hiText, "%")
		if (loText != "" && !validPercent(loText)) || (hiText != "" && !validPercent(hiText)) {
			return false
		}
	} else if (loText != "" && !validNumber(loText)) || (hiText != "" && !validNumber(hiText)) {
		return false
	}
	if loText == "" || hiText == "" {
		return true
	}
	lo, errLo := strconv.ParseFloat(loText, 64)
	hi, errHi := strconv.ParseFloat(hiText, 64)
	return errLo == nil && errHi == nil && lo <= hi
}

// validNumber accepts a plain decimal number, optionally negative.
func validNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	return whole != "" && len(s) <= 32 && digits(whole) && (!dot || (frac != "" && digits(frac)))
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
