package index

// Text is the token filter of a column built with Builder.AddTextGrams and
// the gram filter built with it. Tokens that are one run of at least
// GramTokenMin ASCII letters and digits are checked in the gram filter,
// which holds them, and all others in the token filter. Without a gram
// filter (a version 1 index) every token is checked in the token filter,
// which then holds them all.
type Text struct {
	Tokens, Grams *Filter
}

// MayContain reports whether token may be one of the text's tokens.
func (t Text) MayContain(token string) bool {
	if t.Grams != nil && len(token) >= GramTokenMin && isASCIIRun(token) {
		return t.Grams.MayContainGrams(token)
	}
	return t.Tokens.MayContain(token)
}

// MayContainAll reports whether every token may be one of the text's
// tokens; it is true for no tokens.
func (t Text) MayContainAll(tokens []string) bool {
	for _, tok := range tokens {
		if !t.MayContain(tok) {
			return false
		}
	}
	return true
}

// MayContainSubstring reports whether a text containing phrase as a
// substring may have been indexed: through the tokens wholly inside it, as
// Filter.MayContainSubstring checks them, and through the windows of its
// long ASCII runs.
func (t Text) MayContainSubstring(phrase string) bool {
	if t.Grams == nil {
		return t.Tokens.MayContainSubstring(phrase)
	}
	if !t.Grams.MayContainGrams(phrase) {
		return false
	}
	if t.Tokens == nil {
		return true
	}
	for i := 0; ; {
		start, end := nextToken(phrase, i)
		if start == end {
			return true
		}
		tok := phrase[start:end]
		// A whole long ASCII token was checked by its windows above.
		if wholeToken(phrase, start, end) && (len(tok) < GramTokenMin || !isASCIIRun(tok)) && !t.Tokens.hasHash(tokenHash(tok)) {
			return false
		}
		i = end
	}
}
