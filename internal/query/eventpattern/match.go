package eventpattern

// Match reports whether the event matches the pattern.
func (p *Pattern) Match(e *Event) bool {
	return matchValue(p.root, e.root)
}

// MatchJSON parses a JSON event and matches it. To match one event
// against many patterns, parse it once with ParseEvent instead.
func (p *Pattern) MatchJSON(event []byte) (bool, error) {
	e, err := ParseEvent(event)
	if err != nil {
		return false, err
	}
	return p.Match(e), nil
}

// matchValue matches a pattern object against the event value found at its
// place. An array there is matched element by element, so that fields of
// one pattern object never match across different elements.
func matchValue(o *object, v any) bool {
	if arr, ok := v.([]any); ok && len(arr) > 0 {
		for _, el := range arr {
			if matchValue(o, el) {
				return true
			}
		}
		return false
	}
	m, _ := v.(map[string]any)
	for i := range o.fields {
		f := &o.fields[i]
		fv, ok := m[f.name]
		if f.obj != nil {
			if !matchValue(f.obj, fv) {
				return false
			}
		} else if !matchLeaf(f.leaf, fv, ok) {
			return false
		}
	}
	for _, alts := range o.ors {
		matched := false
		for _, alt := range alts {
			if matchValue(alt, v) {
				matched = true
				break
			}
		}
		if !matched {
			return false
		}
	}
	return true
}

// matchLeaf matches a field's conditions against the event value v
// (present tells a JSON null from an absent field). The scalar values are
// v itself or, for an array, its scalar elements at any depth; an object is
// not a value, so only {"exists": false} matches it.
func matchLeaf(l *leaf, v any, present bool) bool {
	for _, c := range l.conds {
		if e, ok := c.(exists); ok {
			if hasScalar(v, present) == e.want {
				return true
			}
			continue
		}
		if present && anyScalar(v, c) {
			return true
		}
	}
	return false
}

// anyScalar reports whether some scalar of v satisfies c.
func anyScalar(v any, c cond) bool {
	switch x := v.(type) {
	case map[string]any:
		return false
	case []any:
		for _, el := range x {
			if anyScalar(el, c) {
				return true
			}
		}
		return false
	}
	return c.matches(v)
}

// hasScalar reports whether the field holds at least one scalar value.
func hasScalar(v any, present bool) bool {
	if !present {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		return false
	case []any:
		for _, el := range x {
			if hasScalar(el, true) {
				return true
			}
		}
		return false
	}
	return true
}
