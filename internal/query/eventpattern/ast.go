package eventpattern

// Pattern is a parsed event pattern. Build one with Parse; it is immutable
// and safe for concurrent use.
type Pattern struct {
	root *object
}

// object is one JSON object of a pattern: fields that must all match, and
// "$or" groups of which one alternative each must match.
type object struct {
	// fields are sorted by name and unique (a repeated key keeps its last
	// value).
	fields []field
	// ors holds one entry per "$or" key; each is the list of alternatives.
	ors [][]*object
}

// field is a named member of a pattern object: either a nested object or a
// leaf, never both.
type field struct {
	name string
	obj  *object
	leaf *leaf
}

// leaf is the array of conditions under a field; any one may match.
type leaf struct {
	conds []cond
}

// cond is one condition of a leaf: an exact value or a match expression
// such as {"prefix": "us-"}.
type cond interface {
	// matches reports whether one scalar value of the event satisfies the
	// condition. v is a string, a json.Number, a bool or nil (JSON null).
	matches(v any) bool
	// appendJSON appends the canonical JSON form of the condition.
	appendJSON(dst []byte) []byte
}
