package exec

import "context"

// streamOp processes one row and emits zero or more rows. It may modify
// and re-emit the row it was given; an emit target that keeps a row must
// clone it first, because the caller reuses it.
type streamOp func(r *row, emit func(*row))

// rowSet is the input and output of the commands after the scan: rows in
// memory, and whether they are already in an order the query chose (by a
// sort, a stats, or the default order).
type rowSet struct {
	rows    []*row
	ordered bool
}

// stage is a command run over all rows at once.
type stage func(ctx context.Context, in rowSet) (rowSet, error)

// streamStage runs a per-row command over a rowSet.
func streamStage(op streamOp) stage {
	return func(ctx context.Context, in rowSet) (rowSet, error) {
		out := make([]*row, 0, len(in.rows))
		emit := func(r *row) { out = append(out, r.clone()) }
		for i, r := range in.rows {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return rowSet{}, err
				}
			}
			op(r, emit)
		}
		return rowSet{rows: out, ordered: in.ordered}, nil
	}
}
