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
	"sync"
	"time"
)

// static serves the built single-page app from memory: index.html for the
// root and any path that is not a file (routes live in the URL fragment,
// but a reload of a mistyped path should still land in the app), hashed
// assets with a year-long immutable cache, and a gzip variant when the
// client takes it, compressed on first request so that start-up (and every
// test that starts a server) does not pay for assets nobody fetches.
type static struct {
	files map[string]*asset // by path without the leading slash
}

type asset struct {
	name        string
	contentType string
	plain       encoded
	// compress says whether a gzip variant is worth trying; gzipOnce
	// makes it, and gzip is nil when it did not come out smaller.
	compress bool
	gzipOnce sync.Once
	gzip     *encoded
}

// gzipped returns the asset's gzip variant, or nil.
func (a *asset) gzipped() *encoded {
	if !a.compress {
		return nil
	}
	a.gzipOnce.Do(func() {
		if gz, ok := gzipBody(a.plain.body); ok {
			e := encode(gz, "gz")
			a.gzip = &e
		}
	})
	return a.gzip
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
		body, err := fs.ReadFile(assets, p)
		if err != nil {
			return fmt.Errorf("cannot read console asset %q: %w", p, err)
		}
		ext := path.Ext(p)
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = http.DetectContentType(body)
		}
		s.files[p] = &asset{name: p, contentType: ct, plain: encode(body, ""),
			compress: compressible[ext] && len(body) >= minCompress}
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

// gzipBody compresses body; ok is false when it does not get smaller.
func gzipBody(body []byte) ([]byte, bool) {
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
	if a.compress {
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptedEncodings(r.Header.Get("Accept-Encoding"))["gzip"] {
			if gz := a.gzipped(); gz != nil {
				e = gz
				w.Header().Set("Content-Encoding", "gzip")
			}
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
