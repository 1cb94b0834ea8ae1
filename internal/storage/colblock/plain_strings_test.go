package colblock

import "testing"

func TestPlainStringsLayout(t *testing.T) {
	data := appendPlainStrings(nil, []string{"ab", "", "c"})
	if want := "\x02\x00\x01abc"; string(data) != want {
		t.Fatalf("got %q, want %q", data, want)
	}
	if plainSize([]string{"ab", "", "c"}) != len(data) {
		t.Fatal("plainSize disagrees with the encoding")
	}
}

func TestPlainStringsDecodeErrors(t *testing.T) {
	tests := map[string][]byte{
		"lengths past the data": {2, 2, 'a', 'b', 'c'},
		"truncated lengths":     {1},
		"bad varint":            {0xff, 0xff},
		"huge length":           {0xff, 0xff, 0xff, 0xff, 0x0f, 0, 'a'},
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			c := cursor{b: data}
			decodePlainStrings(&c, make([]string, 2), newBudget())
			wantCorruption(t, c.err)
		})
	}
}

func TestPlainStringsBudget(t *testing.T) {
	data := appendPlainStrings(nil, []string{"abcdef", "ghij"})
	c := cursor{b: data}
	decodePlainStrings(&c, make([]string, 2), &budget{left: 5})
	wantCorruption(t, c.err)
}
