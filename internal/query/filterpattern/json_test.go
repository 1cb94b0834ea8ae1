package filterpattern

import (
	"maps"
	"testing"
)

// awsEvent is the JSON event of AWS's filter-pattern documentation.
const awsEvent = `{
  "eventType": "UpdateTrail",
  "sourceIPAddress": "111.111.111.111",
  "arrayKey": [
        "value",
        "another value"
  ],
  "objectList": [
       {"name": "a", "id": 1},
       {"name": "b", "id": 2}
  ],
  "SomeObject": null,
  "cluster.name": "c",
  "ThisFlag": true
}`

// awsCompound is the event of AWS's compound-expression examples.
const awsCompound = `{
    "user": {"id": 1, "email": "John.Stiles@example.com"},
    "users": [
        {"id": 2, "email": "John.Doe@example.com"},
        {"id": 3, "email": "Jane.Doe@example.com"}
    ],
    "actions": ["GET", "PUT", "DELETE"],
    "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]
}`

func TestJSONMatchAWSExamples(t *testing.T) {
	runMatchCases(t, []matchCase{
		{`{ $.eventType = "UpdateTrail" }`, awsEvent, true},
		{`{ $.eventType = UpdateTrail }`, awsEvent, true},
		{`{ $.eventType = "CreateTrail" }`, awsEvent, false},
		{`{ $.eventType = "updatetrail" }`, awsEvent, false},
		{`{ $.sourceIPAddress != 123.123.* }`, awsEvent, true},
		{`{ $.sourceIPAddress = 111.111.* }`, awsEvent, true},
		{`{ $.sourceIPAddress != 111.111.* }`, awsEvent, false},
		{`{ $.arrayKey[0] = "value" }`, awsEvent, true},
		{`{ $.arrayKey[1] = "another value" }`, awsEvent, true},
		{`{ $.arrayKey[2] = "value" }`, awsEvent, false},
		{`{ $.objectList[1].id = 2 }`, awsEvent, true},
		{`{ $.objectList[0].id = 2 }`, awsEvent, false},
		{`{ $.SomeObject IS NULL }`, awsEvent, true},
		{`{ $.eventType IS NULL }`, awsEvent, false},
		{`{ $.SomeOtherObject NOT EXISTS }`, awsEvent, true},
		{`{ $.SomeObject NOT EXISTS }`, awsEvent, false},
		{`{ $.ThisFlag IS TRUE }`, awsEvent, true},
		{`{ $.ThisFlag IS FALSE }`, awsEvent, false},
		{`{ $.eventType = "*" }`, awsEvent, true},
		{`{ $.missing = "*" }`, awsEvent, false},

		{`{ ($.user.id = 2 && $.users[0].email = "John.Doe@example.com") || $.actions[2] = "GET" }`, awsCompound, false},
		{`{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }`, awsCompound, true},
		{`{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }`, awsCompound, false},
		{`{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }`, awsCompound, true},
		{`{ $.coordinates[0][1] = 1 }`, awsCompound, true},
		{`{ $.coordinates[2][2] >= 9 }`, awsCompound, true},
		{`{ $.users[1].email = Jane* }`, awsCompound, true},
	})
}

func TestJSONMatch(t *testing.T) {
	const msg = `{"latency": 50, "size": 1.5e3, "neg": -2, "code": "404", "name": "api-gw",
		"ok": true, "bad": false, "nil": null, "obj": {"k": "v"}, "arr": [1, 2],
		"esc": "a\"b\\c\u00e9\ud83d\ude00", "empty": "", "msg": "ERROR: disk full"}`
	runMatchCases(t, []matchCase{
		// Numbers: every operator, signs, decimals, exponents.
		{`{ $.latency = 50 }`, msg, true},
		{`{ $.latency = 50.0 }`, msg, true},
		{`{ $.latency = 5e1 }`, msg, true},
		{`{ $.latency != 50 }`, msg, false},
		{`{ $.latency != 51 }`, msg, true},
		{`{ $.latency > 49.9 }`, msg, true},
		{`{ $.latency > 50 }`, msg, false},
		{`{ $.latency >= 50 }`, msg, true},
		{`{ $.latency < 50 }`, msg, false},
		{`{ $.latency <= +50 }`, msg, true},
		{`{ $.size > 1e3 }`, msg, true},
		{`{ $.size = 1500 }`, msg, true},
		{`{ $.size < 1E+4 }`, msg, true},
		{`{ $.neg < -1 }`, msg, true},
		{`{ $.neg > -2.5 }`, msg, true},
		{`{ $.latency > .5 }`, msg, true},
		{`{ $.latency = 5* }`, msg, true},
		{`{ $.latency = "50" }`, msg, true},
		// Strings holding numbers compare numerically with numbers.
		{`{ $.code = 404 }`, msg, true},
		{`{ $.code = 404.0 }`, msg, true},
		{`{ $.code > 400 }`, msg, true},
		{`{ $.code = 4* }`, msg, true},
		{`{ $.name > 4 }`, msg, false},
		{`{ $.name = 5 }`, msg, false},
		{`{ $.name != 5 }`, msg, true},
		// Wildcards.
		{`{ $.name = api* }`, msg, true},
		{`{ $.name = *gw }`, msg, true},
		{`{ $.name = *-* }`, msg, true},
		{`{ $.name = "a*i*g*w" }`, msg, true},
		{`{ $.name = *x* }`, msg, false},
		{`{ $.empty = "" }`, msg, true},
		{`{ $.empty = * }`, msg, true},
		{`{ $.nil = "*" }`, msg, true},
		// Booleans and null.
		{`{ $.ok = true }`, msg, true},
		{`{ $.ok IS TRUE }`, msg, true},
		{`{ $.bad IS FALSE }`, msg, true},
		{`{ $.ok IS FALSE }`, msg, false},
		{`{ $.code IS TRUE }`, msg, false},
		{`{ $.nil IS NULL }`, msg, true},
		{`{ $.nil = "null" }`, msg, false},
		{`{ $.nil != "x" }`, msg, false},
		{`{ $.ok = 1 }`, msg, false},
		{`{ $.ok != 1 }`, msg, false},
		// Objects and arrays never compare; missing values fail != too.
		{`{ $.obj = "*" }`, msg, false},
		{`{ $.obj != "x" }`, msg, false},
		{`{ $.arr = "*" }`, msg, false},
		{`{ $.obj NOT EXISTS }`, msg, false},
		{`{ $.obj.k = v }`, msg, true},
		{`{ $.obj.k.deeper NOT EXISTS }`, msg, true},
		{`{ $.arr[1] = 2 }`, msg, true},
		{`{ $.arr[0].x NOT EXISTS }`, msg, true},
		{`{ $.missing != "x" }`, msg, false},
		{`{ $.missing NOT EXISTS }`, msg, true},
		{`{ $.name[0] NOT EXISTS }`, msg, true},
		// Escapes are decoded before comparing.
		{`{ $.esc = "a\"b\\cé😀" }`, msg, true},
		// Regex values.
		{`{ $.msg = %ERROR% }`, msg, true},
		{`{ $.msg = %^ERROR:\sdisk% }`, msg, true},
		{`{ $.msg != %WARN% }`, msg, true},
		{`{ $.msg = %^disk% }`, msg, false},
		{`{ $.latency = %^5\d$% }`, msg, true},
		// Precedence: () > && > ||.
		{`{ $.latency = 1 && $.code = 404 || $.ok IS TRUE }`, msg, true},
		{`{ $.latency = 1 && ($.code = 404 || $.ok IS TRUE) }`, msg, false},
		{`{ $.ok IS TRUE || $.code = 1 && $.latency = 1 }`, msg, true},
		{`{ ($.ok IS TRUE || $.code = 1) && $.latency = 1 }`, msg, false},
		// Non-JSON messages never match, not even NOT EXISTS.
		{`{ $.a NOT EXISTS }`, `plain text`, false},
		{`{ $.a NOT EXISTS }`, ``, false},
		{`{ $.a NOT EXISTS }`, `{"b": 1`, false},
		{`{ $.a NOT EXISTS }`, `{"b": 1} trailing`, false},
		{`{ $.a NOT EXISTS }`, `[{"b": 1}]`, false},
		{`{ $.a NOT EXISTS }`, `{"b": 01}`, false},
		{`{ $.a NOT EXISTS }`, " \n{\"b\": [1, {\"c\": null}]}\n", true},
		// The last of duplicate keys wins, as in encoding/json.
		{`{ $.a = 1 }`, `{"a": 1, "a": 2}`, false},
		{`{ $.a = 2 }`, `{"a": 1, "a": 2}`, true},
		{`{ $.a.b = 1 }`, `{"a": {"b": 1}, "a": {"c": 2}}`, false},
		{`{ $.a[0] NOT EXISTS }`, `{"a": [1], "a": {}}`, true},
		// Keys are matched after unescaping.
		{`{ $.ab = 1 }`, `{"a\u0062": 1}`, true},
	})
}

func TestJSONMatchFields(t *testing.T) {
	p, err := Parse(`{ $.latency > 10 && ($.user.name = * || $.missing IS NULL) && $.ok IS TRUE && $.obj NOT EXISTS && $.n IS NULL }`)
	if err != nil {
		t.Fatal(err)
	}
	ok, fields := p.MatchFields(`{"latency": 50.50, "user": {"name": "a\nb"}, "ok": true, "n": null}`)
	if !ok {
		t.Fatal("MatchFields did not match")
	}
	want := map[string]string{"$.latency": "50.50", "$.user.name": "a\nb", "$.ok": "true"}
	if !maps.Equal(fields, want) {
		t.Errorf("fields = %q, want %q", fields, want)
	}
	if ok, fields := p.MatchFields(`{"latency": 5}`); ok || fields != nil {
		t.Errorf("MatchFields of a non-matching message = %v, %v", ok, fields)
	}
}

func TestJSONExtract(t *testing.T) {
	p, err := Parse(`{ $.eventType = "UpdateTrail" }`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		selector string
		want     string
		ok       bool
	}{
		{"$.eventType", "UpdateTrail", true},
		{"$.objectList[1].id", "2", true},
		{"$.objectList[1].name", "b", true},
		{"$.arrayKey[1]", "another value", true},
		{"$.ThisFlag", "true", true},
		{"$.SomeObject", "", false},
		{"$.objectList", "", false},
		{"$.objectList[0]", "", false},
		{"$.nope", "", false},
		{"$.cluster.name", "", false},
		{"$.", "", false},
		{"$eventType", "", false},
	}
	for _, tt := range tests {
		got, ok := p.Extract(awsEvent, tt.selector)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Extract(%q) = %q, %v, want %q, %v", tt.selector, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := p.Extract("not json", "$.eventType"); ok {
		t.Error("Extract from a non-JSON message succeeded")
	}
	// $.path extraction reads the message as JSON whatever the pattern.
	terms, err := Parse("ERROR")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := terms.Extract(`{"latency": 7}`, "$.latency"); !ok || got != "7" {
		t.Errorf("terms pattern Extract = %q, %v", got, ok)
	}
	if _, ok := terms.Extract(`a b`, "$a"); ok {
		t.Error("terms pattern extracted a $name field")
	}
}

func TestJSONRequiredTerms(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string
	}{
		{`{ $.eventType = "UpdateTrail" }`, []string{"eventType", "UpdateTrail"}},
		{`{ $.a.b-c = "x<y*z" && $.n = 5 }`, []string{"a", "b", "c", "x", "y", "z", "n"}},
		{`{ $.a IS NULL && $.b IS TRUE && $.c IS FALSE }`, []string{"a", "null", "b", "true", "c", "false"}},
		{`{ $.a NOT EXISTS }`, nil},
		{`{ $.a = 1 || $.b = 2 }`, nil},
		{`{ ($.a = 1 || $.b = 2) && $.c != "zz" }`, []string{"c"}},
		{`{ $.m = %^Err[a-z]+x% }`, []string{"m", "Err", "x"}},
	}
	for _, tt := range tests {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.pattern, err)
		}
		assertStrings(t, "RequiredTerms of "+tt.pattern, p.RequiredTerms(), tt.want)
	}
}
