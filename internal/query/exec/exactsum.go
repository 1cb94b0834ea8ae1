package exec

import "math"

// exactSum adds floating-point numbers without rounding error: it keeps the
// running total as a list of non-overlapping partial sums (Shewchuk's
// algorithm) and rounds once, correctly, when read. The result therefore
// does not depend on the order of the additions, which lets partial sums
// from several workers merge into exactly the answer one worker gets.
type exactSum struct {
	partials []float64
	// special collects infinities and NaNs (and overflow), which the
	// partials cannot represent.
	special    float64
	hasSpecial bool
}

func (s *exactSum) add(x float64) {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		s.special += x
		s.hasSpecial = true
		return
	}
	i := 0
	for _, y := range s.partials {
		if math.Abs(x) < math.Abs(y) {
			x, y = y, x
		}
		hi := x + y
		lo := y - (hi - x)
		if lo != 0 {
			s.partials[i] = lo
			i++
		}
		x = hi
	}
	if math.IsInf(x, 0) {
		s.special += x
		s.hasSpecial = true
		s.partials = s.partials[:i]
		return
	}
	s.partials = append(s.partials[:i], x)
}

// addProduct adds a*b exactly, as a rounded product and its error term.
func (s *exactSum) addProduct(a, b float64) {
	hi := a * b
	s.add(hi)
	if !math.IsInf(hi, 0) && !math.IsNaN(hi) {
		s.add(math.FMA(a, b, -hi))
	}
}

func (s *exactSum) merge(o *exactSum) {
	for _, p := range o.partials {
		s.add(p)
	}
	if o.hasSpecial {
		s.special += o.special
		s.hasSpecial = true
	}
}

// value returns the sum correctly rounded to a float64.
func (s *exactSum) value() float64 {
	if s.hasSpecial {
		return s.special
	}
	p := s.partials
	n := len(p)
	if n == 0 {
		return 0
	}
	n--
	hi := p[n]
	lo := 0.0
	for n > 0 {
		x := hi
		n--
		y := p[n]
		hi = x + y
		yr := hi - x
		lo = y - yr
		if lo != 0 {
			break
		}
	}
	// Round half to even across the remaining partials.
	if n > 0 && ((lo < 0 && p[n-1] < 0) || (lo > 0 && p[n-1] > 0)) {
		y := lo * 2
		x := hi + y
		if yr := x - hi; y == yr {
			hi = x
		}
	}
	return hi
}
