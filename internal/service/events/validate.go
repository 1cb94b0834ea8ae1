package events

import (
	"encoding/base64"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

var (
	ruleNameRe = regexp.MustCompile(`^[\.\-_A-Za-z0-9]{1,64}$`)
	busNameRe  = regexp.MustCompile(`^[\.\-_A-Za-z0-9]{1,256}$`)
	// Connections and API destinations share this name pattern.
	resourceNameRe = regexp.MustCompile(`^[\.\-_A-Za-z0-9]{1,64}$`)
	targetIDRe     = regexp.MustCompile(`^[\.\-_A-Za-z0-9]{1,64}$`)
)

// validation is EventBridge's ValidationException.
func validation(format string, args ...any) error {
	return model.Errorf(model.ErrValidation, format, args...)
}

func missing(name string) error {
	return validation("1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", name)
}

func badPattern(name, value, pattern string) error {
	return validation("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", value, name, pattern)
}

func tooLong(name string, max int) error {
	return validation("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", name, max)
}

func checkName(field, value string, re *regexp.Regexp) error {
	if value == "" {
		return missing(field)
	}
	if !re.MatchString(value) {
		return badPattern(field, value, strings.TrimSuffix(strings.TrimPrefix(re.String(), "^"), "$"))
	}
	return nil
}

func checkLen(field, value string, max int) error {
	if utf8.RuneCountInString(value) > max {
		return tooLong(field, max)
	}
	return nil
}

// listLimit turns a request's Limit into a page size.
func listLimit(limit int32) (int, error) {
	switch {
	case limit == 0:
		return maxListLimit, nil
	case limit < 1 || limit > maxListLimit:
		return 0, validation("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value between 1 and %d", limit, maxListLimit)
	}
	return int(limit), nil
}

// Pagination tokens carry only "continue after this name".

func encodeToken(name string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("e1:" + name))
}

func decodeToken(tok string) (string, error) {
	if tok == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || !strings.HasPrefix(string(b), "e1:") {
		return "", validation("The nextToken provided is invalid.")
	}
	return string(b[3:]), nil
}

// page returns the token of the next page when a listing filled it.
func page[T any](items []T, limit int, name func(T) string) ([]T, string) {
	if len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	return items, encodeToken(name(items[limit-1]))
}

// filteredPage reads name-ordered records limit+1 at a time after a name
// with fetch, keeping those view accepts, until a page and one more are
// kept or the records run out, and returns the page and the next token.
// A filter the store cannot apply may skip many records for few kept.
func filteredPage[R, V any](limit int, after string, fetch func(after string, n int) ([]R, error),
	recordName func(R) string, view func(R) (V, bool), viewName func(V) string) ([]V, string, error) {
	var out []V
	for {
		rs, err := fetch(after, limit+1)
		if err != nil {
			return nil, "", err
		}
		for _, r := range rs {
			if v, ok := view(r); ok {
				out = append(out, v)
			}
		}
		if len(rs) <= limit || len(out) > limit {
			break
		}
		after = recordName(rs[len(rs)-1])
	}
	out, next := page(out, limit, viewName)
	return out, next, nil
}
