package insights

import (
	"slices"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/exec"
	"github.com/openwatch/openwatch/internal/query/syntax"
)

// scanPlan is what a query asks of the store, and how its batches become
// the engine's events.
type scanPlan struct {
	spec model.ScanSpec
	// fields are the discovered fields the query reads, sorted; the store
	// delivers them as columns, exact where it can tell.
	fields []string
	// messages: the query reads @message, so every message is read.
	messages bool
}

// planScan works out the columns a query needs, the filter the store can
// apply while it reads, and the terms and tokens that let it skip blocks.
// Only the leading filters are pushed down, conservatively: the engine
// still runs the whole query on what the store returns.
func planScan(q *syntax.Query) scanPlan {
	var p scanPlan
	ingest := false
	for _, name := range q.NeededFields() {
		switch name {
		case "@message":
			p.messages = true
		case "@ingestionTime":
			ingest = true
		default:
			if !syntax.IsSystemField(name) {
				p.fields = append(p.fields, name)
			}
		}
	}
	slices.Sort(p.fields)
	p.spec.Columns = slices.Clone(p.fields)
	if p.messages {
		p.spec.Columns = append(p.spec.Columns, model.ColumnMessage)
	}
	if ingest {
		p.spec.Columns = append(p.spec.Columns, model.ColumnIngestionTime)
	}
	p.spec.Exact = len(p.fields) > 0
	p.spec.NoEventIDs = aggregatesOnly(q)
	// The engine reads string columns through FieldColumn.String.
	p.spec.CodedStrings = true
	p.spec.Terms = q.RequiredTerms()
	p.spec.Filter = exec.ScanFilter(q, p.fields, p.messages, p.spec.Terms)
	p.spec.Tokens = exec.ScanTokens(q)
	return p
}

// aggregatesOnly reports whether no event of q's result is known by its
// stream or position: the first command past the per-row ones is stats,
// and nothing reads @logStream or @ptr before it.
func aggregatesOnly(q *syntax.Query) bool {
	for _, name := range q.NeededFields() {
		if name == "@logStream" || name == "@ptr" {
			return false
		}
	}
	for _, c := range q.Commands {
		if !exec.IsRowCommand(c) {
			_, stats := c.(*syntax.StatsCmd)
			return stats
		}
	}
	return false
}
