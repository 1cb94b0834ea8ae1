package console

import (
	"net/http"
	"testing"
)

func TestDoor(t *testing.T) {
	f := newFixture(t)
	a := f.client(t)
	a.signInKey(keyA, secretA)
	b := f.client(t)
	b.signInKey(keyB, secretB)
	anon := f.client(t)

	for _, tc := range []struct {
		name     string
		c        *client
		target   string
		csrf     bool
		status   int
		account  string
		errType  string
		admin    bool
		operaton string
	}{
		{"key A", a, "Logs_20140328.DescribeLogGroups", true, 200, acctA, "", false, "DescribeLogGroups"},
		{"key B is admin", b, "Logs_20140328.CreateLogGroup", true, 200, acctB, "", true, "CreateLogGroup"},
		{"metrics in JSON 1.0", a, "GraniteServiceVersion20100801.ListMetrics", true, 200, acctA, "", false, "ListMetrics"},
		{"no CSRF token", a, "Logs_20140328.DescribeLogGroups", false, 403, "", "AccessDeniedException", false, ""},
		{"no session", anon, "Logs_20140328.DescribeLogGroups", false, 401, "", "UnrecognizedClientException", false, ""},
		{"unknown service", a, "Nope_2020.DescribeLogGroups", true, 400, "", "UnknownOperationException", false, ""},
		{"unknown operation", a, "Logs_20140328.Nope", true, 400, "", "UnknownOperationException", false, ""},
	} {
		status, out := tc.c.aws(tc.target, `{"logGroupNamePrefix":"x"}`, tc.csrf)
		if status != tc.status {
			t.Errorf("%s: status %d, want %d: %v", tc.name, status, tc.status, out)
			continue
		}
		if tc.errType != "" {
			if out["__type"] != tc.errType || out["message"] == "" {
				t.Errorf("%s: error %v, want __type %s", tc.name, out, tc.errType)
			}
			continue
		}
		if out["AccountId"] != tc.account || out["Admin"] != tc.admin || out["Region"] != DefaultRegion || out["Operation"] != tc.operaton {
			t.Errorf("%s: ran as %v", tc.name, out)
		}
		if in, _ := out["Input"].(map[string]any); in["logGroupNamePrefix"] != "x" {
			t.Errorf("%s: input %v", tc.name, out["Input"])
		}
	}

	// A disabled key's session stops at once.
	f.keys.disabled[keyA] = true
	if status, out := a.aws("Logs_20140328.DescribeLogGroups", `{}`, true); status != http.StatusUnauthorized {
		t.Fatalf("door with a disabled key: %d %v", status, out)
	}
	// GET is not a door method.
	if resp, _ := b.do("GET", "/console/api/aws", "", "", map[string]string{"X-CSRF-Token": b.csrf}); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("GET door: %d", resp.StatusCode)
	}
}
