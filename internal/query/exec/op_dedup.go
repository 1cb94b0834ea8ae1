package exec

import (
	"context"
	"strings"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// dedupStage keeps the first row of each distinct combination of the
// fields, in the current order (the default order when there is none).
// Rows with a null in any of the fields are all kept.
func dedupStage(c *compiler, cmd *syntax.DedupCmd) (stage, error) {
	fs := make([]evalFn, len(cmd.Fields))
	for i, f := range cmd.Fields {
		var err error
		if fs[i], err = c.compile(f); err != nil {
			return nil, err
		}
	}
	return func(_ context.Context, in rowSet) (rowSet, error) {
		in = defaultOrder(in)
		seen := map[string]struct{}{}
		out := in.rows[:0:0]
		var key []byte
		for _, r := range in.rows {
			key = key[:0]
			hasNull := false
			for _, f := range fs {
				v := f(r)
				if v.IsNull() {
					hasNull = true
					break
				}
				key = appendGroupKey(key, v)
			}
			if !hasNull {
				if _, dup := seen[string(key)]; dup {
					continue
				}
				seen[strings.Clone(string(key))] = struct{}{}
			}
			out = append(out, r)
		}
		return rowSet{rows: out, ordered: true}, nil
	}, nil
}
