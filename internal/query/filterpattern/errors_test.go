package filterpattern

import (
	"errors"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestParseErrorWraps(t *testing.T) {
	_, err := Parse(`{ $.a =`)
	if !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("errors.Is(%v, ErrInvalidParameter) = false", err)
	}
	const want = `invalid filter pattern at position 7: expected a value after "=", found end of pattern`
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestParseErrorZeroPosition(t *testing.T) {
	e := &ParseError{Pos: 0, Msg: "boom", Pattern: "x"}
	if got, want := e.Error(), "invalid filter pattern at position 0: boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, model.ErrInvalidParameter) || errors.Is(e, model.ErrNotFound) {
		t.Error("ParseError must wrap ErrInvalidParameter and nothing else")
	}
}
