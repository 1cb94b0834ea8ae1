package console

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// static serves the built single-page app from memory: index.html for the
// root and any path that is not a file (routes live in the URL fragment,
// but a reload of a mistyped path should still land in the app), hashed
// assets with a year-long immutable cache, and gzip or brotli variants
// when the client takes them.
type static struct {
	files map[string]*asset // by path without the leading slash
}

type asset struct {
	name        string
	contentType string
	plain       encoded
	gzip, br    *encoded
}

type encoded struct {
	body []byte
	etag string
}

// minCompress is the size below which compressing is not worth a header.
const minCompress = 1024

var compressible = map[string]bool{".js": true, ".mjs": true, ".css": true, ".html": true, ".svg": true, ".json": true, ".txt": true, ".map": true, ".wasm": true}

func newStatic(assets fs.FS) (*static, error) {
	s := &static{files: map[string]*asset{}}
	err := fs.WalkDir(assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br") {
			return nil
		}
		body, err := fs.ReadFile(assets, p)
		if err != nil {
			return fmt.Errorf("cannot read console asset %q: %w", p, err)
		}
		ext := path.Ext(p)
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = http.DetectContentType(body)
		}
		a := &asset{name: p, contentType: ct, plain: encode(body, "")}
		if br, err := fs.ReadFile(assets, p+".br"); err == nil {
			e := encode(br, "br")
			a.br = &e
		}
		if gz, err := fs.ReadFile(assets, p+".gz"); err == nil {
			e := encode(gz, "gz")
			a.gzip = &e
		} else if compressible[ext] && len(body) >= minCompress {
			if gz, ok := gzipped(body); ok {
				e := encode(gz, "gz")
				a.gzip = &e
			}
		}
		s.files[p] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot load the console bundle: %w", err)
	}
	if s.files["index.html"] == nil {
		return nil, fmt.Errorf("the console bundle has no index.html")
	}
	return s, nil
}

func encode(body []byte, variant string) encoded {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	if variant != "" {
		tag += "-" + variant
	}
	return encoded{body: body, etag: `"` + tag + `"`}
}

// gzipped compresses body once at start, so serving costs nothing; ok is
// false when it does not get smaller.
func gzipped(body []byte) ([]byte, bool) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, false
	}
	if _, err := zw.Write(body); err != nil {
		return nil, false
	}
	if err := zw.Close(); err != nil {
		return nil, false
	}
	if b.Len() >= len(body) {
		return nil, false
	}
	return b.Bytes(), true
}

func (s *static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	a := s.files[name]
	switch {
	case a != nil && strings.HasPrefix(name, "assets/"):
		// Asset names carry a content hash: a new build gets new names.
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	case a == nil && strings.HasPrefix(name, "assets/"):
		http.NotFound(w, r)
		return
	case a == nil || name == "":
		a = s.files["index.html"]
		fallthrough
	default:
		w.Header().Set("Cache-Control", "no-cache")
	}
	e := &a.plain
	if a.br != nil || a.gzip != nil {
		w.Header().Add("Vary", "Accept-Encoding")
		switch accepts := acceptedEncodings(r.Header.Get("Accept-Encoding")); {
		case a.br != nil && accepts["br"]:
			e = a.br
			w.Header().Set("Content-Encoding", "br")
		case a.gzip != nil && accepts["gzip"]:
			e = a.gzip
			w.Header().Set("Content-Encoding", "gzip")
		}
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("ETag", e.etag)
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(e.body))
}

// acceptedEncodings reads Accept-Encoding, leaving out codings refused
// with q=0.
func acceptedEncodings(h string) map[string]bool {
	out := map[string]bool{}
	for part := range strings.SplitSeq(h, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		params = strings.ReplaceAll(params, " ", "")
		if params == "q=0" || params == "q=0.0" || params == "q=0.00" || params == "q=0.000" {
			continue
		}
		out[strings.ToLower(strings.TrimSpace(coding))] = true
	}
	return out
}
