package exec

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/syntax"
)

// ScanFilter returns a predicate a store can run on the rows of its
// batches (model.ScanSpec.Filter) to drop, before the engine sees them,
// events that the query's leading filter commands reject, or nil when the
// query has no filter it can check there. It never drops an event the
// query keeps: it decides only conditions it can evaluate exactly as the
// engine does with default Options, from the batch's columns: the
// discovered fields listed in fields (sorted; the columns the scan asked
// for) of exact rows (model.Batch.Exact), @timestamp, @ingestionTime when
// read, and @message when messages says the batches carry every message
// (otherwise only of the rows that are not exact); any other row is kept.
// The engine still applies the whole query. The filter returns the bitmap
// of the rows it keeps, and is safe for concurrent use. terms are the
// scan's model.ScanSpec.Terms, which the store decides itself: a
// condition @message like "text" with text among them is left to it.
func ScanFilter(q *syntax.Query, fields []string, messages bool, terms []string) func(b *model.Batch) []uint64 {
	sc := scanCompiler{fields: fields, messages: messages, terms: terms}
	var conds []scanCond
	for _, e := range leadingFilters(q) {
		if sc.termsDecide(e) {
			continue
		}
		if cond := sc.cond(e); cond != nil {
			conds = append(conds, cond)
		}
	}
	if len(conds) == 0 {
		return nil
	}
	// Filters of text comparisons alone are decided for a whole batch at
	// once.
	var keeps []func(*model.Batch) []uint64
	for _, e := range leadingFilters(q) {
		if sc.termsDecide(e) {
			continue
		}
		k := sc.keepBits(e)
		if k == nil {
			keeps = nil
			break
		}
		keeps = append(keeps, k)
	}
	if keeps != nil {
		return func(b *model.Batch) []uint64 {
			keep := keeps[0](b)
			for _, k := range keeps[1:] {
				for i, w := range k(b) {
					keep[i] &= w
				}
			}
			return keep
		}
	}
	return func(b *model.Batch) []uint64 {
		bound := make([]rowCond, len(conds))
		for i, c := range conds {
			bound[i] = c(b)
		}
		keep := make([]uint64, (b.Len()+63)/64)
	rows:
		for row := range b.Len() {
			for _, c := range bound {
				if v, known := c(row); known && !v {
					continue rows
				}
			}
			keep[row>>6] |= 1 << (uint(row) & 63)
		}
		return keep
	}
}

// ScanTokens returns whole tokens (maximal runs of ASCII letters and
// digits) that the message of every event the query's leading filters
// keep contains, for a store to skip blocks whose token filters lack one
// (model.ScanSpec.Tokens). They come from conditions field = "text" (or
// in ["text"]) with text that compares as text, not as a number, and
// @message = "text". A JSON message holds such text as the field's value,
// between quotes, assuming, as of every mainstream JSON writer, that it
// does not \u-escape ASCII letters and digits; so the text is limited to
// printable ASCII that JSON needs no escape for.
func ScanTokens(q *syntax.Query) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(e syntax.Expr)
	walk = func(e syntax.Expr) {
		b, ok := e.(*syntax.BinaryExpr)
		if !ok {
			return
		}
		var field syntax.Expr
		var lit syntax.Expr
		switch b.Op {
		case syntax.OpAnd:
			walk(b.L)
			walk(b.R)
			return
		case syntax.OpEq:
			field, lit = b.L, b.R
			if _, ok := field.(*syntax.FieldRef); !ok {
				field, lit = b.R, b.L
			}
		case syntax.OpIn:
			if l, ok := b.R.(*syntax.ListLit); ok && len(l.Elems) == 1 {
				field, lit = b.L, l.Elems[0]
			}
		}
		f, ok := field.(*syntax.FieldRef)
		s, ok2 := lit.(*syntax.StringLit)
		if !ok || !ok2 || !tokenSafe(s.Value, f.Name() == "@message") {
			return
		}
		if name := f.Name(); name != "@message" && syntax.IsSystemField(name) {
			return
		}
		for _, t := range asciiTokens(s.Value) {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	for _, e := range leadingFilters(q) {
		walk(e)
	}
	return out
}

// tokenSafe reports whether a message equal to text, or with a field
// equal to text as text, has text's tokens: text is ASCII (so its tokens
// are the store's) and, for a field, no number (which would compare by
// value) and printable without quotes or backslashes, which JSON writes
// as they are.
func tokenSafe(text string, message bool) bool {
	if !message && isNumberText(text) {
		return false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 0x80 || !message && (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
			return false
		}
	}
	return true
}

// asciiTokens splits ASCII text into its maximal runs of letters and
// digits.
func asciiTokens(text string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(text); i++ {
		alnum := i < len(text) && (text[i] >= 'a' && text[i] <= 'z' || text[i] >= 'A' && text[i] <= 'Z' || text[i] >= '0' && text[i] <= '9')
		switch {
		case alnum && start < 0:
			start = i
		case !alnum && start >= 0:
			out = append(out, text[start:i])
			start = -1
		}
	}
	return out
}

// leadingFilters returns the conditions of the filter commands that every
// event behind the result passes before anything else happens to it:
// those at the head of the query, where fields, display and unmask
// commands may sit between them as long as the filter reads none of the
// names they assign (a filter that reads one, or a field below one, ends
// the search).
func leadingFilters(q *syntax.Query) []syntax.Expr {
	var out []syntax.Expr
	var defined []string
	for _, c := range q.Commands {
		var e syntax.Expr
		switch n := c.(type) {
		case *syntax.FilterCmd:
			e = n.Expr
		case *syntax.FilterIndexCmd:
			e = n.Expr
		case *syntax.FieldsCmd:
			defined = appendOutputNames(defined, n.Items)
			continue
		case *syntax.DisplayCmd:
			defined = appendOutputNames(defined, n.Items)
			continue
		case *syntax.UnmaskCmd, *syntax.SourceCmd:
			continue
		}
		if e == nil || ReadsAny(e, defined) {
			break
		}
		out = append(out, e)
	}
	return out
}

// appendOutputNames appends the names a fields or display command
// assigns.
func appendOutputNames(dst []string, items []syntax.Projection) []string {
	for _, p := range items {
		if f, ok := p.Expr.(*syntax.FieldRef); ok && p.Alias == "" && len(f.Path) == 1 {
			continue // read under its own name, never assigned
		}
		dst = append(dst, p.OutputName())
	}
	return dst
}

// ReadsAny reports whether e reads one of names or a field below one.
func ReadsAny(e syntax.Expr, names []string) bool {
	found := false
	syntax.Walk(e, func(x syntax.Expr) bool {
		if f, ok := x.(*syntax.FieldRef); ok {
			full := f.Name()
			for _, n := range names {
				if full == n || strings.HasPrefix(full, n+".") {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// A scanCond is bound to a batch, once, and then evaluated on its rows;
// known is false when a row does not hold what the condition needs.
type (
	scanCond func(b *model.Batch) rowCond
	rowCond  func(row int) (v, known bool)
)

// A scanOperand is bound to a batch and then reads a value from its rows.
type (
	scanOperand func(b *model.Batch) rowOperand
	rowOperand  func(row int) (v Value, known bool)
)

// scanCompiler compiles conditions for ScanFilter.
type scanCompiler struct {
	fields   []string
	messages bool
	terms    []string // decided by the store (see ScanFilter)
}

// termsDecide reports whether the store's terms decide e for every row:
// e is @message like "text" with text among the terms, or an and of such.
func (sc *scanCompiler) termsDecide(e syntax.Expr) bool {
	n, ok := e.(*syntax.BinaryExpr)
	if !ok {
		return false
	}
	switch n.Op {
	case syntax.OpAnd:
		return sc.termsDecide(n.L) && sc.termsDecide(n.R)
	case syntax.OpLike:
		f, ok := n.L.(*syntax.FieldRef)
		lit, isLit := n.R.(*syntax.StringLit)
		return ok && isLit && f.Name() == "@message" && slices.Contains(sc.terms, lit.Value)
	}
	return false
}

// cond compiles the parts of e a store can decide, or returns nil when it
// can decide none of it.
func (sc *scanCompiler) cond(e syntax.Expr) scanCond {
	c, _ := sc.compile(e)
	return c
}

// compile is cond that also reports whether the condition is all of e:
// where it is, a row it knows has e's value; otherwise it stands for e
// only where it rejects a row (an and of which one side was left out).
func (sc *scanCompiler) compile(e syntax.Expr) (scanCond, bool) {
	switch n := e.(type) {
	case *syntax.UnaryExpr:
		if n.Op != syntax.OpNot {
			return nil, false
		}
		// Negating a part would reject rows that e keeps: not (a and b)
		// keeps a row where a holds and b does not.
		x, whole := sc.compile(n.X)
		if x == nil || !whole {
			return nil, false
		}
		return func(b *model.Batch) rowCond {
			bx := x(b)
			return func(row int) (bool, bool) {
				v, known := bx(row)
				return !v, known
			}
		}, true
	case *syntax.BinaryExpr:
		if n.Op == syntax.OpAnd || n.Op == syntax.OpOr {
			return sc.logical(n)
		}
		c := sc.binary(n)
		return c, c != nil
	}
	return nil, false
}

func (sc *scanCompiler) binary(n *syntax.BinaryExpr) scanCond {
	if sc.termsDecide(n) {
		// Rows without the text never reach the filter.
		held := func(int) (bool, bool) { return true, true }
		return func(*model.Batch) rowCond { return held }
	}
	switch n.Op {
	case syntax.OpLike, syntax.OpNotLike, syntax.OpMatch:
		x := sc.operand(n.L)
		if x == nil {
			return nil
		}
		match, err := matcher(n.R)
		if err != nil {
			return nil
		}
		neg := n.Op == syntax.OpNotLike
		return func(b *model.Batch) rowCond {
			bx := x(b)
			return func(row int) (bool, bool) {
				v, known := bx(row)
				if !known {
					return false, false
				}
				if v.IsNull() {
					return false, true
				}
				return match(v.String()) != neg, true
			}
		}
	case syntax.OpIn, syntax.OpNotIn:
		elems, ok := constantList(n.R)
		if !ok {
			return nil
		}
		neg := n.Op == syntax.OpNotIn
		if c := sc.textIn(n.L, elems, neg); c != nil {
			return c
		}
		x := sc.operand(n.L)
		if x == nil {
			return nil
		}
		return func(b *model.Batch) rowCond {
			bx := x(b)
			return func(row int) (bool, bool) {
				v, known := bx(row)
				if !known {
					return false, false
				}
				if v.IsNull() {
					return false, true
				}
				for _, el := range elems {
					if equalValues(v, el) {
						return !neg, true
					}
				}
				return neg, true
			}
		}
	case syntax.OpEq, syntax.OpNe, syntax.OpLt, syntax.OpLe, syntax.OpGt, syntax.OpGe:
		if n.Op == syntax.OpEq {
			field, lit := eqSides(n)
			if v, ok := constantValue(lit); ok {
				if c := sc.textIn(field, []Value{v}, false); c != nil {
					return c
				}
			}
		}
		l, r := sc.side(n.L), sc.side(n.R)
		if l == nil || r == nil {
			return nil
		}
		op := n.Op
		return func(b *model.Batch) rowCond {
			bl, br := l(b), r(b)
			return func(row int) (bool, bool) {
				a, ak := bl(row)
				c, ck := br(row)
				if !ak || !ck {
					return false, false
				}
				return compareOp(op, a, c), true
			}
		}
	}
	return nil
}

// logical compiles and and or, with three-valued logic: a row either
// side rejects is rejected whatever the other side knows.
func (sc *scanCompiler) logical(n *syntax.BinaryExpr) (scanCond, bool) {
	l, lw := sc.compile(n.L)
	r, rw := sc.compile(n.R)
	if n.Op == syntax.OpAnd {
		switch {
		case l == nil:
			return r, false
		case r == nil:
			return l, false
		}
		return func(b *model.Batch) rowCond {
			bl, br := l(b), r(b)
			return func(row int) (bool, bool) {
				lv, lk := bl(row)
				if lk && !lv {
					return false, true
				}
				rv, rk := br(row)
				if rk && !rv {
					return false, true
				}
				return true, lk && rk
			}
		}, lw && rw
	}
	// A part rejects only rows its whole rejects, so an or of parts
	// still does.
	if l == nil || r == nil {
		return nil, false
	}
	return func(b *model.Batch) rowCond {
		bl, br := l(b), r(b)
		return func(row int) (bool, bool) {
			lv, lk := bl(row)
			if lk && lv {
				return true, true
			}
			rv, rk := br(row)
			if rk && rv {
				return true, true
			}
			return false, lk && rk
		}
	}, lw && rw
}

// textIn compiles field = "text" and field in ["text", …] on a
// discovered field when every text is no number: the engine then compares
// the field's text, and strings compare without making Values. It returns
// nil for any other shape.
func (sc *scanCompiler) textIn(e syntax.Expr, elems []Value, neg bool) scanCond {
	if m := sc.textMatcher(e, elems, neg); m != nil {
		return m.cond
	}
	return nil
}

// textMatch is a compiled textIn condition.
type textMatch struct {
	name   string
	single bool // the name starts with one @: no exact row has it
	texts  []string
	neg    bool
}

func (sc *scanCompiler) textMatcher(e syntax.Expr, elems []Value, neg bool) *textMatch {
	f, ok := e.(*syntax.FieldRef)
	if !ok || !sc.discovered(f.Name()) {
		return nil
	}
	texts := make([]string, len(elems))
	for i, v := range elems {
		if v.kind != KindString || isNumberText(v.s) {
			return nil
		}
		texts[i] = v.s
	}
	return &textMatch{name: f.Name(), single: isSingleAt(f.Name()), texts: texts, neg: neg}
}

// in reports whether s is one of the texts.
func (m *textMatch) in(s string) bool {
	for _, t := range m.texts {
		if s == t {
			return true
		}
	}
	return false
}

// value returns the condition at a row of c that holds a value (present,
// not null) of an exact row.
func (m *textMatch) value(c *model.FieldColumn, row int) bool {
	switch c.Type {
	case model.FieldString:
		return m.in(c.Strings[row]) != m.neg
	case model.FieldBool:
		return m.in(strconv.FormatBool(c.Bools[row])) != m.neg
	}
	// A number's text is a number, so no text above.
	return m.neg
}

// dictMatches returns the condition for each entry of a coded column.
func (m *textMatch) dictMatches(c *model.FieldColumn) []bool {
	match := make([]bool, len(c.Dict))
	for i, s := range c.Dict {
		match[i] = m.in(s) != m.neg
	}
	return match
}

func (m *textMatch) cond(b *model.Batch) rowCond {
	c := b.Field(m.name)
	if !m.single && c != nil && c.Dict != nil {
		// A coded column is compared once per distinct value.
		match := m.dictMatches(c)
		return func(row int) (bool, bool) {
			switch {
			case !b.IsExact(row):
				return false, false
			case !c.Has(row) || c.IsNull(row):
				return false, true
			}
			return match[c.Codes[row]], true
		}
	}
	return func(row int) (bool, bool) {
		switch {
		case !b.IsExact(row):
			return false, false
		case m.single || c == nil || !c.Has(row) || c.IsNull(row):
			return false, true // null equals nothing
		}
		return m.value(c, row), true
	}
}

// keep returns the bitmap of b's rows the condition does not reject: the
// rows that are not exact, and the exact ones with a value it holds for.
func (m *textMatch) keep(b *model.Batch) []uint64 {
	keep := make([]uint64, (b.Len()+63)/64)
	c := b.Field(m.name)
	if m.single {
		c = nil
	}
	var match []uint64 // 1 for the dictionary entries the condition holds for
	if c != nil && c.Dict != nil {
		match = make([]uint64, len(c.Dict))
		for i, ok := range m.dictMatches(c) {
			if ok {
				match[i] = 1
			}
		}
	}
	for w := range keep {
		var exact uint64
		if b.Exact != nil {
			exact = b.Exact[w]
		}
		k := ^exact
		if c != nil {
			vals := c.Present[w] &^ c.Null[w] & exact
			if match != nil && vals == ^uint64(0) {
				// A word of rows that all hold a value (a field every
				// line of a stream has) takes no branch per row.
				codes := c.Codes[w<<6 : w<<6+64]
				var v uint64
				for i, code := range codes {
					v |= match[code] << uint(i)
				}
				keep[w] = v
				continue
			}
			for ; vals != 0; vals &= vals - 1 {
				i := bits.TrailingZeros64(vals)
				row := w<<6 | i
				if match != nil {
					k |= match[c.Codes[row]] << uint(i)
				} else if m.value(c, row) {
					k |= 1 << uint(i)
				}
			}
		}
		keep[w] = k
	}
	return keep
}

// keepBits compiles e, when it is text comparisons (see textIn) joined by
// and and or, to the bitmap of a batch's rows that e does not reject,
// which a batch gets in one pass over its columns; it returns nil for any
// other e. A row e rejects is one whose conditions are known and make e
// false, as with the rowConds of compile.
func (sc *scanCompiler) keepBits(e syntax.Expr) func(*model.Batch) []uint64 {
	n, ok := e.(*syntax.BinaryExpr)
	if !ok {
		return nil
	}
	var m *textMatch
	switch n.Op {
	case syntax.OpAnd, syntax.OpOr:
		l, r := sc.keepBits(n.L), sc.keepBits(n.R)
		if l == nil || r == nil {
			return nil
		}
		and := n.Op == syntax.OpAnd
		return func(b *model.Batch) []uint64 {
			x, y := l(b), r(b)
			for i := range x {
				if and {
					x[i] &= y[i]
				} else {
					x[i] |= y[i]
				}
			}
			return x
		}
	case syntax.OpEq:
		field, lit := eqSides(n)
		if v, ok := constantValue(lit); ok {
			m = sc.textMatcher(field, []Value{v}, false)
		}
	case syntax.OpIn, syntax.OpNotIn:
		if elems, ok := constantList(n.R); ok {
			m = sc.textMatcher(n.L, elems, n.Op == syntax.OpNotIn)
		}
	}
	if m == nil {
		return nil
	}
	return m.keep
}

// compareOp is a comparison as the engine's evaluator computes it.
func compareOp(op syntax.BinaryOp, a, b Value) bool {
	switch op {
	case syntax.OpEq:
		return equalValues(a, b)
	case syntax.OpNe:
		return !a.IsNull() && !b.IsNull() && !equalValues(a, b)
	}
	c, ok := orderValues(a, b)
	if !ok {
		return false
	}
	switch op {
	case syntax.OpLt:
		return c < 0
	case syntax.OpLe:
		return c <= 0
	case syntax.OpGt:
		return c > 0
	}
	return c >= 0
}

// side is a comparison operand: a constant or a batch value.
func (sc *scanCompiler) side(e syntax.Expr) scanOperand {
	if v, ok := constantValue(e); ok {
		read := func(int) (Value, bool) { return v, true }
		return func(*model.Batch) rowOperand { return read }
	}
	return sc.operand(e)
}

// eqSides returns the sides of a = comparison, the field first when one
// side is a field.
func eqSides(n *syntax.BinaryExpr) (field, lit syntax.Expr) {
	if _, ok := n.L.(*syntax.FieldRef); !ok {
		return n.R, n.L
	}
	return n.L, n.R
}

// constantList evaluates a list of literals (see constantValue).
func constantList(e syntax.Expr) ([]Value, bool) {
	list, ok := e.(*syntax.ListLit)
	if !ok {
		return nil, false
	}
	elems := make([]Value, len(list.Elems))
	for i, el := range list.Elems {
		if elems[i], ok = constantValue(el); !ok {
			return nil, false
		}
	}
	return elems, true
}

// constantValue evaluates a literal: a string, or a number with an
// optional minus sign.
func constantValue(e syntax.Expr) (Value, bool) {
	switch n := e.(type) {
	case *syntax.StringLit, *syntax.NumberLit:
	case *syntax.UnaryExpr:
		if _, ok := n.X.(*syntax.NumberLit); !ok || n.Op != syntax.OpNeg {
			return null, false
		}
	default:
		return null, false
	}
	f, err := (&compiler{}).compile(e)
	if err != nil {
		return null, false
	}
	return f(&row{}), true
}

// discovered reports whether name is a field discovery finds that the
// scan reads as a column.
func (sc *scanCompiler) discovered(name string) bool {
	_, ok := slices.BinarySearch(sc.fields, name)
	return ok && !syntax.IsSystemField(name)
}

// isSingleAt reports whether name starts with one @: discovery never
// finds such a field in a JSON message (see FieldColumns).
func isSingleAt(name string) bool {
	return name != "" && name[0] == '@' && (len(name) == 1 || name[1] != '@')
}

// operand reads a field from a batch row as the engine would read it from
// the event, or returns nil for fields a batch does not hold.
func (sc *scanCompiler) operand(e syntax.Expr) scanOperand {
	f, ok := e.(*syntax.FieldRef)
	if !ok {
		return nil
	}
	name := f.Name()
	switch name {
	case "@timestamp":
		return func(b *model.Batch) rowOperand {
			return func(row int) (Value, bool) { return timeValue(b.Timestamps[row]), true }
		}
	case "@ingestionTime":
		return func(b *model.Batch) rowOperand {
			return func(row int) (Value, bool) {
				if b.IngestionTimes == nil {
					return null, false
				}
				return timeValue(b.IngestionTimes[row]), true
			}
		}
	case "@message":
		all := sc.messages
		return func(b *model.Batch) rowOperand {
			return func(row int) (Value, bool) {
				if b.Messages == nil || (!all && b.IsExact(row)) {
					return null, false
				}
				return strValue(b.Messages[row]), true
			}
		}
	}
	if !sc.discovered(name) {
		return nil
	}
	single := isSingleAt(name)
	return func(b *model.Batch) rowOperand {
		c := b.Field(name)
		return func(row int) (Value, bool) {
			switch {
			case !b.IsExact(row):
				return null, false
			case single || c == nil || !c.Has(row) || c.IsNull(row):
				return null, true
			}
			return columnValue(c, row), true
		}
	}
}
