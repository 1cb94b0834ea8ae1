package bytepool

import "testing"

func TestPool(t *testing.T) {
	p := New(1 << 20)
	tests := []struct {
		name string
		size int
	}{
		{"small", 10},
		{"a granule", granule},
		{"just over a granule", granule + 1},
		{"the maximum", 1 << 20},
		{"over the maximum", 3 << 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := p.Get(tc.size)
			if len(b) != 0 || cap(b) < tc.size || cap(b)%granule != 0 {
				t.Fatalf("Get(%d): len %d cap %d; want empty, room for it, whole granules", tc.size, len(b), cap(b))
			}
			p.Put(append(b, 1, 2, 3))
			if again := p.Get(tc.size); len(again) != 0 || cap(again) < tc.size {
				t.Fatalf("Get(%d) after Put: len %d cap %d", tc.size, len(again), cap(again))
			}
		})
	}
}

func TestPutKeepsNothingOverTheMaximum(t *testing.T) {
	p := New(granule)
	p.Put(make([]byte, 0, 2*granule))
	// A pool may drop anything at any time; what it must never do is hand
	// back a buffer above its maximum, which would then be kept forever.
	for range 10 {
		if b := p.Get(1); cap(b) > granule {
			t.Fatalf("got a buffer of %d bytes from a pool that keeps at most %d", cap(b), granule)
		}
	}
}
