package exec

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// String functions. Arguments are read as text (numbers as they print);
// a null argument gives null, except where noted.

func buildStrlen(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return unaryText(args, func(s string) Value { return numValue(float64(utf8.RuneCountInString(s))) }), nil
}

func buildToUpper(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return unaryText(args, func(s string) Value { return strValue(strings.ToUpper(s)) }), nil
}

func buildToLower(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return unaryText(args, func(s string) Value { return strValue(strings.ToLower(s)) }), nil
}

// trimmer builds trim, ltrim and rtrim: white space by default, or every
// character of the second argument.
func trimmer(args []evalFn, space func(string, func(rune) bool) string, set func(string, string) string) evalFn {
	a := args[0]
	if len(args) == 1 {
		return unaryText(args, func(s string) Value { return strValue(space(s, unicode.IsSpace)) })
	}
	chars := args[1]
	return func(r *row) Value {
		s, ok := textArg(a, r)
		if !ok {
			return null
		}
		cut, ok := textArg(chars, r)
		if !ok {
			return strValue(s)
		}
		return strValue(set(s, cut))
	}
}

func buildTrim(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return trimmer(args, strings.TrimFunc, strings.Trim), nil
}

func buildLTrim(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return trimmer(args, strings.TrimLeftFunc, strings.TrimLeft), nil
}

func buildRTrim(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return trimmer(args, strings.TrimRightFunc, strings.TrimRight), nil
}

// buildStrContains returns 1 or 0 (a number, as documented); a null
// argument counts as not containing.
func buildStrContains(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a, b := args[0], args[1]
	return func(r *row) Value {
		s, ok1 := textArg(a, r)
		sub, ok2 := textArg(b, r)
		if ok1 && ok2 && strings.Contains(s, sub) {
			return numValue(1)
		}
		return numValue(0)
	}, nil
}

// buildReplace replaces every occurrence of the search text.
func buildReplace(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a, b, c := args[0], args[1], args[2]
	return func(r *row) Value {
		s, ok := textArg(a, r)
		if !ok {
			return null
		}
		old, ok1 := textArg(b, r)
		repl, ok2 := textArg(c, r)
		if !ok1 || old == "" {
			return strValue(s)
		}
		if !ok2 {
			repl = ""
		}
		return strValue(strings.ReplaceAll(s, old, repl))
	}, nil
}

// buildSubstr takes a 0-based start and an optional length, both counted
// in characters (code points); out-of-range parts are clipped.
func buildSubstr(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a, start := args[0], args[1]
	var length evalFn
	if len(args) == 3 {
		length = args[2]
	}
	return func(r *row) Value {
		s, ok := textArg(a, r)
		if !ok {
			return null
		}
		f, ok := start(r).Number()
		if !ok {
			return null
		}
		runes := []rune(s)
		from := clampIndex(f, len(runes))
		to := len(runes)
		if length != nil {
			n, ok := length(r).Number()
			if !ok {
				return null
			}
			if n < 0 {
				n = 0
			}
			to = clampIndex(float64(from)+n, len(runes))
		}
		return strValue(string(runes[from:to]))
	}, nil
}

func clampIndex(f float64, n int) int {
	switch {
	case f != f || f < 0:
		return 0
	case f > float64(n):
		return n
	}
	return int(f)
}

// buildConcat joins its arguments as text; a null argument adds nothing.
func buildConcat(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return func(r *row) Value {
		var b strings.Builder
		for _, a := range args {
			if s, ok := textArg(a, r); ok {
				b.WriteString(s)
			}
		}
		return strValue(b.String())
	}, nil
}

// buildIsEmpty is true for a missing field or an empty string.
func buildIsEmpty(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a := args[0]
	return func(r *row) Value {
		s, ok := textArg(a, r)
		return boolValue(!ok || s == "")
	}, nil
}

// buildIsBlank is true for a missing field, an empty string or white space.
func buildIsBlank(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a := args[0]
	return func(r *row) Value {
		s, ok := textArg(a, r)
		return boolValue(!ok || strings.TrimSpace(s) == "")
	}, nil
}
