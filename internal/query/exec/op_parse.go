package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// parseOp extracts fields with a glob or a regular expression. A row whose
// text does not match keeps flowing with every extracted field null.
func parseOp(c *compiler, cmd *syntax.ParseCmd) (streamOp, error) {
	src, err := c.compile(cmd.Source())
	if err != nil {
		return nil, err
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
