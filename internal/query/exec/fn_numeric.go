package exec

import (
	"math"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// Numeric functions. Arguments convert to numbers (numeric text counts);
// anything else, and results that are not finite (log of 0, sqrt of a
// negative), give null.

func buildAbs(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return unaryNumber(args, math.Abs), nil
}

func buildCeil(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return unaryNumber(args, math.Ceil), nil
}

func buildFloor(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return unaryNumber(args, math.Floor), nil
}

func buildLog(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return unaryNumber(args, func(f float64) float64 {
		if f <= 0 {
			return math.NaN()
		}
		return math.Log(f)
	}), nil
}

func buildSqrt(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return unaryNumber(args, math.Sqrt), nil
}

func binaryNumber(args []evalFn, fn func(a, b float64) float64) evalFn {
	a, b := args[0], args[1]
	return func(r *row) Value {
		x, ok1 := a(r).Number()
		y, ok2 := b(r).Number()
		if !ok1 || !ok2 {
			return null
		}
		return numValue(fn(x, y))
	}
}

func buildPow(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return binaryNumber(args, math.Pow), nil
}

func buildMod(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return binaryNumber(args, math.Mod), nil
}

// extreme builds greatest and least: the argument with the largest (or
// smallest) numeric value, returned as it is (a timestamp stays one).
// Arguments that are not numbers are skipped.
func extreme(args []evalFn, greater bool) evalFn {
	return func(r *row) Value {
		best, bestN, found := null, 0.0, false
		for _, a := range args {
			v := a(r)
			f, ok := v.Number()
			if !ok {
				continue
			}
			if !found || (greater && f > bestN) || (!greater && f < bestN) {
				best, bestN, found = v, f, true
			}
		}
		return best
	}
}

func buildGreatest(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return extreme(args, true), nil
}

func buildLeast(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return extreme(args, false), nil
}
