package console

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"
)

func TestStatic(t *testing.T) {
	f := newFixture(t)
	get := func(method, path, acceptEncoding string, hdr map[string]string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, f.srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Set explicitly so the transport does not add gzip and undo it.
		req.Header.Set("Accept-Encoding", acceptEncoding)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}
	index := testAssets["index.html"].Data
	js := testAssets["assets/index-abc123.js"].Data
	for _, tc := range []struct {
		name, method, path, enc string
		status                  int
		body                    []byte
		contentType, cache      string
		encoding                string
	}{
		{"root", "GET", "/", "", 200, index, "text/html; charset=utf-8", "no-cache", ""},
		{"index", "GET", "/index.html", "", 200, index, "text/html; charset=utf-8", "no-cache", ""},
		{"app route", "GET", "/logs/some/group", "", 200, index, "text/html; charset=utf-8", "no-cache", ""},
		{"hashed asset", "GET", "/assets/index-abc123.js", "", 200, js, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", ""},
		{"gzip asset", "GET", "/assets/index-abc123.js", "br;q=0, gzip", 200, nil, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "gzip"},
		{"gzip refused", "GET", "/assets/index-abc123.js", "gzip;q=0", 200, js, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", ""},
		{"small asset not compressed", "GET", "/assets/logo-def456.svg", "gzip", 200, testAssets["assets/logo-def456.svg"].Data, "image/svg+xml", "public, max-age=31536000, immutable", ""},
		{"missing asset", "GET", "/assets/gone-000.js", "", 404, nil, "", "", ""},
		{"root file", "GET", "/favicon.ico", "", 200, testAssets["favicon.ico"].Data, "image/vnd.microsoft.icon", "no-cache", ""},
		{"head", "HEAD", "/", "", 200, []byte{}, "text/html; charset=utf-8", "no-cache", ""},
		{"post", "POST", "/", "", 405, nil, "", "", ""},
		{"unknown api", "GET", "/console/api/nope", "", 404, nil, "application/json", "no-store", ""},
	} {
		resp, body := get(tc.method, tc.path, tc.enc, nil)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
			continue
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", tc.name, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", tc.name)
		}
		if tc.status != 200 && tc.contentType == "" {
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != tc.contentType {
			t.Errorf("%s: Content-Type %q, want %q", tc.name, ct, tc.contentType)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != tc.cache {
			t.Errorf("%s: Cache-Control %q, want %q", tc.name, cc, tc.cache)
		}
		if ce := resp.Header.Get("Content-Encoding"); ce != tc.encoding {
			t.Errorf("%s: Content-Encoding %q, want %q", tc.name, ce, tc.encoding)
		}
		if tc.encoding == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if !bytes.Equal(body, js) {
				t.Errorf("%s: gunzipped body differs", tc.name)
			}
			continue
		}
		if tc.body != nil && !bytes.Equal(body, tc.body) {
			t.Errorf("%s: body %q", tc.name, body)
		}
	}
	// Revalidation answers 304 with the ETag of the encoding sent.
	resp, _ := get("GET", "/", "", nil)
	etag := resp.Header.Get("ETag")
	if resp, _ := get("GET", "/", "", map[string]string{"If-None-Match": etag}); etag == "" || resp.StatusCode != http.StatusNotModified {
		t.Fatalf("revalidation with %q: %d", etag, resp.StatusCode)
	}
	gz, _ := get("GET", "/assets/index-abc123.js", "gzip", nil)
	plain, _ := get("GET", "/assets/index-abc123.js", "", nil)
	if gz.Header.Get("ETag") == plain.Header.Get("ETag") {
		t.Fatal("gzip and plain variants share an ETag")
	}
}

func TestEmbeddedBundle(t *testing.T) {
	s, err := newStatic(mustSub(t))
	if err != nil {
		t.Fatalf("the embedded bundle does not load: %v", err)
	}
	if !strings.Contains(string(s.files["index.html"].plain.body), "<") {
		t.Fatal("the embedded index.html is not HTML")
	}
}

func TestAcceptedEncodings(t *testing.T) {
	for _, tc := range []struct {
		h    string
		want string
	}{
		{"gzip, deflate, br", "br deflate gzip"},
		{"gzip;q=0.5, br;q=0", "gzip"},
		{"GZIP ; q=1", "gzip"},
		{"", ""},
		{"identity;q=0, *", "*"},
	} {
		got := acceptedEncodings(tc.h)
		var names []string
		for _, n := range []string{"*", "br", "deflate", "gzip", "identity"} {
			if got[n] {
				names = append(names, n)
			}
		}
		if strings.Join(names, " ") != tc.want {
			t.Errorf("acceptedEncodings(%q) = %v, want %s", tc.h, names, tc.want)
		}
	}
}

func mustSub(t *testing.T) fs.FS {
	t.Helper()
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}
