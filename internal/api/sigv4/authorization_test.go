package sigv4

import (
	"strings"
	"testing"
)

func TestParseAuthorization(t *testing.T) {
	cases := []struct {
		name     string
		value    string
		haveDate bool
		want     authorization
		wantMsg  string // "" = no error
	}{
		{
			name:     "sdk layout",
			value:    "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/logs/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd",
			haveDate: true,
			want:     authorization{credential: "AKID/20240101/us-east-1/logs/aws4_request", signedHeaders: "host;x-amz-date", signature: "abcd"},
		},
		{
			name:     "no blanks after commas, other order",
			value:    "AWS4-HMAC-SHA256 Signature=abcd,SignedHeaders=host,Credential=AKID/20240101/r/s/aws4_request",
			haveDate: true,
			want:     authorization{credential: "AKID/20240101/r/s/aws4_request", signedHeaders: "host", signature: "abcd"},
		},
		{
			name:     "surrounding blanks and unknown parameters",
			value:    "  AWS4-HMAC-SHA256   Credential=A/20240101/r/s/aws4_request,\tSignedHeaders=host , Signature=ab, Extra=1  ",
			haveDate: true,
			want:     authorization{credential: "A/20240101/r/s/aws4_request", signedHeaders: "host", signature: "ab"},
		},
		{
			name:     "empty values count as present",
			value:    "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
			haveDate: true,
		},
		{
			name:     "algorithm only",
			value:    "AWS4-HMAC-SHA256",
			haveDate: true,
			wantMsg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
		},
		{
			name:    "complete but no date",
			value:   "AWS4-HMAC-SHA256 Credential=A/20240101/r/s/aws4_request, SignedHeaders=host, Signature=ab",
			wantMsg: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=A/20240101/r/s/aws4_request, SignedHeaders=host, Signature=ab",
		},
		{
			name:     "lower-case algorithm is not ours",
			value:    "aws4-hmac-sha256 Credential=A/20240101/r/s/aws4_request, SignedHeaders=host, Signature=ab",
			haveDate: true,
			wantMsg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization=aws4-hmac-sha256 Credential=A/20240101/r/s/aws4_request, SignedHeaders=host, Signature=ab",
		},
		{
			name:     "sigv4a",
			value:    "AWS4-ECDSA-P256-SHA256 Credential=A/20240101/s/aws4_request, SignedHeaders=host, Signature=ab",
			haveDate: true,
			wantMsg:  "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'.",
		},
		{
			name:     "token without equal sign",
			value:    "AWS4-HMAC-SHA256 Credential=A/20240101/r/s/aws4_request, SignedHeaders, Signature=ab",
			haveDate: true,
			wantMsg:  "'SignedHeaders' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=A/20240101/r/s/aws4_request, SignedHeaders, Signature=ab'.",
		},
		{
			name:     "empty",
			value:    "",
			haveDate: true,
			wantMsg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization=",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseAuthorization(tc.value, tc.haveDate)
			if tc.wantMsg != "" {
				if err == nil || err.Code != CodeIncompleteSignature || err.Message != tc.wantMsg {
					t.Fatalf("parseAuthorization error = %v,\nwant %s: %s", err, CodeIncompleteSignature, tc.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseAuthorization: %v", err)
			}
			if got != tc.want {
				t.Errorf("parseAuthorization = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseCredential(t *testing.T) {
	cases := []struct {
		in      string
		want    credentialScope
		wantMsg string
	}{
		{in: "AKID/20240229/us-east-1/logs/aws4_request", want: credentialScope{"AKID", "20240229", "us-east-1", "logs"}},
		{in: "AKID/20240101/local/monitoring/aws4_request", want: credentialScope{"AKID", "20240101", "local", "monitoring"}},
		{in: "/20240101/us-east-1/logs/aws4_request", want: credentialScope{"", "20240101", "us-east-1", "logs"}},
		{in: "", wantMsg: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got ''"},
		{in: "A/20240101/r/s/aws4_request/x", wantMsg: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'A/20240101/r/s/aws4_request/x'"},
		{in: "A/20230229/r/s/aws4_request", wantMsg: "Invalid credential date '20230229'. Date is not the required format: yyyyMMdd."},
		{in: "A/2024011/r/s/aws4_request", wantMsg: "Invalid credential date '2024011'. Date is not the required format: yyyyMMdd."},
		{in: "A/20240101//s/aws4_request", wantMsg: "Credential should be scoped to a valid region, not ''."},
		{in: "A/20240101/r//aws4_request", wantMsg: "Credential should be scoped to a valid service, not ''."},
		{in: "A/20240101/r/s/AWS4_REQUEST", wantMsg: "Credential should be scoped with a valid terminator: 'aws4_request', not 'AWS4_REQUEST'."},
	}
	for _, tc := range cases {
		got, err := parseCredential(tc.in)
		if tc.wantMsg != "" {
			if err == nil || err.Code != CodeIncompleteSignature || err.Message != tc.wantMsg {
				t.Errorf("parseCredential(%q) error = %v, want %s", tc.in, err, tc.wantMsg)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseCredential(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if s := got.String(); s != strings.SplitN(tc.in, "/", 2)[1] {
			t.Errorf("scope String() = %q, want the scope part of %q", s, tc.in)
		}
	}
}

func TestParseAmzDate(t *testing.T) {
	for _, in := range []string{"20240101T120000Z"} {
		if _, err := parseAmzDate(in); err != nil {
			t.Errorf("parseAmzDate(%q): %v", in, err)
		}
	}
	for _, in := range []string{"", "20240101T120000", "20240101T120000+0100", "2024-01-01T12:00:00Z", "20241301T120000Z", "20240101T250000Z"} {
		if _, err := parseAmzDate(in); err == nil || err.Code != CodeIncompleteSignature {
			t.Errorf("parseAmzDate(%q) error = %v, want %s", in, err, CodeIncompleteSignature)
		}
	}
}

func TestSignsHost(t *testing.T) {
	for in, want := range map[string]bool{
		"host":                         true,
		"content-type;host;x-amz-date": true,
		"Host;x-amz-date":              true,
		"x-amz-date":                   false,
		"hostname;x-amz-date":          false,
		"":                             false,
	} {
		if got := signsHost(in); got != want {
			t.Errorf("signsHost(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzParseAuthorization(f *testing.F) {
	for _, seed := range []string{
		"AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/logs/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd",
		"AWS4-HMAC-SHA256 Credential= AKID/20240101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=ab",
		"AWS4-HMAC-SHA256 Credential=A/B/C, SignedHeaders, Signature==",
		"AWS4-ECDSA-P256-SHA256 Credential=A/20240101/s/aws4_request",
		"AWS AKID:c2lnbmF0dXJl",
		"Bearer x",
		",,,=,=",
		"",
	} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, value string, haveDate bool) {
		a, err := parseAuthorization(value, haveDate)
		if err != nil {
			if err.Code != CodeIncompleteSignature || err.Message == "" {
				t.Fatalf("parseAuthorization(%q) error = %+v, want a worded %s", value, err, CodeIncompleteSignature)
			}
			return
		}
		if !haveDate {
			t.Fatalf("parseAuthorization(%q) accepted a request without a date", value)
		}
		for _, part := range []string{a.credential, a.signedHeaders, a.signature} {
			if !strings.Contains(value, part) {
				t.Fatalf("parsed %q is not part of %q", part, value)
			}
		}
		if scope, err := parseCredential(a.credential); err == nil {
			if got := scope.accessKeyID + "/" + scope.String(); got != a.credential {
				t.Fatalf("credential %q round-trips to %q", a.credential, got)
			}
		}
		signsHost(a.signedHeaders)
	})
}
