package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// outputColumns works out the result columns the way CloudWatch does:
//   - the last display command, when there is one, decides alone;
//   - otherwise the columns are those the commands produce, in order:
//     fields items, parse targets and unnest aliases; a stats, pattern,
//     diff or anomaly command replaces what came before with its own;
//   - a query whose rows are still events and that has no fields command
//     shows @timestamp and @message first.
func outputColumns(q *syntax.Query) []string {
	var cols, display []string
	explicit := false
	for _, c := range q.Commands {
		switch n := c.(type) {
		case *syntax.DisplayCmd:
			display = nil
			for _, p := range n.Items {
				display = append(display, p.OutputName())
			}
		case *syntax.FieldsCmd:
			explicit = true
			for _, p := range n.Items {
				cols = append(cols, p.OutputName())
			}
		case *syntax.ParseCmd:
			_, names, _ := n.Matcher()
			cols = append(cols, names...)
		case *syntax.UnnestCmd:
			cols = append(cols, n.Alias)
		case *syntax.StatsCmd:
			explicit = true
			cols = nil
			for _, p := range n.By {
				cols = append(cols, p.OutputName())
			}
			for _, p := range n.Aggs {
				cols = append(cols, p.OutputName())
			}
		case *syntax.PatternCmd:
			explicit, cols = true, append([]string(nil), syntax.PatternColumns...)
		case *syntax.DiffCmd:
			explicit, cols = true, append([]string(nil), syntax.DiffColumns...)
		case *syntax.AnomalyCmd:
			explicit, cols = true, append([]string(nil), syntax.AnomalyColumns...)
		}
	}
	if display != nil {
		cols = display
	} else if !explicit {
		cols = append([]string{"@timestamp", "@message"}, cols...)
	}
	return dedupNames(cols)
}

func dedupNames(names []string) []string {
	seen := map[string]bool{}
	out := names[:0:0]
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// unmaskedColumns lists the columns Options.Mask must leave alone: fields
// named by an unmask command and columns computed by unmask().
func unmaskedColumns(q *syntax.Query) map[string]bool {
	out := map[string]bool{}
	mark := func(items []syntax.Projection) {
		for _, p := range items {
			if call, ok := p.Expr.(*syntax.CallExpr); ok && call.Name == "unmask" {
				out[p.OutputName()] = true
			}
		}
	}
	for _, c := range q.Commands {
		switch n := c.(type) {
		case *syntax.UnmaskCmd:
			out[n.Field.Name()] = true
		case *syntax.FieldsCmd:
			mark(n.Items)
		case *syntax.DisplayCmd:
			mark(n.Items)
		}
	}
	return out
}
