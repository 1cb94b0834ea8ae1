package sigv4

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// DefaultMaxSkew is how far X-Amz-Date may be from the server clock, either
// way, when Verifier.MaxSkew is zero; AWS allows the same.
const DefaultMaxSkew = 15 * time.Minute

// KeyLookup returns the secret and principal for an access key id; it returns
// an error wrapping model.ErrUnrecognizedKey for unknown keys and
// model.ErrDisabledKey for disabled ones, other errors for infrastructure
// failures. It is called once per request that passes the format and clock
// checks, concurrently.
type KeyLookup func(ctx context.Context, accessKeyID string) (secret string, p model.Principal, err error)

// Verifier checks SigV4 signatures. Lookup is required; the other fields may
// be left zero. A Verifier is safe for concurrent use and must not be copied
// after first use (it holds the derived-key cache).
type Verifier struct {
	Lookup  KeyLookup
	Now     func() time.Time // nil = time.Now
	MaxSkew time.Duration    // 0 = DefaultMaxSkew

	keys keyCache
}

// Result is what a verified request proves: who signed it, and the region,
// service and time it was signed for.
type Result struct {
	Principal   model.Principal
	AccessKeyID string
	Region      string
	Service     string
	Date        time.Time
}

// request is the signature material of one request, from either form.
type request struct {
	authorization
	scope      credentialScope
	date       time.Time
	dateSource string // the header or parameter the date came from, for messages
	presigned  bool
	expires    time.Duration
	hasExpires bool
	// declaredHash is X-Amz-Content-Sha256, empty when absent.
	declaredHash string
}

// Verify checks the Authorization-header form and the presigned query form
// (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
// X-Amz-SignedHeaders, X-Amz-Signature). body is the full request body as
// received, before any Content-Encoding is undone, since that is what the
// client hashed.
//
// A client-side failure is an *Error. A Lookup failure other than an unknown
// or disabled key is returned unchanged, so the caller answers 5xx.
func (v *Verifier) Verify(ctx context.Context, r *http.Request, body []byte) (Result, error) {
	if v.Lookup == nil {
		return Result{}, errors.New("sigv4: Verifier has no Lookup")
	}
	q := parseQuery(r.URL.RawQuery)
	req, e := parseRequest(r, q)
	if e != nil {
		return Result{}, e
	}
	if e := v.checkTime(&req); e != nil {
		return Result{}, e
	}
	if req.scope.accessKeyID == "" {
		return Result{}, unrecognized(model.Errorf(model.ErrUnrecognizedKey, "empty access key id"))
	}
	secret, principal, err := v.Lookup(ctx, req.scope.accessKeyID)
	if err != nil {
		if errors.Is(err, model.ErrUnrecognizedKey) || errors.Is(err, model.ErrDisabledKey) {
			return Result{}, unrecognized(err)
		}
		return Result{}, err
	}
	hashes, e := payloadHashes(&req, body)
	if e != nil {
		return Result{}, e
	}
	key := v.keys.get(secret, req.scope.date, req.scope.region, req.scope.service)
	prefix := appendCanonicalPrefix(make([]byte, 0, 512), r, q, req.presigned, req.signedHeaders)
	matched := false
	for _, h := range hashes {
		if h == "" {
			continue
		}
		want := sign(key, prefix, h, req.date, req.scope)
		if subtle.ConstantTimeCompare(want, []byte(req.signature)) == 1 {
			matched = true
		}
	}
	if !matched {
		return Result{}, invalidSignature(msgSignatureMismatch)
	}
	return Result{
		Principal:   principal,
		AccessKeyID: req.scope.accessKeyID,
		Region:      req.scope.region,
		Service:     req.scope.service,
		Date:        req.date,
	}, nil
}

// parseRequest picks the form and checks everything that needs no secret.
func parseRequest(r *http.Request, q []queryParam) (request, *Error) {
	authz := r.Header.Get("Authorization")
	_, hasAlg := lookupParam(q, qAlgorithm)
	_, hasCred := lookupParam(q, qCredential)
	_, hasSig := lookupParam(q, qSignature)
	presigned := hasAlg || hasCred || hasSig
	var req request
	switch {
	case authz != "" && presigned:
		return req, incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter " +
			"or the Authorization header should be specified")
	case authz != "":
		amzDate, httpDate := r.Header.Get("X-Amz-Date"), r.Header.Get("Date")
		a, e := parseAuthorization(authz, amzDate != "" || httpDate != "")
		if e != nil {
			return req, e
		}
		req.authorization = a
		if amzDate != "" {
			req.dateSource = "X-Amz-Date"
			if req.date, e = parseAmzDate(amzDate); e != nil {
				return req, e
			}
		} else {
			req.dateSource = "Date"
			t, err := http.ParseTime(httpDate)
			if err != nil {
				return req, incomplete(fmt.Sprintf("Date must be in RFC 1123 format. Got '%s'.", httpDate))
			}
			req.date = t.UTC()
		}
		req.declaredHash = r.Header.Get(qContentSHA256)
	case presigned:
		p, e := parsePresigned(q)
		if e != nil {
			return req, e
		}
		req.authorization = p.authorization
		req.presigned, req.expires, req.hasExpires = true, p.expires, p.hasExpires
		req.dateSource = qDate
		if req.date, e = parseAmzDate(p.date); e != nil {
			return req, e
		}
		req.declaredHash = r.Header.Get(qContentSHA256)
		if v, ok := lookupParam(q, qContentSHA256); ok {
			req.declaredHash = v
		}
	default:
		return req, missingToken()
	}

	scope, e := parseCredential(req.credential)
	if e != nil {
		return req, e
	}
	req.scope = scope
	if !signsHost(req.signedHeaders) {
		return req, incomplete(msgHostNotSigned)
	}
	if d := req.date.Format(scopeDateShort); d != scope.date {
		return req, invalidSignature(fmt.Sprintf(
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			scope.date, d, req.dateSource))
	}
	return req, nil
}

// checkTime applies the clock-skew window, or for a presigned request with
// X-Amz-Expires, its validity period.
func (v *Verifier) checkTime(req *request) *Error {
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	t := now().UTC().Truncate(time.Second)
	skew := v.MaxSkew
	if skew <= 0 {
		skew = DefaultMaxSkew
	}
	if req.date.After(t.Add(skew)) {
		return signatureNotYetCurrent(req.date, t, skew)
	}
	if req.presigned && req.hasExpires {
		if t.After(req.date.Add(req.expires)) {
			return invalidSignature(msgRequestExpired)
		}
		return nil
	}
	if req.date.Before(t.Add(-skew)) {
		return signatureExpired(req.date, t, skew)
	}
	return nil
}

// payloadHashes returns the payload hashes the signature may have been made
// with. A declared X-Amz-Content-Sha256 is used as sent: UNSIGNED-PAYLOAD is
// taken at its word, any other value must be the body's hash. Without one
// the body's hash is used, and a presigned request may also have been signed
// with UNSIGNED-PAYLOAD (how S3-style presigners sign), since the query
// string need not say so.
func payloadHashes(req *request, body []byte) ([2]string, *Error) {
	if req.declaredHash == unsignedBody {
		return [2]string{unsignedBody}, nil
	}
	sum := sha256.Sum256(body)
	actual := hex.EncodeToString(sum[:])
	if req.declaredHash != "" {
		if !strings.EqualFold(req.declaredHash, actual) {
			return [2]string{}, invalidSignature(msgPayloadMismatch)
		}
		return [2]string{req.declaredHash}, nil
	}
	if req.presigned {
		return [2]string{actual, unsignedBody}, nil
	}
	return [2]string{actual}, nil
}

// sign computes the hex signature of the canonical request prefix+payloadHash.
func sign(key, prefix []byte, payloadHash string, date time.Time, scope credentialScope) []byte {
	h := sha256.New()
	h.Write(prefix)
	h.Write([]byte(payloadHash))
	var sum [sha256.Size]byte
	var canonicalHash [2 * sha256.Size]byte
	hex.Encode(canonicalHash[:], h.Sum(sum[:0]))

	m := hmac.New(sha256.New, key)
	m.Write([]byte(algorithm + "\n"))
	m.Write(date.AppendFormat(make([]byte, 0, len(amzDateLayout)+1), amzDateLayout))
	m.Write([]byte{'\n'})
	m.Write([]byte(scope.String()))
	m.Write([]byte{'\n'})
	m.Write(canonicalHash[:])
	out := make([]byte, 2*sha256.Size)
	hex.Encode(out, m.Sum(sum[:0]))
	return out
}
