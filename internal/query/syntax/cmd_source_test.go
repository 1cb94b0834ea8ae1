package syntax

import (
	"reflect"
	"testing"
)

func TestParseSourceCmd(t *testing.T) {
	q := expectParse(t, "SOURCE logGroups(namePrefix: ['app-', \"web-\"], class: infrequent_access, accountIdentifiers: ['123456789012']) | stats count(*)",
		`SOURCE logGroups(namePrefix: ["app-", "web-"], class: "INFREQUENT_ACCESS", accountIdentifiers: ["123456789012"]) | stats count(*)`)
	s := q.Source()
	if s == nil || !reflect.DeepEqual(s.NamePrefixes, []string{"app-", "web-"}) || s.LogClass() != ClassInfrequentAccess || s.AccountIdentifiers[0] != "123456789012" {
		t.Errorf("Source() = %+v", s)
	}
	q = expectParse(t, "source logGroups()", "SOURCE logGroups()")
	if q.Source().LogClass() != ClassStandard {
		t.Error("the default class is not STANDARD")
	}
	if (&Query{Commands: []Command{&LimitCmd{N: 1}}}).Source() != nil {
		t.Error("Source() of a query without SOURCE is not nil")
	}
	expectParseError(t, "SOURCE groups()", "expected logGroups(...) after SOURCE")
	expectParseError(t, "SOURCE logGroups(namePrefix: ['a','b','c','d','e','f'])", "lists 6 prefixes: at most 5 are allowed")
	expectParseError(t, "SOURCE logGroups(class: 'COLD')", `must be STANDARD or INFREQUENT_ACCESS, not "COLD"`)
	expectParseError(t, "SOURCE logGroups(class: ['STANDARD', 'STANDARD'])", "takes one log class")
	expectParseError(t, "SOURCE logGroups(accountIdentifiers: ['12'])", `account identifier "12" at position 38 is not a 12-digit account id`)
	expectParseError(t, "SOURCE logGroups(region: 'x')", `unknown SOURCE argument "region"`)
	expectParseError(t, "SOURCE logGroups(class: 'STANDARD', class: 'STANDARD')", "class at position 37 is given twice")
	expectParseError(t, "SOURCE logGroups(namePrefix ['a'])", `expected ":" after namePrefix`)
}
