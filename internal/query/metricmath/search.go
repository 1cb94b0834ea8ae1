package metricmath

import (
	"strings"
)

// SearchQuery is the parsed query string of a SEARCH call, such as
//
//	{AWS/EC2,InstanceId} MetricName="CPUUtilization" NOT "i-0abc"
//
// A query has a metric schema, search terms, or both. See
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html
type SearchQuery struct {
	// HasSchema is true when the query names a metric schema in braces.
	// Only metrics in Namespace whose dimension names are exactly
	// DimensionNames (in any order) match the schema.
	HasSchema      bool
	Namespace      string
	DimensionNames []string
	// Terms is nil when the query has no search terms.
	Terms SearchNode
}

// SearchNode is a node of the search terms: *SearchTerm, *SearchAnd,
// *SearchOr or *SearchNot.
type SearchNode interface {
	String() string
	prec() int
	match(m *metricView) bool
	write(b *strings.Builder)
}

// SearchTerm is one term. With an empty Key it looks at the namespace,
// the metric name and every dimension name and value; with Key
// "MetricName" or "Namespace" only at that property; with any other Key at
// the value of the dimension of that name, which the metric must have.
//
// An Exact term ("CPUUtilization" in double quotes) equals the whole
// property, case included. A partial term matches the tokens CloudWatch
// cuts names into: words split at non-alphanumeric characters, at changes
// from lower to upper case and at the start of a run of digits. A term of
// one token matches a token, a word or the whole name regardless of case;
// a term of several tokens matches the same tokens in a row, and tokens cut
// out of one word by their case must match case and all: "count",
// "CustomCount" and "custom-count" find CustomCount1, "customcount" and
// "count1" do not.
type SearchTerm struct {
	Key   string
	Value string
	Exact bool
	// compiled is set by ParseSearch for a partial term.
	compiled *partial
}

// SearchAnd matches when all of its terms match.
type SearchAnd struct{ Terms []SearchNode }

// SearchOr matches when any of its terms matches.
type SearchOr struct{ Terms []SearchNode }

// SearchNot matches when X does not.
type SearchNot struct{ X SearchNode }

const (
	searchPrecOr = iota + 1
	searchPrecAnd
	searchPrecNot
	searchPrecTerm
)

func (*SearchTerm) prec() int { return searchPrecTerm }
func (*SearchAnd) prec() int  { return searchPrecAnd }
func (*SearchOr) prec() int   { return searchPrecOr }
func (*SearchNot) prec() int  { return searchPrecNot }

func (n *SearchTerm) String() string { return renderSearch(n) }
func (n *SearchAnd) String() string  { return renderSearch(n) }
func (n *SearchOr) String() string   { return renderSearch(n) }
func (n *SearchNot) String() string  { return renderSearch(n) }

func renderSearch(n SearchNode) string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

// String prints the query canonically: the schema as {Namespace, Dim},
// then the terms with explicit AND and only the parentheses they need.
// ParseSearch reads it back to the same query.
func (q *SearchQuery) String() string {
	var b strings.Builder
	if q.HasSchema {
		b.WriteByte('{')
		writeSearchName(&b, q.Namespace)
		for _, d := range q.DimensionNames {
			b.WriteString(", ")
			writeSearchName(&b, d)
		}
		b.WriteByte('}')
	}
	if q.Terms != nil {
		if q.HasSchema {
			b.WriteByte(' ')
		}
		q.Terms.write(&b)
	}
	return b.String()
}

func (n *SearchTerm) write(b *strings.Builder) {
	if n.Key != "" {
		writeSearchName(b, n.Key)
		b.WriteByte('=')
	}
	if n.Exact {
		writeQuoted(b, n.Value, `"\()`)
		return
	}
	b.WriteString(n.Value)
}

func (n *SearchAnd) write(b *strings.Builder) { writeJoined(b, n.Terms, " AND ", searchPrecAnd) }
func (n *SearchOr) write(b *strings.Builder)  { writeJoined(b, n.Terms, " OR ", searchPrecOr) }

func (n *SearchNot) write(b *strings.Builder) {
	b.WriteString("NOT ")
	writeSearchOperand(b, n.X, n.X.prec() < searchPrecNot)
}

func writeJoined(b *strings.Builder, terms []SearchNode, sep string, prec int) {
	for i, t := range terms {
		if i > 0 {
			b.WriteString(sep)
		}
		writeSearchOperand(b, t, t.prec() <= prec)
	}
}

func writeSearchOperand(b *strings.Builder, n SearchNode, paren bool) {
	if paren {
		b.WriteByte('(')
	}
	n.write(b)
	if paren {
		b.WriteByte(')')
	}
}

// writeSearchName prints a namespace, dimension name or key bare when the
// lexer reads it back as one word, else in double quotes.
func writeSearchName(b *strings.Builder, s string) {
	if isSearchWord(s) {
		b.WriteString(s)
		return
	}
	writeQuoted(b, s, `"\`)
}

func writeQuoted(b *strings.Builder, s, escape string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(escape, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

func isSearchWord(s string) bool {
	if s == "" || s == "AND" || s == "OR" || s == "NOT" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isSearchWordByte(s[i]) {
			return false
		}
	}
	return true
}

func isSearchWordByte(c byte) bool {
	return !isSpace(c) && strings.IndexByte(`{}(),="'`, c) < 0
}
