package syntax

import (
	"sort"
	"strings"
)

// Function families, as the CloudWatch documentation groups them.
const (
	FamilyString    = "string"
	FamilyGeneral   = "general"
	FamilyNumeric   = "numeric"
	FamilyDatetime  = "datetime"
	FamilyIP        = "ip"
	FamilyJSON      = "json"
	FamilyMasking   = "masking"
	FamilyAggregate = "aggregate"
)

// FuncInfo describes one function of the language. Names are matched
// without regard to case; Name is the canonical spelling used in output.
type FuncInfo struct {
	Name    string
	Family  string
	MinArgs int
	MaxArgs int // -1: any number of arguments
}

// Aggregate reports whether the function is an aggregate, usable only in
// stats (and, after a stats command, as the name of its output column).
func (f *FuncInfo) Aggregate() bool { return f.Family == FamilyAggregate }

var catalog = func() map[string]*FuncInfo {
	list := []FuncInfo{
		{"strlen", FamilyString, 1, 1},
		{"toupper", FamilyString, 1, 1},
		{"tolower", FamilyString, 1, 1},
		{"trim", FamilyString, 1, 2},
		{"ltrim", FamilyString, 1, 2},
		{"rtrim", FamilyString, 1, 2},
		{"strcontains", FamilyString, 2, 2},
		{"replace", FamilyString, 3, 3},
		{"substr", FamilyString, 2, 3},
		{"concat", FamilyString, 1, -1},
		{"isempty", FamilyString, 1, 1},
		{"isblank", FamilyString, 1, 1},

		{"ispresent", FamilyGeneral, 1, 1},
		{"coalesce", FamilyGeneral, 1, -1},

		{"abs", FamilyNumeric, 1, 1},
		{"ceil", FamilyNumeric, 1, 1},
		{"floor", FamilyNumeric, 1, 1},
		{"greatest", FamilyNumeric, 1, -1},
		{"least", FamilyNumeric, 1, -1},
		{"log", FamilyNumeric, 1, 1},
		{"sqrt", FamilyNumeric, 1, 1},
		{"pow", FamilyNumeric, 2, 2},
		{"mod", FamilyNumeric, 2, 2},

		{"bin", FamilyDatetime, 1, 1},
		{"datefloor", FamilyDatetime, 2, 2},
		{"dateceil", FamilyDatetime, 2, 2},
		{"fromMillis", FamilyDatetime, 1, 1},
		{"toMillis", FamilyDatetime, 1, 1},

		{"isValidIp", FamilyIP, 1, 1},
		{"isValidIpV4", FamilyIP, 1, 1},
		{"isValidIpV6", FamilyIP, 1, 1},
		{"isIpInSubnet", FamilyIP, 2, 2},
		{"isIpv4InSubnet", FamilyIP, 2, 2},
		{"isIpv6InSubnet", FamilyIP, 2, 2},

		{"jsonParse", FamilyJSON, 1, 1},
		{"jsonStringify", FamilyJSON, 1, 1},

		{"unmask", FamilyMasking, 1, 1},

		{"avg", FamilyAggregate, 1, 1},
		{"count", FamilyAggregate, 0, 1},
		{"count_distinct", FamilyAggregate, 1, 1},
		{"max", FamilyAggregate, 1, 1},
		{"min", FamilyAggregate, 1, 1},
		{"pct", FamilyAggregate, 2, 2},
		{"stddev", FamilyAggregate, 1, 1},
		{"sum", FamilyAggregate, 1, 1},
		{"earliest", FamilyAggregate, 1, 1},
		{"latest", FamilyAggregate, 1, 1},
		{"sortsFirst", FamilyAggregate, 1, 1},
		{"sortsLast", FamilyAggregate, 1, 1},
	}
	m := make(map[string]*FuncInfo, len(list))
	for i := range list {
		m[strings.ToLower(list[i].Name)] = &list[i]
	}
	return m
}()

// Lookup finds a function by name, ignoring case; nil if there is none.
func Lookup(name string) *FuncInfo { return catalog[strings.ToLower(name)] }

// Functions lists every function of the language, sorted by name.
func Functions() []*FuncInfo {
	out := make([]*FuncInfo, 0, len(catalog))
	for _, f := range catalog {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
