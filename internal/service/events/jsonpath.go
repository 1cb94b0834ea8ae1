package events

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// jsonPath is the JSONPath subset of InputPath and InputPathsMap: "$"
// followed by ".name", "['name']" and "[index]" steps.
type jsonPath struct {
	steps []pathStep
}

type pathStep struct {
	name  string
	index int // used when isIndex
	// isIndex marks "[n]"; quoted marks a name written "['name']".
	isIndex, quoted bool
}

func errPath(field, path string) error {
	return validation("Parameter %s is not valid. Reason: %q is not a valid JSON path.", field, path)
}

// parseJSONPath parses a path; field names the request member in errors.
func parseJSONPath(field, src string) (*jsonPath, error) {
	if !strings.HasPrefix(src, "$") {
		return nil, errPath(field, src)
	}
	p := &jsonPath{}
	rest := src[1:]
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			if end == 0 {
				return nil, errPath(field, src)
			}
			p.steps = append(p.steps, pathStep{name: rest[:end]})
			rest = rest[end:]
		case '[':
			close := strings.IndexByte(rest, ']')
			if close < 0 {
				return nil, errPath(field, src)
			}
			inner := rest[1:close]
			rest = rest[close+1:]
			if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0] {
				name := inner[1 : len(inner)-1]
				if name == "" || strings.ContainsAny(name, "'\"]") {
					return nil, errPath(field, src)
				}
				p.steps = append(p.steps, pathStep{name: name, quoted: true})
				continue
			}
			n, err := strconv.Atoi(inner)
			if err != nil || n < 0 || strconv.Itoa(n) != inner {
				return nil, errPath(field, src)
			}
			p.steps = append(p.steps, pathStep{index: n, isIndex: true})
		default:
			return nil, errPath(field, src)
		}
	}
	return p, nil
}

// String prints the path in the form it was parsed from.
func (p *jsonPath) String() string {
	var b strings.Builder
	b.WriteByte('$')
	for _, s := range p.steps {
		switch {
		case s.isIndex:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case s.quoted:
			b.WriteString("['" + s.name + "']")
		default:
			b.WriteString("." + s.name)
		}
	}
	return b.String()
}

// eval returns the JSON text at the path in doc, and whether it is there.
// The text is the document's own, so objects keep their key order.
func (p *jsonPath) eval(doc json.RawMessage) (json.RawMessage, bool) {
	v := bytes.TrimSpace(doc)
	for _, s := range p.steps {
		if s.isIndex {
			var a []json.RawMessage
			if len(v) == 0 || v[0] != '[' || json.Unmarshal(v, &a) != nil || s.index >= len(a) {
				return nil, false
			}
			v = a[s.index]
			continue
		}
		var m map[string]json.RawMessage
		if len(v) == 0 || v[0] != '{' || json.Unmarshal(v, &m) != nil {
			return nil, false
		}
		var ok bool
		if v, ok = m[s.name]; !ok {
			return nil, false
		}
	}
	return v, true
}
