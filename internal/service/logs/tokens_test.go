package logs

import (
	"errors"
	"math"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestEventTokenRoundTrip(t *testing.T) {
	for _, c := range []model.Cursor{{}, {Timestamp: 1700000000000, Seq: 42}, {Timestamp: math.MaxInt64, Seq: math.MaxUint64}, {Timestamp: -1, Seq: math.MaxUint64}} {
		for _, dir := range []byte{'f', 'b'} {
			tok := encodeEventToken(dir, c)
			gotDir, got, err := decodeEventToken(tok)
			if err != nil || gotDir != dir || got != c {
				t.Fatalf("decode(%q) = %c %+v %v, want %c %+v", tok, gotDir, got, err, dir, c)
			}
		}
	}
}

func TestBadTokens(t *testing.T) {
	for _, tok := range []string{"", "f/", "x/00000000000000000000000000000000000000000/s", "f/abc/s", "not base64 !!"} {
		if _, _, err := decodeEventToken(tok); !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("decodeEventToken(%q) = %v, want InvalidParameter", tok, err)
		}
		if _, err := decodeFilterToken(tok); !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("decodeFilterToken(%q) = %v, want InvalidParameter", tok, err)
		}
		if _, err := decodeNameToken(tok); !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("decodeNameToken(%q) = %v, want InvalidParameter", tok, err)
		}
		if _, _, err := decodeStreamToken(tok); !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("decodeStreamToken(%q) = %v, want InvalidParameter", tok, err)
		}
	}
}

func TestOtherTokensRoundTrip(t *testing.T) {
	if n, err := decodeNameToken(encodeNameToken("/aws/lambda/x")); err != nil || n != "/aws/lambda/x" {
		t.Fatalf("name token: %q %v", n, err)
	}
	if ts, n, err := decodeStreamToken(encodeStreamToken(123, "a:b")); err != nil || ts != 123 || n != "a:b" {
		t.Fatalf("stream token: %d %q %v", ts, n, err)
	}
	c := model.Cursor{Timestamp: 5, Seq: 9}
	if got, err := decodeFilterToken(encodeFilterToken(c)); err != nil || got != c {
		t.Fatalf("filter token: %+v %v", got, err)
	}
}

func TestEventIDStable(t *testing.T) {
	e := model.StoredEvent{StreamID: 7, Timestamp: 1700000000000, Seq: 12}
	id := EventID(&e)
	if len(id) != 56 {
		t.Fatalf("event id %q has %d digits, want 56", id, len(id))
	}
	if EventID(&e) != id {
		t.Fatal("event id changed between calls")
	}
	e2 := e
	e2.Seq++
	if EventID(&e2) == id {
		t.Fatal("distinct events share an id")
	}
}

func TestCursorNeighbours(t *testing.T) {
	c := model.Cursor{Timestamp: 10, Seq: 0}
	if b := c.Prev(); !b.Less(c) || b != (model.Cursor{Timestamp: 9, Seq: math.MaxUint64}) {
		t.Fatalf("Prev = %+v", b)
	}
	m := model.Cursor{Timestamp: 10, Seq: math.MaxUint64}
	if a := m.Next(); !m.Less(a) || a != (model.Cursor{Timestamp: 11}) {
		t.Fatalf("Next = %+v", a)
	}
}
