package exec

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
)

// Pattern clustering. CloudWatch uses a learned model; OpenWatch uses a
// deterministic procedure so the same events always give the same
// patterns, whatever their order:
//
//  1. Split the text on white space. A token holding a digit is dynamic
//     and becomes <*>; a key= or key: prefix and surrounding brackets,
//     quotes and trailing punctuation stay literal (user_id=<*>, [<*>]).
//  2. Texts with the same masked tokens form one pattern.
//  3. Patterns of three or more tokens that differ in exactly one literal
//     position other than the first merge, that position becoming <*>
//     (user alice logged in and user bob logged in give user <*> logged
//     in). The first token, often a verb or a level, always stays.
//     Positions are tried left to right, patterns in sorted order.

const dynamicToken = "<*>"

// maxEnumerations bounds the sample values @tokens lists per token.
const maxEnumerations = 10

type patternGroup struct {
	tokens []string
	count  int64
	times  []int64
	// dyn counts, per token position, the values seen at dynamic positions.
	dyn map[int]map[string]int64
}

func containsDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// maskToken returns the token as it appears in a pattern, and the part
// that varies when it is dynamic.
func maskToken(tok string) (masked, value string, dynamic bool) {
	if !containsDigit(tok) {
		return tok, "", false
	}
	prefix, rest := "", tok
	if i := strings.IndexAny(tok, "=:"); i > 0 && i < len(tok)-1 && !containsDigit(tok[:i]) {
		prefix, rest = tok[:i+1], tok[i+1:]
	}
	lead := len(rest) - len(strings.TrimLeft(rest, `[("'<{`))
	core := rest[lead:]
	trail := len(core) - len(strings.TrimRight(core, `])"'>},;.`))
	core = core[:len(core)-trail]
	if core == "" {
		return prefix + dynamicToken, rest, true
	}
	return prefix + rest[:lead] + dynamicToken + rest[lead+len(core):], core, true
}

func severityOf(tokens []string) string {
	for _, t := range tokens {
		w := strings.ToUpper(strings.Trim(t, `[]():"'<>{},;.=`))
		switch w {
		case "FATAL", "CRITICAL", "CRIT", "PANIC", "EMERG", "EMERGENCY", "ALERT":
			return "FATAL"
		case "ERROR", "ERR", "SEVERE":
			return "ERROR"
		case "WARN", "WARNING":
			return "WARN"
		case "INFO", "NOTICE":
			return "INFO"
		case "DEBUG":
			return "DEBUG"
		case "TRACE":
			return "TRACE"
		}
	}
	return "UNKNOWN"
}

// clusterPatterns groups the texts (with their timestamps) into patterns,
// sorted by count, most frequent first.
func clusterPatterns(texts []string, times []int64) []*patternGroup {
	groups := map[string]*patternGroup{}
	for i, text := range texts {
		fields := strings.Fields(text)
		tokens := make([]string, len(fields))
		var values map[int]string
		for j, f := range fields {
			m, v, dyn := maskToken(f)
			tokens[j] = m
			if dyn {
				if values == nil {
					values = map[int]string{}
				}
				values[j] = v
			}
		}
		key := strings.Join(tokens, " ")
		g := groups[key]
		if g == nil {
			g = &patternGroup{tokens: tokens, dyn: map[int]map[string]int64{}}
			groups[key] = g
		}
		g.count++
		if times != nil {
			g.times = append(g.times, times[i])
		}
		for pos, v := range values {
			if g.dyn[pos] == nil {
				g.dyn[pos] = map[string]int64{}
			}
			g.dyn[pos][v]++
		}
	}
	list := mergePatterns(groups)
	slices.SortFunc(list, func(a, b *patternGroup) int {
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		return strings.Compare(strings.Join(a.tokens, " "), strings.Join(b.tokens, " "))
	})
	return list
}

func literalCount(tokens []string) int {
	n := 0
	for _, t := range tokens {
		if !strings.Contains(t, dynamicToken) {
			n++
		}
	}
	return n
}

func mergePatterns(groups map[string]*patternGroup) []*patternGroup {
	maxLen := 0
	for _, g := range groups {
		maxLen = max(maxLen, len(g.tokens))
	}
	for pos := 1; pos < maxLen; pos++ {
		buckets := map[string][]string{}
		for key, g := range groups {
			if len(g.tokens) < 3 || pos >= len(g.tokens) || strings.Contains(g.tokens[pos], dynamicToken) {
				continue
			}
			merged := slices.Clone(g.tokens)
			merged[pos] = dynamicToken
			if literalCount(merged) < 1 {
				continue
			}
			mk := strings.Join(merged, " ")
			buckets[mk] = append(buckets[mk], key)
		}
		mergedKeys := make([]string, 0, len(buckets))
		for mk := range buckets {
			mergedKeys = append(mergedKeys, mk)
		}
		slices.Sort(mergedKeys)
		for _, mk := range mergedKeys {
			members := buckets[mk]
			target := groups[mk]
			if len(members) < 2 && (target == nil || len(members) == 0) {
				continue
			}
			slices.Sort(members)
			if target == nil {
				first := groups[members[0]]
				target = &patternGroup{tokens: slices.Clone(first.tokens), dyn: map[int]map[string]int64{}}
				target.tokens[pos] = dynamicToken
			}
			for _, k := range members {
				g := groups[k]
				delete(groups, k)
				target.count += g.count
				target.times = append(target.times, g.times...)
				for p, vals := range g.dyn {
					if target.dyn[p] == nil {
						target.dyn[p] = map[string]int64{}
					}
					for v, n := range vals {
						target.dyn[p][v] += n
					}
				}
				if target.dyn[pos] == nil {
					target.dyn[pos] = map[string]int64{}
				}
				target.dyn[pos][g.tokens[pos]] += g.count
			}
			groups[mk] = target
		}
	}
	out := make([]*patternGroup, 0, len(groups))
	for _, g := range groups {
		slices.Sort(g.times)
		out = append(out, g)
	}
	return out
}

// tokensJSON describes the dynamic tokens of a pattern in the shape of the
// CloudWatch PatternToken: position among dynamic tokens, the token as
// shown, and the most frequent values with their counts.
func tokensJSON(g *patternGroup) string {
	var b strings.Builder
	b.WriteByte('[')
	k := 0
	for pos, tok := range g.tokens {
		if !strings.Contains(tok, dynamicToken) {
			continue
		}
		if k > 0 {
			b.WriteByte(',')
		}
		k++
		b.WriteString(`{"dynamicTokenPosition":` + strconv.Itoa(k) + `,"tokenString":`)
		writeJSONString(&b, tok)
		b.WriteString(`,"enumerations":{`)
		type kv struct {
			v string
			n int64
		}
		var vals []kv
		for v, n := range g.dyn[pos] {
			vals = append(vals, kv{v, n})
		}
		slices.SortFunc(vals, func(a, b kv) int {
			if c := cmp.Compare(b.n, a.n); c != 0 {
				return c
			}
			return strings.Compare(a.v, b.v)
		})
		for i, x := range vals {
			if i == maxEnumerations {
				break
			}
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, x.v)
			b.WriteString(":" + strconv.FormatInt(x.n, 10))
		}
		b.WriteString("}}")
	}
	b.WriteByte(']')
	return b.String()
}

// patternStage clusters the text of input into patterns.
func patternStage(input evalFn) stage {
	return func(ctx context.Context, in rowSet) (rowSet, error) {
		if err := ctx.Err(); err != nil {
			return rowSet{}, err
		}
		var texts []string
		var times []int64
		for _, r := range in.rows {
			v := input(r)
			if v.IsNull() {
				continue
			}
			texts = append(texts, v.String())
			ts, _ := r.get("@timestamp").Millis()
			times = append(times, ts)
		}
		groups := clusterPatterns(texts, times)
		out := make([]*row, len(groups))
		for i, g := range groups {
			r := &row{seq: int64(i), times: g.times}
			r.assign("@pattern", strValue(strings.Join(g.tokens, " ")))
			r.assign("@ratio", numValue(float64(g.count)/float64(len(texts))))
			r.assign("@sampleCount", numValue(float64(g.count)))
			r.assign("@severityLabel", strValue(severityOf(g.tokens)))
			r.assign("@tokens", strValue(tokensJSON(g)))
			out[i] = r
		}
		return rowSet{rows: out, ordered: true}, nil
	}
}
