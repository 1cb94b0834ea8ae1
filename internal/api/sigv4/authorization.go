package sigv4

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

const (
	algorithm      = "AWS4-HMAC-SHA256"
	scopeTerminal  = "aws4_request"
	unsignedBody   = "UNSIGNED-PAYLOAD"
	amzDateLayout  = "20060102T150405Z"
	scopeDateShort = "20060102"

	// maxPresignExpiry is the longest X-Amz-Expires SigV4 allows: a derived
	// signing key is only meant to live seven days.
	maxPresignExpiry = 7 * 24 * time.Hour
)

// Query parameters of the presigned form.
const (
	qAlgorithm     = "X-Amz-Algorithm"
	qCredential    = "X-Amz-Credential"
	qDate          = "X-Amz-Date"
	qExpires       = "X-Amz-Expires"
	qSignedHeaders = "X-Amz-SignedHeaders"
	qSignature     = "X-Amz-Signature"
	qContentSHA256 = "X-Amz-Content-Sha256"
)

// authorization is the signature material of a request, from either form.
type authorization struct {
	credential    string
	signedHeaders string
	signature     string
}

// credentialScope is a parsed "<key>/<yyyymmdd>/<region>/<service>/aws4_request".
type credentialScope struct {
	accessKeyID string
	date        string // yyyymmdd as sent
	region      string
	service     string
}

// String is the scope line of the string to sign.
func (c credentialScope) String() string {
	return c.date + "/" + c.region + "/" + c.service + "/" + scopeTerminal
}

// parseAuthorization splits an Authorization header value. haveDate says
// whether the request carries X-Amz-Date or Date, because AWS names a missing
// date in the same message as missing parameters. AWS splits the parameters
// on commas and blanks alike, so "Credential= AKID/..." reports the stray
// token as not being a key=value pair; this parser does the same.
func parseAuthorization(value string, haveDate bool) (authorization, *Error) {
	var a authorization
	alg, rest, _ := strings.Cut(strings.TrimSpace(value), " ")
	if alg != algorithm && strings.HasPrefix(alg, "AWS4-") {
		return a, incomplete(fmt.Sprintf("Unsupported AWS 'algorithm': '%s'.", alg))
	}
	var seen struct{ credential, signedHeaders, signature bool }
	if alg == algorithm {
		for _, field := range strings.FieldsFunc(rest, isAuthSeparator) {
			k, v, ok := strings.Cut(field, "=")
			if !ok {
				return a, incomplete(fmt.Sprintf(
					"'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", field, value))
			}
			switch k {
			case "Credential":
				a.credential, seen.credential = v, true
			case "SignedHeaders":
				a.signedHeaders, seen.signedHeaders = v, true
			case "Signature":
				a.signature, seen.signature = v, true
			}
		}
	}
	var missing []string
	if !seen.credential {
		missing = append(missing, "Authorization header requires 'Credential' parameter.")
	}
	if !seen.signature {
		missing = append(missing, "Authorization header requires 'Signature' parameter.")
	}
	if !seen.signedHeaders {
		missing = append(missing, "Authorization header requires 'SignedHeaders' parameter.")
	}
	if !haveDate {
		missing = append(missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if len(missing) > 0 {
		return a, incomplete(strings.Join(missing, " ") + " Authorization=" + value)
	}
	return a, nil
}

func isAuthSeparator(r rune) bool { return r == ',' || r == ' ' || r == '\t' }

// presignedParams are the presigned-form parameters. expires is meaningful
// only when hasExpires is set: without X-Amz-Expires the request lives for
// the clock-skew window, as presigned requests to AWS's non-S3 services do.
type presignedParams struct {
	authorization
	date       string
	expires    time.Duration
	hasExpires bool
}

// parsePresigned reads the presigned-form parameters from the query.
func parsePresigned(q []queryParam) (presignedParams, *Error) {
	var p presignedParams
	var missing []string
	need := func(name string) string {
		v, ok := lookupParam(q, name)
		if !ok {
			missing = append(missing, fmt.Sprintf(
				"AWS query-string parameters must include '%s'. Re-examine the query-string parameters.", name))
		}
		return v
	}
	alg := need(qAlgorithm)
	p.credential = need(qCredential)
	p.date = need(qDate)
	p.signedHeaders = need(qSignedHeaders)
	p.signature = need(qSignature)
	if len(missing) > 0 {
		return p, incomplete(strings.Join(missing, " "))
	}
	if alg != algorithm {
		return p, incomplete(fmt.Sprintf("Unsupported AWS 'algorithm': '%s'.", alg))
	}
	v, ok := lookupParam(q, qExpires)
	if !ok {
		return p, nil
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err != nil:
		return p, incomplete("X-Amz-Expires should be a number")
	case secs < 0:
		return p, incomplete("X-Amz-Expires must be non-negative")
	case secs > int64(maxPresignExpiry/time.Second):
		return p, incomplete("X-Amz-Expires must be less than a week (in seconds); " +
			"that is, the given X-Amz-Expires must be less than 604800 seconds")
	}
	p.expires, p.hasExpires = time.Duration(secs)*time.Second, true
	return p, nil
}

// parseCredential checks the shape of the credential scope. It does not
// judge region or service: OpenWatch answers for any region, and the
// dispatcher knows which service a request was routed to.
func parseCredential(c string) (credentialScope, *Error) {
	parts := strings.Split(c, "/")
	if len(parts) != 5 {
		return credentialScope{}, incomplete(fmt.Sprintf(
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", c))
	}
	s := credentialScope{accessKeyID: parts[0], date: parts[1], region: parts[2], service: parts[3]}
	if _, err := time.Parse(scopeDateShort, s.date); err != nil || len(s.date) != len(scopeDateShort) {
		return s, incomplete(fmt.Sprintf("Invalid credential date '%s'. Date is not the required format: yyyyMMdd.", s.date))
	}
	if s.region == "" {
		return s, incomplete("Credential should be scoped to a valid region, not ''.")
	}
	if s.service == "" {
		return s, incomplete("Credential should be scoped to a valid service, not ''.")
	}
	if parts[4] != scopeTerminal {
		return s, incomplete(fmt.Sprintf(
			"Credential should be scoped with a valid terminator: '%s', not '%s'.", scopeTerminal, parts[4]))
	}
	return s, nil
}

// parseAmzDate reads an ISO 8601 basic-format timestamp (20240101T000000Z).
func parseAmzDate(v string) (time.Time, *Error) {
	t, err := time.Parse(amzDateLayout, v)
	if err != nil || len(v) != len(amzDateLayout) {
		return time.Time{}, incomplete(fmt.Sprintf(
			"Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", v))
	}
	return t, nil
}

// signsHost reports whether the signed-headers list names host, which AWS
// requires so a signature cannot be replayed against another endpoint.
func signsHost(signedHeaders string) bool {
	for name := range strings.SplitSeq(signedHeaders, ";") {
		if strings.EqualFold(name, "host") {
			return true
		}
	}
	return false
}
