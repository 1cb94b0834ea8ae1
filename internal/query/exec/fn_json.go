package exec

import (
	"strings"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// buildJSONParse turns JSON text into a map, list or scalar that later
// expressions index with m.key, m.`a.b` or list[i]; text that is not JSON
// gives null.
func buildJSONParse(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a := args[0]
	return func(r *row) Value {
		v := a(r)
		switch v.kind {
		case KindMap, KindList:
			return v
		case KindNull:
			return null
		}
		parsed, ok := parseJSON(v.String())
		if !ok {
			return null
		}
		return parsed
	}, nil
}

// buildJSONStringify writes a value as compact JSON text.
func buildJSONStringify(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a := args[0]
	return func(r *row) Value {
		v := a(r)
		if v.IsNull() {
			return null
		}
		var b strings.Builder
		writeJSON(&b, v)
		return strValue(b.String())
	}, nil
}
