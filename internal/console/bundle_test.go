package console

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// buildTimeout bounds npm ci plus a production build on a loaded 2-core machine.
const buildTimeout = 10 * time.Minute

// TestWebSources checks web/ the way CI must: its unit tests pass, and a
// fresh build is byte for byte the committed internal/console/dist. The
// binary embeds dist, so a source change without a rebuild would ship the
// old console.
func TestWebSources(t *testing.T) {
	if testing.Short() {
		t.Skip("installing and building the console takes a while; skipped in -short mode")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed, so web/ cannot be tested nor the committed console bundle checked: install Node.js 20.19+ with npm (scripts/install-test-deps.sh)", tool)
		}
	}
	web, err := filepath.Abs(filepath.Join("..", "..", "web"))
	if err != nil {
		t.Fatal(err)
	}

	// Everything runs in a copy so it neither replaces the node_modules nor
	// the dist of a working tree someone may be building in at the same time.
	work := t.TempDir()
	src := filepath.Join(work, "web")
	if err := copySources(web, src); err != nil {
		t.Fatalf("copy web sources: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	runIn(ctx, t, src, nil, "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund")

	t.Run("unit tests", func(t *testing.T) {
		runIn(ctx, t, src, nil, "npm", "test")
	})

	t.Run("bundle matches sources", func(t *testing.T) {
		out := filepath.Join(work, "dist")
		runIn(ctx, t, src, []string{"OPENWATCH_CONSOLE_OUTDIR=" + out}, "npm", "run", "build")
		want, err := treeDigest(out)
		if err != nil {
			t.Fatalf("read fresh build: %v", err)
		}
		got, err := treeDigest("dist")
		if err != nil {
			t.Fatalf("read committed bundle: %v", err)
		}
		if diffs := compareTrees(want, got); len(diffs) > 0 {
			t.Fatalf("internal/console/dist does not match a fresh build of web/; run `npm ci && npm run build` in web/ and commit internal/console/dist:\n  %s",
				strings.Join(diffs, "\n  "))
		}
	})
}

func runIn(ctx context.Context, t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, buf.String())
	}
}

// copySources copies web/ without its installed modules or any build output.
func copySources(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}

// treeDigest maps each file's slash path under root to its contents.
func treeDigest(root string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	return files, err
}

// compareTrees lists how got differs from want, one line a file.
func compareTrees(want, got map[string][]byte) []string {
	names := map[string]bool{}
	for n := range want {
		names[n] = true
	}
	for n := range got {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	var diffs []string
	for _, n := range sorted {
		w, inWant := want[n]
		g, inGot := got[n]
		switch {
		case !inGot:
			diffs = append(diffs, fmt.Sprintf("missing from the committed bundle: %s", n))
		case !inWant:
			diffs = append(diffs, fmt.Sprintf("stale file not produced by the sources: %s", n))
		case !bytes.Equal(w, g):
			diffs = append(diffs, fmt.Sprintf("content differs: %s (%d bytes committed, %d built)", n, len(g), len(w)))
		}
	}
	return diffs
}

func TestCompareTrees(t *testing.T) {
	tests := []struct {
		name      string
		want, got map[string][]byte
		diffs     []string
	}{
		{"same", map[string][]byte{"a.js": []byte("x")}, map[string][]byte{"a.js": []byte("x")}, nil},
		{"missing", map[string][]byte{"a.js": []byte("x")}, map[string][]byte{}, []string{"missing from the committed bundle: a.js"}},
		{"stale", map[string][]byte{}, map[string][]byte{"old.js": []byte("x")}, []string{"stale file not produced by the sources: old.js"}},
		{"changed", map[string][]byte{"a.js": []byte("xy")}, map[string][]byte{"a.js": []byte("x")}, []string{"content differs: a.js (1 bytes committed, 2 built)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compareTrees(tt.want, tt.got)
			if strings.Join(got, "|") != strings.Join(tt.diffs, "|") {
				t.Fatalf("compareTrees = %q, want %q", got, tt.diffs)
			}
		})
	}
}
