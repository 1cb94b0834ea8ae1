package exec

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// evalFn computes an expression for one row.
type evalFn func(r *row) Value

// builder makes the evaluator of a scalar function call from its compiled
// arguments; each fn_*.go file holds the builders of one family.
type builder func(c *compiler, call *syntax.CallExpr, args []evalFn) (evalFn, error)

// scalarFuncs maps canonical function names to their builders.
var scalarFuncs = map[string]builder{
	// fn_string.go
	"strlen": buildStrlen, "toupper": buildToUpper, "tolower": buildToLower,
	"trim": buildTrim, "ltrim": buildLTrim, "rtrim": buildRTrim,
	"strcontains": buildStrContains, "replace": buildReplace, "substr": buildSubstr,
	"concat": buildConcat, "isempty": buildIsEmpty, "isblank": buildIsBlank,
	// fn_general.go
	"ispresent": buildIsPresent, "coalesce": buildCoalesce, "unmask": buildUnmask,
	// fn_numeric.go
	"abs": buildAbs, "ceil": buildCeil, "floor": buildFloor, "greatest": buildGreatest,
	"least": buildLeast, "log": buildLog, "sqrt": buildSqrt, "pow": buildPow, "mod": buildMod,
	// fn_datetime.go
	"bin": buildBin, "datefloor": buildDateFloor, "dateceil": buildDateCeil,
	"fromMillis": buildFromMillis, "toMillis": buildToMillis,
	// fn_ip.go
	"isValidIp": buildIsValidIP, "isValidIpV4": buildIsValidIPv4, "isValidIpV6": buildIsValidIPv6,
	"isIpInSubnet": buildIsIPInSubnet, "isIpv4InSubnet": buildIsIPv4InSubnet, "isIpv6InSubnet": buildIsIPv6InSubnet,
	// fn_json.go
	"jsonParse": buildJSONParse, "jsonStringify": buildJSONStringify,
}

// compiler turns expressions into evaluators.
type compiler struct {
	// aggSlots, while compiling a stats item, maps each aggregate call to
	// the position of its result in row.aggs.
	aggSlots map[*syntax.CallExpr]int
	// columns names the output columns of the latest stats command, so a
	// later expression written like a stats item (count(*)) reads that
	// column.
	columns map[string]bool
}

func (c *compiler) compile(e syntax.Expr) (evalFn, error) {
	if c.columns != nil && !isPlainField(e) && c.columns[e.String()] {
		name := e.String()
		return func(r *row) Value { return r.get(name) }, nil
	}
	switch n := e.(type) {
	case *syntax.FieldRef:
		return compileField(n), nil
	case *syntax.StringLit:
		v := strValue(n.Value)
		return func(*row) Value { return v }, nil
	case *syntax.NumberLit:
		v := numValue(n.Value)
		return func(*row) Value { return v }, nil
	case *syntax.DurationLit:
		ms, ok := n.Duration.Millis()
		if !ok {
			return nil, fmt.Errorf("calendar period %s is only valid in bin, datefloor and dateceil", n.Duration)
		}
		v := numValue(float64(ms))
		return func(*row) Value { return v }, nil
	case *syntax.UnaryExpr:
		x, err := c.compile(n.X)
		if err != nil {
			return nil, err
		}
		if n.Op == syntax.OpNot {
			return func(r *row) Value { return boolValue(!x(r).truthy()) }, nil
		}
		return func(r *row) Value {
			f, ok := x(r).Number()
			if !ok {
				return null
			}
			return numValue(-f)
		}, nil
	case *syntax.BinaryExpr:
		return c.compileBinary(n)
	case *syntax.CallExpr:
		return c.compileCall(n)
	case *syntax.IndexExpr:
		x, err := c.compile(n.X)
		if err != nil {
			return nil, err
		}
		idx, err := c.compile(n.Index)
		if err != nil {
			return nil, err
		}
		return func(r *row) Value {
			base, i := x(r), idx(r)
			switch base.kind {
			case KindList:
				f, ok := i.Number()
				if !ok || f != math.Trunc(f) {
					return null
				}
				v, _ := base.index(int(f))
				return v
			case KindMap:
				v, _ := base.lookupMember(i.String())
				return v
			}
			return null
		}, nil
	}
	return nil, fmt.Errorf("BUG: cannot evaluate %T", e)
}

func isPlainField(e syntax.Expr) bool {
	_, ok := e.(*syntax.FieldRef)
	return ok
}

// compileField reads a field by its full flattened name; failing that, it
// looks into the longest prefix that holds a jsonParse map or list.
func compileField(f *syntax.FieldRef) evalFn {
	full := f.Name()
	get := fieldGetter(full)
	if len(f.Path) == 1 {
		return get
	}
	prefixes := make([]string, len(f.Path))
	for i := 1; i < len(f.Path); i++ {
		prefixes[i] = strings.Join(f.Path[:i], ".")
	}
	path := f.Path
	return func(r *row) Value {
		if v := get(r); !v.IsNull() || len(r.set) == 0 {
			return v
		}
		for i := len(path) - 1; i >= 1; i-- {
			// Only an assigned value can be a map or a list: system and
			// discovered fields are scalars.
			base := r.assigned(prefixes[i])
			if base.kind != KindMap && base.kind != KindList {
				continue
			}
			return walkPath(base, path[i:])
		}
		return null
	}
}

func walkPath(v Value, path []string) Value {
	for _, seg := range path {
		switch v.kind {
		case KindMap:
			x, ok := v.lookupMember(seg)
			if !ok {
				return null
			}
			v = x
		case KindList:
			i, err := strconv.Atoi(seg)
			if err != nil {
				return null
			}
			x, ok := v.index(i)
			if !ok {
				return null
			}
			v = x
		default:
			return null
		}
	}
	return v
}

func (c *compiler) compileBinary(n *syntax.BinaryExpr) (evalFn, error) {
	l, err := c.compile(n.L)
	if err != nil {
		return nil, err
	}
	switch n.Op {
	case syntax.OpLike, syntax.OpNotLike, syntax.OpMatch:
		match, err := matcher(n.R)
		if err != nil {
			return nil, err
		}
		neg := n.Op == syntax.OpNotLike
		return func(r *row) Value {
			v := l(r)
			if v.IsNull() {
				return boolValue(false)
			}
			return boolValue(match(v.String()) != neg)
		}, nil
	case syntax.OpIn, syntax.OpNotIn:
		list := n.R.(*syntax.ListLit)
		elems := make([]evalFn, len(list.Elems))
		for i, x := range list.Elems {
			if elems[i], err = c.compile(x); err != nil {
				return nil, err
			}
		}
		neg := n.Op == syntax.OpNotIn
		return func(r *row) Value {
			v := l(r)
			if v.IsNull() {
				return boolValue(false)
			}
			for _, e := range elems {
				if equalValues(v, e(r)) {
					return boolValue(!neg)
				}
			}
			return boolValue(neg)
		}, nil
	}
	rf, err := c.compile(n.R)
	if err != nil {
		return nil, err
	}
	switch n.Op {
	case syntax.OpAnd:
		return func(r *row) Value { return boolValue(l(r).truthy() && rf(r).truthy()) }, nil
	case syntax.OpOr:
		return func(r *row) Value { return boolValue(l(r).truthy() || rf(r).truthy()) }, nil
	case syntax.OpEq, syntax.OpNe, syntax.OpLt, syntax.OpLe, syntax.OpGt, syntax.OpGe:
		// compareOp is shared with the scan filters, which must drop
		// exactly the rows this drops.
		op := n.Op
		return func(r *row) Value { return boolValue(compareOp(op, l(r), rf(r))) }, nil
	}
	var arith func(a, b float64) float64
	switch n.Op {
	case syntax.OpAdd:
		arith = func(a, b float64) float64 { return a + b }
	case syntax.OpSub:
		arith = func(a, b float64) float64 { return a - b }
	case syntax.OpMul:
		arith = func(a, b float64) float64 { return a * b }
	case syntax.OpDiv:
		arith = func(a, b float64) float64 { return a / b } // ÷0 gives ±Inf or NaN, shown as null
	case syntax.OpMod:
		arith = math.Mod
	case syntax.OpPow:
		arith = math.Pow
	default:
		return nil, fmt.Errorf("BUG: unknown operator %v", n.Op)
	}
	return func(r *row) Value {
		a, ok1 := l(r).Number()
		b, ok2 := rf(r).Number()
		if !ok1 || !ok2 {
			return null
		}
		return numValue(arith(a, b))
	}, nil
}

// matcher returns the test of like / =~: a substring for a quoted string,
// a search for a regular expression. Both are case-sensitive unless the
// expression says (?i).
func matcher(e syntax.Expr) (func(string) bool, error) {
	switch p := e.(type) {
	case *syntax.StringLit:
		sub := p.Value
		return func(s string) bool { return strings.Contains(s, sub) }, nil
	case *syntax.RegexLit:
		return p.Regexp.MatchString, nil
	}
	return nil, fmt.Errorf("BUG: like needs a string or a regular expression, not %T", e)
}

func (c *compiler) compileCall(n *syntax.CallExpr) (evalFn, error) {
	if n.Func().Aggregate() {
		if slot, ok := c.aggSlots[n]; ok {
			return func(r *row) Value {
				if slot < len(r.aggs) {
					return r.aggs[slot]
				}
				return null
			}, nil
		}
		// Outside stats, an aggregate names a column of an earlier stats.
		name := n.String()
		return func(r *row) Value { return r.get(name) }, nil
	}
	b, ok := scalarFuncs[n.Name]
	if !ok {
		return nil, fmt.Errorf("BUG: function %s has no implementation", n.Name)
	}
	args := make([]evalFn, len(n.Args))
	for i, a := range n.Args {
		if _, isPeriod := a.(*syntax.DurationLit); isPeriod {
			continue // read by the builder from the call itself
		}
		f, err := c.compile(a)
		if err != nil {
			return nil, err
		}
		args[i] = f
	}
	return b(c, n, args)
}

// Helpers shared by the function families.

// textArg reads an argument as text; ok is false when it is null.
func textArg(f evalFn, r *row) (string, bool) {
	v := f(r)
	if v.IsNull() {
		return "", false
	}
	return v.String(), true
}

// unaryText builds a function of one text argument returning a value.
func unaryText(args []evalFn, fn func(string) Value) evalFn {
	a := args[0]
	return func(r *row) Value {
		s, ok := textArg(a, r)
		if !ok {
			return null
		}
		return fn(s)
	}
}

// unaryNumber builds a function of one numeric argument.
func unaryNumber(args []evalFn, fn func(float64) float64) evalFn {
	a := args[0]
	return func(r *row) Value {
		f, ok := a(r).Number()
		if !ok {
			return null
		}
		return numValue(fn(f))
	}
}
