package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// unnestOp emits one row per element of a list, with the alias set to the
// element; any other non-null value is a list of one, and an empty list or
// a null emits nothing.
func unnestOp(c *compiler, cmd *syntax.UnnestCmd) (streamOp, error) {
	src, err := c.compile(cmd.Field)
	if err != nil {
		return nil, err
	}
	alias := cmd.Alias
	var saved []field
	return func(r *row, emit func(*row)) {
		v := src(r)
		switch v.kind {
		case KindNull:
			return
		case KindList:
			// Later commands may assign fields on each emitted row; start
			// every element from the row as it arrived.
			saved = append(saved[:0], r.set...)
			sub := r.sub
			for i, x := range v.c.list {
				r.set = append(r.set[:0], saved...)
				r.sub = sub<<20 | int64(i)
				r.assign(alias, x)
				emit(r)
			}
			r.sub = sub
		default:
			r.assign(alias, v)
			emit(r)
		}
	}, nil
}
