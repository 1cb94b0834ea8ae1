package exec

import "context"

// limitStage keeps the first n rows, putting unordered rows in the default
// order first.
func limitStage(n int) stage {
	return func(_ context.Context, in rowSet) (rowSet, error) {
		in = defaultOrder(in)
		if len(in.rows) > n {
			in.rows = in.rows[:n]
		}
		return in, nil
	}
}
