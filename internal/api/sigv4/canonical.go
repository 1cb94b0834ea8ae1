package sigv4

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// queryParam is one decoded query-string pair, in the order sent.
type queryParam struct{ key, value string }

// parseQuery decodes a raw query string by the rules the signing SDKs read
// their own URLs with ('&' separates pairs, '+' is a space, a pair without
// '=' has an empty value), keeping every pair, duplicates included. A
// component that is not valid percent-encoding is kept as sent, so it is
// re-encoded rather than dropped and the signature check decides.
func parseQuery(raw string) []queryParam {
	if raw == "" {
		return nil
	}
	params := make([]queryParam, 0, strings.Count(raw, "&")+1)
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		params = append(params, queryParam{key: unescapeQuery(k), value: unescapeQuery(v)})
	}
	return params
}

func unescapeQuery(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	u, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// lookupParam returns the first value of the named parameter.
func lookupParam(q []queryParam, name string) (string, bool) {
	for _, p := range q {
		if p.key == name {
			return p.value, true
		}
	}
	return "", false
}

// appendCanonicalPrefix appends the canonical request without its last line,
// the payload hash, so that a presigned request can be checked against more
// than one payload hash without rebuilding the rest:
//
//	METHOD
//	canonical URI
//	canonical query string
//	name:value lines, one per signed header
//	(empty line)
//	signed headers
func appendCanonicalPrefix(dst []byte, r *http.Request, q []queryParam, presigned bool, signedHeaders string) []byte {
	dst = append(dst, r.Method...)
	dst = append(dst, '\n')
	dst = appendCanonicalURI(dst, r.URL.EscapedPath())
	dst = append(dst, '\n')
	dst = appendCanonicalQuery(dst, q, presigned)
	dst = append(dst, '\n')
	dst = appendCanonicalHeaders(dst, r, signedHeaders)
	dst = append(dst, '\n')
	dst = append(dst, signedHeaders...)
	dst = append(dst, '\n')
	return dst
}

// appendCanonicalURI encodes the path as sent once more, which is what every
// AWS service but S3 signs: "/a%20b" becomes "/a%2520b".
func appendCanonicalURI(dst []byte, escapedPath string) []byte {
	if escapedPath == "" {
		return append(dst, '/')
	}
	return appendEscaped(dst, escapedPath, true)
}

// appendCanonicalQuery encodes each name and value per RFC 3986 and sorts
// the pairs by encoded name, then encoded value (sorting after encoding is
// what SigV4 specifies). The presigned form's own X-Amz-Signature is left
// out, since it cannot sign itself.
func appendCanonicalQuery(dst []byte, q []queryParam, presigned bool) []byte {
	if len(q) == 0 {
		return dst
	}
	encoded := make([]queryParam, 0, len(q))
	for _, p := range q {
		if presigned && p.key == qSignature {
			continue
		}
		encoded = append(encoded, queryParam{key: escapeString(p.key), value: escapeString(p.value)})
	}
	slices.SortFunc(encoded, func(a, b queryParam) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	for i, p := range encoded {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, p.key...)
		dst = append(dst, '=')
		dst = append(dst, p.value...)
	}
	return dst
}

// appendCanonicalHeaders writes one "name:value" line per signed header, in
// the order the client listed them. The host comes from r.Host, since Go
// moves the Host header there. Repeated headers are joined with commas;
// values are trimmed and runs of spaces collapsed, as the signers do.
func appendCanonicalHeaders(dst []byte, r *http.Request, signedHeaders string) []byte {
	if signedHeaders == "" {
		return dst
	}
	for name := range strings.SplitSeq(signedHeaders, ";") {
		dst = append(dst, name...)
		dst = append(dst, ':')
		if strings.EqualFold(name, "host") {
			dst = appendHeaderValue(dst, r.Host)
			dst = append(dst, '\n')
			continue
		}
		values := r.Header.Values(name)
		if len(values) == 0 && strings.EqualFold(name, "content-length") && r.ContentLength >= 0 {
			// A request built in-process keeps its length in ContentLength
			// only; the wire form carries the header.
			dst = strconv.AppendInt(dst, r.ContentLength, 10)
		}
		for i, v := range values {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendHeaderValue(dst, v)
		}
		dst = append(dst, '\n')
	}
	return dst
}

// appendHeaderValue appends v trimmed, with every run of spaces reduced to
// one space.
func appendHeaderValue(dst []byte, v string) []byte {
	v = strings.TrimSpace(v)
	space := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		dst = append(dst, c)
	}
	return dst
}

func escapeString(s string) string {
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			return string(appendEscaped(make([]byte, 0, len(s)+8), s, false))
		}
	}
	return s
}

// appendEscaped percent-encodes every byte outside the RFC 3986 unreserved
// set, with upper-case hex; keepSlash leaves '/' alone, for paths.
func appendEscaped(dst []byte, s string, keepSlash bool) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || (keepSlash && c == '/') {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', hex[c>>4], hex[c&0x0f])
	}
	return dst
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
