package exec

import (
	"strings"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// parseOp extracts fields with a glob or a regular expression. A row whose
// text does not match keeps flowing with every extracted field null.
func parseOp(c *compiler, cmd *syntax.ParseCmd) (streamOp, error) {
	src, err := c.compile(cmd.Source())
	if err != nil {
		return nil, err
	}
	if cmd.Regex == nil {
		return globParseOp(src, cmd.Glob, cmd.Names), nil
	}
	re, names, idx := cmd.Matcher()
	return func(r *row, emit func(*row)) {
		var m []int
		text := ""
		if v := src(r); !v.IsNull() {
			text = v.String()
			m = re.FindStringSubmatchIndex(text)
		}
		for i, name := range names {
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

// globParseOp is parse with a glob, matched without a regular expression:
// its literal pieces are found in turn, each at its first place after the
// one before. That is the match of the glob's regular expression (see
// syntax.ParseCmd): every * but a trailing one takes as little as it can,
// and a piece not found where the earliest choices leave off is found
// nowhere later either, so no other start or choice can match.
func globParseOp(src evalFn, glob string, names []string) streamOp {
	pieces := strings.Split(glob, "*")
	spans := make([]int, 2*len(names))
	return func(r *row, emit func(*row)) {
		text, ok := "", false
		if v := src(r); !v.IsNull() {
			text = v.String()
			ok = globMatch(pieces, text, spans)
		}
		for i, name := range names {
			if !ok {
				r.assign(name, null)
				continue
			}
			r.assign(name, strValue(text[spans[2*i]:spans[2*i+1]]))
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
