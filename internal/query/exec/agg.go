package exec

import (
	"fmt"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// aggState accumulates one aggregate over the rows of one group.
//
// Every state is insensitive to the order of add and merge calls (sums are
// exact, ties are broken by position), so a query gives the same answer
// however its events were split among workers.
type aggState interface {
	// add folds in the aggregate's argument for one row; v is null for
	// count(*).
	add(v Value, at rowPos)
	// merge folds in another state of the same aggregate.
	merge(other aggState)
	// result is the aggregate's value; null when it has none.
	result() Value
}

// rowPos locates a row in time and arrival order, for earliest and latest.
type rowPos struct {
	ts    int64
	hasTS bool
	seq   int64
}

// aggFactories maps aggregate names to constructors of their states.
var aggFactories = map[string]func(call *syntax.CallExpr) func() aggState{
	"count":          newCount,
	"count_distinct": newCountDistinct,
	"sum":            newSum,
	"avg":            newAvg,
	"stddev":         newStddev,
	"min":            newMin,
	"max":            newMax,
	"pct":            newPct,
	"earliest":       newEarliest,
	"latest":         newLatest,
	"sortsFirst":     newSortsFirst,
	"sortsLast":      newSortsLast,
}

// aggSpec is one aggregate call of a stats command, ready to run.
type aggSpec struct {
	arg      evalFn // nil: count(*) and count()
	newState func() aggState
}

func compileAggregate(c *compiler, call *syntax.CallExpr) (aggSpec, error) {
	factory, ok := aggFactories[call.Name]
	if !ok {
		return aggSpec{}, fmt.Errorf("BUG: aggregate %s has no implementation", call.Name)
	}
	spec := aggSpec{newState: factory(call)}
	if len(call.Args) > 0 {
		if _, star := call.Args[0].(*syntax.StarExpr); !star {
			// The argument is a scalar expression: compile it without the
			// aggregate slots of the enclosing item.
			inner := &compiler{columns: c.columns}
			f, err := inner.compile(call.Args[0])
			if err != nil {
				return aggSpec{}, err
			}
			spec.arg = f
		}
	}
	return spec, nil
}
