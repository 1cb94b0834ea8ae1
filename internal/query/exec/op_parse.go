package exec

import (
	"slices"
	"strings"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// parseOp extracts fields with a glob or a regular expression. A row whose
// text does not match keeps flowing with every extracted field null.
// Names in unread are not assigned: nothing after the command reads them
// (see unreadAfter).
func parseOp(c *compiler, cmd *syntax.ParseCmd, unread map[string]bool) (streamOp, error) {
	src, err := c.compile(cmd.Source())
	if err != nil {
		return nil, err
	}
	if cmd.Regex == nil {
		return globParseOp(src, cmd.Glob, cmd.Names, unread), nil
	}
	re, names, idx := cmd.Matcher()
	skip := skipped(names, unread)
	return func(r *row, emit func(*row)) {
		var m []int
		text := ""
		if v := src(r); !v.IsNull() {
			text = v.String()
			m = re.FindStringSubmatchIndex(text)
		}
		for i, name := range names {
			if skip[i] {
				continue
			}
			j := idx[i]
			if m == nil || m[2*j] < 0 {
				r.assign(name, null)
				continue
			}
			r.assign(name, strValue(text[m[2*j]:m[2*j+1]]))
		}
		emit(r)
	}, nil
}

// skipped marks the names in unread.
func skipped(names []string, unread map[string]bool) []bool {
	skip := make([]bool, len(names))
	for i, n := range names {
		skip[i] = unread[n]
	}
	return skip
}

// unreadAfter returns the names parse assigns that no later command reads,
// when rest, the commands after it, are filters and parses, and stats,
// which ends every row, follows them: no row shows such a name. It
// returns nil otherwise. A field under a name (name.x) reads the name, and
// names starting with @ count as read: the engine reads some of them
// without naming them (bin and earliest read @timestamp).
func unreadAfter(parse *syntax.ParseCmd, rest []syntax.Command, stats syntax.Command) map[string]bool {
	if _, ok := stats.(*syntax.StatsCmd); !ok {
		return nil
	}
	_, names, _ := parse.Matcher()
	unread := make(map[string]bool, len(names))
	for _, n := range names {
		if !strings.HasPrefix(n, "@") {
			unread[n] = true
		}
	}
	for _, cmd := range append(rest[:len(rest):len(rest)], stats) {
		switch cmd.(type) {
		case *syntax.FilterCmd, *syntax.ParseCmd, *syntax.StatsCmd:
		default:
			return nil
		}
		for _, e := range syntax.CommandReads(cmd) {
			syntax.Walk(e, func(x syntax.Expr) bool {
				if f, ok := x.(*syntax.FieldRef); ok {
					for n := range unread {
						if full := f.Name(); full == n || strings.HasPrefix(full, n+".") {
							delete(unread, n)
						}
					}
				}
				return true
			})
		}
	}
	return unread
}

// globParseOp is parse with a glob, matched without a regular expression:
// its literal pieces are found in turn, each at its first place after the
// one before. That is the match of the glob's regular expression (see
// syntax.ParseCmd): every * but a trailing one takes as little as it can,
// and a piece not found where the earliest choices leave off is found
// nowhere later either, so no other start or choice can match.
func globParseOp(src evalFn, glob string, names []string, unread map[string]bool) streamOp {
	pieces := strings.Split(glob, "*")
	spans := make([]int, 2*len(names))
	skip := skipped(names, unread)
	distinct := len(slices.Compact(slices.Sorted(slices.Values(names)))) == len(names)
	return func(r *row, emit func(*row)) {
		text, ok := "", false
		if v := src(r); !v.IsNull() {
			text = v.String()
			ok = globMatch(pieces, text, spans)
		}
		// Names assigned before this command are replaced; distinct
		// names new to the row need no search among each other.
		before := len(r.set)
		for i, name := range names {
			if skip[i] {
				continue
			}
			v := null
			if ok {
				v = strValue(text[spans[2*i]:spans[2*i+1]])
			}
			if distinct {
				r.assignAfter(before, name, v)
			} else {
				r.assign(name, v)
			}
		}
		emit(r)
	}
}

// globMatch matches the pieces of a glob (the text around its stars) in
// text and fills spans with the start and end of each star's capture.
func globMatch(pieces []string, text string, spans []int) bool {
	pos := strings.Index(text, pieces[0])
	if pos < 0 {
		return false
	}
	pos += len(pieces[0])
	last := len(pieces) - 1
	for i := 1; i <= last; i++ {
		p := pieces[i]
		if i == last && p == "" {
			spans[2*i-2], spans[2*i-1] = pos, len(text) // a trailing * takes the rest
			return true
		}
		j := strings.Index(text[pos:], p)
		if j < 0 {
			return false
		}
		spans[2*i-2], spans[2*i-1] = pos, pos+j
		pos += j + len(p)
	}
	return true
}
