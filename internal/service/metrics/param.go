package metrics

import (
	"strconv"
	"strings"
)

// param names a request parameter the way CloudWatch's messages do, for
// example MetricData.member.3.Dimensions.member.1.Name. The name is a
// chain of values on the caller's stack and is spelled out only when a
// message needs it: validating a request of 1000 data must not allocate
// a name per datum.
type param struct {
	up    *param
	name  string // the member name; unused for a list element
	index int    // for a list element, its 1-based position in up
}

// maxParamDepth bounds the chains String spells out; CloudWatch's deepest
// parameters have five parts.
const maxParamDepth = 8

// top names a parameter of the request itself.
func top(name string) param { return param{name: name} }

// dot names member name of the structure p.
func (p *param) dot(name string) param { return param{up: p, name: name} }

// at names element i (0-based) of the list p.
func (p *param) at(i int) param { return param{up: p, index: i + 1} }

// String spells the name out.
func (p param) String() string {
	var chain [maxParamDepth]*param
	n := 0
	for q := &p; q != nil && n < len(chain); q = q.up {
		chain[n] = q
		n++
	}
	var b strings.Builder
	for i := n - 1; i >= 0; i-- {
		q := chain[i]
		switch {
		case q.index > 0:
			b.WriteString(".member.")
			b.WriteString(strconv.Itoa(q.index))
		case i == n-1:
			b.WriteString(q.name)
		default:
			b.WriteByte('.')
			b.WriteString(q.name)
		}
	}
	return b.String()
}
