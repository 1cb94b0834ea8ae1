package filterpattern

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// jsonGen makes random JSON values over a few keys, so that random
// patterns select something often: nested objects, arrays, keys that
// repeat at several depths or hold a dot, and every kind of scalar.
type jsonGen struct{ r *rand.Rand }

var genKeys = []string{"a", "b", "c", "a.b", "duration_ms", "level"}

func (g jsonGen) value(depth int) any {
	switch n := g.r.IntN(10); {
	case n < 2 && depth < 3:
		return g.object(depth + 1)
	case n < 3 && depth < 3:
		arr := make([]any, g.r.IntN(3))
		for i := range arr {
			arr[i] = g.value(depth + 1)
		}
		return arr
	case n < 5:
		return float64(g.r.IntN(2000) - 500)
	case n < 6:
		return g.r.IntN(2) == 0
	case n < 7:
		return nil
	default:
		return []string{"x", "xy", "ERROR", "info", "1200", "a b", `q"t`}[g.r.IntN(7)]
	}
}

func (g jsonGen) object(depth int) map[string]any {
	m := map[string]any{}
	for range g.r.IntN(4) + 1 {
		m[genKeys[g.r.IntN(len(genKeys))]] = g.value(depth)
	}
	return m
}

// encodeValue writes v as JSON with keys in a random-looking but fixed
// order (the map's), which is what encoders other than Go's produce.
func encodeValue(b *strings.Builder, v any) {
	switch v := v.(type) {
	case map[string]any:
		b.WriteByte('{')
		first := true
		for k, x := range v {
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.WriteString(strconv.Quote(k))
			b.WriteByte(':')
			encodeValue(b, x)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			encodeValue(b, x)
		}
		b.WriteByte(']')
	case float64:
		b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(strconv.Quote(v))
	}
}

// randomPattern is the inside of a random JSON filter pattern: conditions
// over the generator's keys joined with && and ||, some in parentheses.
func randomPattern(r *rand.Rand, depth int) string {
	if depth < 2 && r.IntN(3) == 0 {
		op := []string{" && ", " || "}[r.IntN(2)]
		return "(" + randomPattern(r, depth+1) + op + randomPattern(r, depth+1) + ")"
	}
	sel := "$"
	for range r.IntN(2) + 1 {
		sel += "." + genKeys[r.IntN(len(genKeys))]
	}
	if r.IntN(6) == 0 {
		sel += "[" + strconv.Itoa(r.IntN(2)) + "]"
	}
	switch r.IntN(8) {
	case 0:
		return sel + " IS NULL"
	case 1:
		return sel + " NOT EXISTS"
	case 2:
		return sel + []string{" IS TRUE", " IS FALSE"}[r.IntN(2)]
	case 3, 4:
		return sel + []string{" > ", " < ", " >= ", " <= ", " = ", " != "}[r.IntN(6)] + strconv.Itoa(r.IntN(2000)-500)
	default:
		return sel + []string{" = ", " != "}[r.IntN(2)] + []string{`"x"`, `"x*"`, `"ERROR"`, `"*y"`, `"1200"`, `"info"`}[r.IntN(6)]
	}
}
