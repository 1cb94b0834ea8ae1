// Package archtest checks the import rules of DESIGN.md: imports go one way,
// cmd → app → api → service → {query, storage} → model, and the query
// engine stays pure.
package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/openwatch/openwatch"

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(out)
	var pkgs []pkg
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	return pkgs
}

func within(path, prefix string) bool {
	return path == module+"/"+prefix || strings.HasPrefix(path, module+"/"+prefix+"/")
}

// rules: packages under the key may not import (directly or not) packages
// under any listed prefix.
var forbidden = map[string][]string{
	"internal/model": {"internal/"},
	// The memory limit is process-wide state any layer may report to.
	"internal/memlimit": {"internal/"},
	"internal/config":   {"internal/api", "internal/app", "internal/service", "internal/storage", "internal/query"},
	"internal/query":    {"internal/storage", "internal/service", "internal/api", "internal/app"},
	"internal/storage":  {"internal/query", "internal/service", "internal/api", "internal/app"},
	"internal/service":  {"internal/api", "internal/app", "internal/storage"},
	"internal/api":      {"internal/storage", "internal/app"},
	"internal/cli":      {"internal/api", "internal/app", "internal/service", "internal/storage", "internal/query"},
	"internal/console":  {"internal/app", "internal/storage"},
	// The deliverer is shared by topics and the event bus, so it knows
	// neither; topics know nothing of the alarms that publish to them.
	"internal/service/delivery": {"internal/service/"},
	"internal/service/topics":   {"internal/service/alarms", "internal/service/alarmactions", "internal/service/logs"},
}

// allowed lifts a rule for single packages: the client commands parse a
// query to decide how to run it, with the server's own parser, which is
// pure and needs nothing else.
var allowed = map[string][]string{
	"internal/cli": {"internal/query/syntax"},
}

func TestImportDirection(t *testing.T) {
	for _, p := range listPackages(t) {
		for owner, bans := range forbidden {
			if !within(p.ImportPath, owner) {
				continue
			}
			for _, dep := range p.Deps {
				if !strings.HasPrefix(dep, module+"/") || within(dep, "internal/model") ||
					slices.ContainsFunc(allowed[owner], func(a string) bool { return within(dep, a) }) {
					continue
				}
				for _, ban := range bans {
					if within(dep, strings.TrimSuffix(ban, "/")) || (strings.HasSuffix(ban, "/") && strings.HasPrefix(dep, module+"/"+ban)) {
						t.Errorf("%s imports %s (rule: %s must not depend on %s)", p.ImportPath, dep, owner, ban)
					}
				}
			}
		}
	}
}

// The query engine is pure: no I/O, no network, no clock of its own.
func TestQueryIsPure(t *testing.T) {
	banned := []string{"os", "os/exec", "net", "net/http", "io/fs", "database/sql", "syscall"}
	for _, p := range listPackages(t) {
		if !within(p.ImportPath, "internal/query") {
			continue
		}
		for _, imp := range p.Imports {
			for _, b := range banned {
				if imp == b {
					t.Errorf("%s imports %s; the query engine must not do I/O", p.ImportPath, imp)
				}
			}
		}
	}
	out, err := exec.Command("git", "-C", "../..", "grep", "-n", "time.Now()", "--", "internal/query/*.go", ":!*_test.go").Output()
	if err == nil && len(out) > 0 {
		t.Errorf("the query engine calls time.Now(); callers pass the time in:\n%s", out)
	}
}
