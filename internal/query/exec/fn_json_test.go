package exec

import "testing"

func TestJSONFunctions(t *testing.T) {
	m := `{"raw":"{\"k\":[1,\"two\",{\"x\":null}],\"a.b\":true}","bad":"{oops"}`
	runEvalCases(t, []evalCase{
		{"jsonParse(raw)", m, `{"k":[1,"two",{"x":null}],"a.b":true}`},
		{"jsonParse(bad)", m, "<null>"},
		{"jsonParse(missing)", m, "<null>"},
		{"jsonParse(\"[1, 2]\")[1]", m, "2"},
		{"jsonParse(\"[1, 2]\")[2]", m, "<null>"},
		{"jsonParse(\"[1, 2]\")[\"x\"]", m, "<null>"},
		{"jsonParse(raw)[\"a.b\"]", m, "true"},
		{"jsonParse(jsonParse(raw))", m, `{"k":[1,"two",{"x":null}],"a.b":true}`},
		{"jsonParse(\"42\")", m, "42"},
		{"jsonStringify(jsonParse(raw))", m, `{"k":[1,"two",{"x":null}],"a.b":true}`},
		{"jsonStringify(\"a\\\"b\")", m, `"a\"b"`},
		{"jsonStringify(1.50)", m, "1.5"},
		{"jsonStringify(@timestamp)", m, `"2023-11-14 22:13:20.000"`},
		{"jsonStringify(missing)", m, "<null>"},
		{"jsonStringify(1 = 1)", m, "1"},
	})
}
