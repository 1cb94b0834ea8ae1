package sigv4

import (
	"net/http"
	"slices"
	"testing"
)

func TestParseQuery(t *testing.T) {
	cases := []struct {
		raw  string
		want []queryParam
	}{
		{raw: "", want: nil},
		{raw: "a=1&b=2", want: []queryParam{{"a", "1"}, {"b", "2"}}},
		{raw: "a=1&&a=0&", want: []queryParam{{"a", "1"}, {"a", "0"}}},
		{raw: "flag&empty=", want: []queryParam{{"flag", ""}, {"empty", ""}}},
		{raw: "sp=a+b&enc=a%20b&plus=a%2Bb", want: []queryParam{{"sp", "a b"}, {"enc", "a b"}, {"plus", "a+b"}}},
		{raw: "eq=a=b", want: []queryParam{{"eq", "a=b"}}},
		{raw: "bad=%zz&semi=a;b", want: []queryParam{{"bad", "%zz"}, {"semi", "a;b"}}},
		{raw: "u=%C3%BC", want: []queryParam{{"u", "ü"}}},
	}
	for _, tc := range cases {
		if got := parseQuery(tc.raw); !slices.Equal(got, tc.want) {
			t.Errorf("parseQuery(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestCanonicalQuery(t *testing.T) {
	cases := []struct {
		raw       string
		presigned bool
		want      string
	}{
		{raw: "", want: ""},
		{raw: "Version=2010-08-01&Action=ListMetrics", want: "Action=ListMetrics&Version=2010-08-01"},
		{raw: "a=2&a=10&a=1", want: "a=1&a=10&a=2"},
		{raw: "b=hello+world&c=%2F&d=%C3%BC&e=~&f=*&flag", want: "b=hello%20world&c=%2F&d=%C3%BC&e=~&f=%2A&flag="},
		// Sorting happens after encoding: "a%2Fb" sorts before "a-b".
		{raw: "k=a-b&k=a/b", want: "k=a%2Fb&k=a-b"},
		{raw: "X-Amz-Signature=ff&X-Amz-Date=20240101T000000Z", presigned: true, want: "X-Amz-Date=20240101T000000Z"},
		{raw: "X-Amz-Signature=ff", want: "X-Amz-Signature=ff"},
	}
	for _, tc := range cases {
		got := string(appendCanonicalQuery(nil, parseQuery(tc.raw), tc.presigned))
		if got != tc.want {
			t.Errorf("canonical query of %q = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestCanonicalURI(t *testing.T) {
	cases := map[string]string{
		"":  "/",
		"/": "/",
		"/service/GraniteServiceVersion20100801/operation/PutMetricData": "/service/GraniteServiceVersion20100801/operation/PutMetricData",
		"/a%20b":         "/a%2520b",
		"/c:d@e":         "/c%3Ad%40e",
		"/%C3%BC/~x_y.z": "/%25C3%25BC/~x_y.z",
		"//double//":     "//double//",
	}
	for in, want := range cases {
		if got := string(appendCanonicalURI(nil, in)); got != want {
			t.Errorf("canonical URI of %q = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalHeaders(t *testing.T) {
	r, err := http.NewRequest(http.MethodPost, "http://example.test:4566/", nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Host = "example.test:4566"
	r.ContentLength = 42
	r.Header.Set("X-Amz-Date", "20240101T000000Z")
	r.Header.Set("X-Spaces", "\t a  b   c \t")
	r.Header.Add("X-Multi", "1")
	r.Header.Add("X-Multi", " 2  3 ")
	got := string(appendCanonicalHeaders(nil, r, "content-length;host;x-absent;x-amz-date;x-multi;x-spaces"))
	want := "content-length:42\nhost:example.test:4566\nx-absent:\nx-amz-date:20240101T000000Z\nx-multi:1,2 3\nx-spaces:a b c\n"
	if got != want {
		t.Errorf("canonical headers =\n%q\nwant\n%q", got, want)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{
		"Action=ListMetrics&Version=2010-08-01",
		"a=1&&a=0&flag&empty=",
		"sp=a+b&bad=%zz&semi=a;b&u=%C3%BC",
		"X-Amz-Signature=ff&X-Amz-Credential=A%2F20240101%2Fr%2Fs%2Faws4_request",
		"=&==&%",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, raw string, presigned bool) {
		out := appendCanonicalQuery(nil, parseQuery(raw), presigned)
		for i := 0; i < len(out); i++ {
			c := out[i]
			switch {
			case unreserved(c) || c == '&' || c == '=':
			case c == '%' && i+2 < len(out) && isUpperHex(out[i+1]) && isUpperHex(out[i+2]):
				i += 2
			default:
				t.Fatalf("canonical query of %q has a stray byte %q at %d: %q", raw, c, i, out)
			}
		}
	})
}

func isUpperHex(c byte) bool { return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' }
