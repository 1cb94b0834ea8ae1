package syntax

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	for _, name := range []string{"ISVALIDIPV4", "isvalidipv4", "isValidIpV4"} {
		if f := Lookup(name); f == nil || f.Name != "isValidIpV4" {
			t.Errorf("Lookup(%q) = %v", name, f)
		}
	}
	if Lookup("nosuch") != nil {
		t.Error("Lookup of an unknown name found something")
	}
	families := map[string]int{}
	for _, f := range Functions() {
		families[f.Family]++
		if f.MaxArgs >= 0 && f.MaxArgs < f.MinArgs {
			t.Errorf("%s: max args %d < min args %d", f.Name, f.MaxArgs, f.MinArgs)
		}
	}
	for _, fam := range []string{FamilyString, FamilyGeneral, FamilyNumeric, FamilyDatetime, FamilyIP, FamilyJSON, FamilyMasking, FamilyAggregate} {
		if families[fam] == 0 {
			t.Errorf("no function in family %s", fam)
		}
	}
}

// Every function parses in the context it belongs to, with its smallest
// argument list, and prints under its canonical name.
func TestEveryFunctionParses(t *testing.T) {
	for _, f := range Functions() {
		args := make([]string, f.MinArgs)
		for i := range args {
			args[i] = "x"
		}
		switch f.Name {
		case "bin":
			args = []string{"5m"}
		case "datefloor", "dateceil":
			args = []string{"@timestamp", "1h"}
		case "pct":
			args = []string{"x", "95"}
		}
		call := f.Name + "(" + strings.Join(args, ", ") + ")"
		q := "fields " + call + " as v"
		if f.Aggregate() {
			q = "stats " + call + " as v"
		}
		in := strings.ToUpper(q[:5]) + strings.Replace(q[5:], f.Name, strings.ToUpper(f.Name), 1)
		expectParse(t, in, q)
	}
}
