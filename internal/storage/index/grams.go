package index

// CloudWatch matches filter-pattern terms as substrings: its documentation
// shows the term ERROR matching "Exiting with ERRORCODE: -1". A token
// filter proves nothing about a term that may be the middle of a longer
// token, such as a trace id searched for on its own. The gram filter
// covers that case: for every maximal run of at least GramMinRun ASCII
// letters and digits in a block's messages it holds every GramLen-byte
// window of the run. A term's own long runs lie inside runs of the message
// at least as long, so each of their windows must be in the filter of any
// block that holds the term. Only long runs are indexed, which keeps the
// filter small: they are mostly identifiers, which are what rare-term
// searches look for.
const (
	// GramLen is the length of an indexed window, in bytes.
	GramLen = 8
	// GramMinRun is the shortest run of ASCII letters and digits whose
	// windows are indexed; shorter runs of a term are not checked.
	GramMinRun = 12
	// GramTokenMin is the shortest token, a run of ASCII letters and
	// digits, that a message token filter built with grams leaves to the
	// gram filter: long enough that its windows rule a block out about as
	// well as the token filter would (3% for 32 characters), and the length
	// of the trace ids that make up most of a log block's distinct tokens.
	GramTokenMin = 32
	// Gram filters have 1 bit per 2 windows added (repeats included) and
	// one hash: small next to the token filters they relieve of long ids.
	// A term brings many windows, so a high rate per window still rules
	// blocks out: about 86% per window, 3% for the 25 windows of a
	// 32-character id, 27% for the 9 of a 16-character one.
	gramBitsNum, gramBitsDen = 1, 2
	hashesPerGram            = 1
)

// gramHash is the hash of one window, part of the format: the window's bytes
// as a little-endian uint64 through the SplitMix64 finalizer.
func gramHash(window string) uint64 {
	_ = window[GramLen-1]
	x := uint64(window[0]) | uint64(window[1])<<8 | uint64(window[2])<<16 | uint64(window[3])<<24 |
		uint64(window[4])<<32 | uint64(window[5])<<40 | uint64(window[6])<<48 | uint64(window[7])<<56
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// appendGrams appends the hashes of every window of run.
func appendGrams(dst []uint64, run string) []uint64 {
	for i := 0; i+GramLen <= len(run); i++ {
		dst = append(dst, gramHash(run[i:i+GramLen]))
	}
	return dst
}

// newGramFilter returns an empty gram filter sized for n windows.
func newGramFilter(n int) *Filter {
	words := (max(n, 0)*gramBitsNum/gramBitsDen + 63) / 64
	return &Filter{words: make([]uint64, min(words, maxFilterWords)), k: hashesPerGram}
}

// MayContainGrams reports, for a gram filter, whether a message containing
// phrase as a substring may have been indexed: every window of every run of
// at least GramMinRun ASCII letters and digits in phrase must be present. A
// nil filter (a block index written before gram filters) may contain
// anything.
func (f *Filter) MayContainGrams(phrase string) bool {
	if f == nil {
		return true
	}
	run := -1
	for i := 0; i <= len(phrase); i++ {
		if i < len(phrase) && byteClass[phrase[i]] == classAlnum {
			if run < 0 {
				run = i
			}
			continue
		}
		if run >= 0 && i-run >= GramMinRun {
			for j := run; j+GramLen <= i; j++ {
				if !f.hasHash(gramHash(phrase[j : j+GramLen])) {
					return false
				}
			}
		}
		run = -1
	}
	return true
}
