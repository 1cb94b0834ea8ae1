package exec

import (
	"math"
	"slices"
	"strconv"

	"github.com/openwatch/openwatch/internal/model"
)

// FieldColumns are the fields of a batch of events as a store extracted
// them into typed columns (see model.Batch). For the rows the batch marks
// exact, the engine reads the fields the columns were made for from the
// columns instead of discovering them in the message, and gets the very
// values discovery would give: the same kinds, and numbers that print as
// their message writes them.
//
// The names given to NewFieldColumns must include every discovered field
// the query reads (syntax.Query.NeededFields): for an exact row the engine
// does not look into the message for them, and the event's Message may be
// empty. The columns are used only while Options.MaxDiscoveredFields is at
// least its default, the most fields an exact row can have.
type FieldColumns struct {
	batch *model.Batch
	names []string
	cols  []*model.FieldColumn // aligned with names; nil where the batch has none
}

// NewFieldColumns returns the columns of b for names, which must be sorted
// and distinct. b must not change while they are in use.
func NewFieldColumns(b *model.Batch, names []string) *FieldColumns {
	fc := &FieldColumns{batch: b, names: names, cols: make([]*model.FieldColumn, len(names))}
	for i, n := range names {
		fc.cols[i] = b.Field(n)
	}
	return fc
}

// lookup returns the value of the named field at row, and false when the
// columns cannot tell: the row is not exact or the name is not theirs.
func (fc *FieldColumns) lookup(row int, name string) (Value, bool) {
	if !fc.batch.IsExact(row) {
		return null, false
	}
	i, ok := slices.BinarySearch(fc.names, name)
	if !ok {
		return null, false
	}
	return fc.value(i, row, name), true
}

// value returns the value of names[i] at an exact row.
func (fc *FieldColumns) value(i, row int, name string) Value {
	// Discovery names no field of a JSON message with a single leading @
	// (a top-level "@x" becomes "@@x"); such fields come only from Lambda
	// platform lines, which are never exact. A store's column of that name
	// (the request id of a Lambda line) is not one discovery knows.
	c := fc.cols[i]
	if c == nil || isSingleAt(name) || !c.Has(row) || c.IsNull(row) {
		return null
	}
	return columnValue(c, row)
}

// maxExactInt bounds the integers whose float64 prints as the integer
// does.
const maxExactInt = 1 << 53

// columnValue converts a non-null value of an exact row to the Value
// discovery makes of the same JSON leaf.
func columnValue(c *model.FieldColumn, row int) Value {
	switch c.Type {
	case model.FieldString:
		if c.IsLiteral(row) {
			return jsonLiteral(c.String(row))
		}
		return strValue(c.String(row))
	case model.FieldInt64:
		n := c.Ints[row]
		v := numValue(float64(n))
		if n > maxExactInt || n < -maxExactInt {
			v.s = strconv.FormatInt(n, 10)
		}
		return v
	case model.FieldFloat64:
		f := c.Floats[row]
		v := numValue(f)
		if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
			v.s = exponentText(f)
		}
		return v
	case model.FieldBool:
		if c.Bools[row] {
			return trueLiteral
		}
		return falseLiteral
	}
	return null
}

// exponentText writes f as JSON.stringify does when it picks exponent
// notation (1e-7, 1.5e+21), which is how an exact row's message has it.
func exponentText(f float64) string {
	b := strconv.AppendFloat(nil, f, 'e', -1, 64)
	// Go writes e-07 where JavaScript writes e-7.
	if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return string(b)
}
