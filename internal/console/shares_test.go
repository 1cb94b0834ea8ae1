package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

const sharedBody = `{"widgets":[{"type":"log","properties":{"query":"SOURCE 'app' | SOURCE \"db\" | fields @message","view":"table"}},{"type":"metric","properties":{"metrics":[["AWS/X","M"]],"annotations":{"alarms":["arn:aws:cloudwatch:us-east-1:111111111111:alarm:slow"]}}},{"type":"alarm","properties":{"alarms":["arn:aws:cloudwatch:us-east-1:111111111111:alarm:down"]}}]}`

func TestShares(t *testing.T) {
	f := newFixture(t)
	f.dash[acctA+"/ops"] = sharedBody
	f.store.AddDashboard(acctA, "ops")
	a := f.client(t)
	a.signInKey(keyA, secretA)
	b := f.client(t)
	b.signInKey(keyB, secretB)
	viewer := f.client(t)

	if resp, body := a.do("POST", "/console/api/shares", "application/json", `{"dashboardName":"ops"}`, nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("create without CSRF: %d %s", resp.StatusCode, body)
	}
	if resp, body := a.do("POST", "/console/api/shares", "application/json", `{"dashboardName":"missing"}`, map[string]string{"X-CSRF-Token": a.csrf}); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("share of a missing dashboard: %d %s", resp.StatusCode, body)
	}
	resp, body := a.do("POST", "/console/api/shares", "application/json", `{"dashboardName":"ops"}`, map[string]string{"X-CSRF-Token": a.csrf})
	var sh shareJSON
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &sh) != nil {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	if sh.Token == "" || sh.URL != "/#/share/"+sh.Token || sh.DashboardName != "ops" || sh.ID == "" || sh.CreatedBy != keyA || sh.Created == "" {
		t.Fatalf("share = %+v", sh)
	}

	resp, body = a.do("GET", "/console/api/shares", "", "", nil)
	var list struct{ Shares []shareJSON }
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || len(list.Shares) != 1 ||
		list.Shares[0].ID != sh.ID || list.Shares[0].Token != "" {
		t.Fatalf("list: %d %s", resp.StatusCode, body)
	}
	if _, body := b.do("GET", "/console/api/shares", "", "", nil); !strings.Contains(body, `"shares":[]`) {
		t.Fatalf("another account's list: %s", body)
	}

	// The viewer has no session: the token is the credential.
	resp, body = viewer.do("GET", "/console/api/shared/"+sh.Token, "", "", nil)
	var view map[string]string
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &view) != nil || view["dashboardName"] != "ops" || view["dashboardBody"] != sharedBody {
		t.Fatalf("shared view: %d %s", resp.StatusCode, body)
	}
	shared := func(target, in string) (int, map[string]any) {
		t.Helper()
		resp, body := viewer.do("POST", "/console/api/shared/"+sh.Token+"/aws", "application/x-amz-json-1.0", in, map[string]string{"X-Amz-Target": target})
		var out map[string]any
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("%s: %q: %v", target, body, err)
		}
		return resp.StatusCode, out
	}
	for _, tc := range []struct {
		target, in string
		status     int
	}{
		{"GraniteServiceVersion20100801.GetDashboard", `{"DashboardName":"ops"}`, 200},
		{"GraniteServiceVersion20100801.GetMetricData", `{}`, 200},
		{"GraniteServiceVersion20100801.DescribeAlarms", `{"AlarmNames":["down","slow"]}`, 200},
		{"Logs_20140328.StartQuery", `{"logGroupNames":["app","db"],"queryString":"fields @message"}`, 200},
		{"Logs_20140328.StartQuery", `{"logGroupName":"app","queryString":"fields @message"}`, 200},
		{"Logs_20140328.GetQueryResults", `{"queryId":"q"}`, 200},
		{"Logs_20140328.StopQuery", `{"queryId":"q"}`, 200},
		{"GraniteServiceVersion20100801.GetDashboard", `{"DashboardName":"other"}`, 403},
		{"GraniteServiceVersion20100801.PutDashboard", `{"DashboardName":"ops","DashboardBody":"{}"}`, 403},
		{"GraniteServiceVersion20100801.ListMetrics", `{}`, 403},
		{"GraniteServiceVersion20100801.DescribeAlarms", `{}`, 403},
		{"GraniteServiceVersion20100801.DescribeAlarms", `{"AlarmNamePrefix":""}`, 403},
		{"GraniteServiceVersion20100801.DescribeAlarms", `{"AlarmNames":["down","secret"]}`, 403},
		{"Logs_20140328.DescribeLogGroups", `{}`, 403},
		{"Logs_20140328.CreateLogGroup", `{"logGroupName":"x"}`, 403},
		{"Logs_20140328.StartQuery", `{"logGroupNames":["app","secrets"],"queryString":"fields @message"}`, 403},
		{"Logs_20140328.StartQuery", `{"queryString":"SOURCE logGroups(namePrefix: [\"\"]) | fields @message"}`, 403},
		{"Logs_20140328.StartQuery", `{"logGroupNames":["a*"],"queryString":"fields @message"}`, 403},
	} {
		status, out := shared(tc.target, tc.in)
		if status != tc.status {
			t.Errorf("%s %s: %d %v, want %d", tc.target, tc.in, status, out, tc.status)
			continue
		}
		switch {
		case status == 403 && out["__type"] != "AccessDeniedException":
			t.Errorf("%s: error %v", tc.target, out)
		case status == 200 && (out["AccountId"] != acctA || out["Admin"] != false || out["AccessKeyId"] != ""):
			t.Errorf("%s: ran as %v", tc.target, out)
		}
	}

	// Another account cannot revoke it; the owner can, by id.
	if resp, _ := b.do("DELETE", "/console/api/shares/"+sh.Token, "", "", map[string]string{"X-CSRF-Token": b.csrf}); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("revoke by another account: %d", resp.StatusCode)
	}
	if resp, _ := a.do("DELETE", "/console/api/shares/"+sh.ID, "", "", nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("revoke without CSRF: %d", resp.StatusCode)
	}
	if resp, body := a.do("DELETE", "/console/api/shares/"+sh.ID, "", "", map[string]string{"X-CSRF-Token": a.csrf}); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", resp.StatusCode, body)
	}
	if resp, _ := viewer.do("GET", "/console/api/shared/"+sh.Token, "", "", nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("revoked shared view: %d", resp.StatusCode)
	}
	if status, out := shared("GraniteServiceVersion20100801.GetDashboard", `{"DashboardName":"ops"}`); status != http.StatusNotFound || out["__type"] != "ResourceNotFoundException" {
		t.Fatalf("revoked shared door: %d %v", status, out)
	}
	if resp, _ := viewer.do("GET", "/console/api/shared/not-a-token", "", "", nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown token: %d", resp.StatusCode)
	}
}

func TestQuerySources(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{"SOURCE 'app' | fields @message", "[app]"},
		{`SOURCE 'a' | SOURCE "b/c" | SOURCE 'd.e#f' | stats count(*)`, "[a b/c d.e#f]"},
		{"fields @message | SOURCE 'late'", "[]"},
		{"SOURCE logGroups(namePrefix: ['x'])", "[]"},
		{"SOURCE 'unterminated", "[]"},
		{"SOURCEx 'a'", "[]"},
		{"", "[]"},
	} {
		got := querySources(tc.q)
		if fmt.Sprint(got) != tc.want && !(len(got) == 0 && tc.want == "[]") {
			t.Errorf("querySources(%q) = %q, want %s", tc.q, got, tc.want)
		}
	}
	groups := dashboardLogGroups(`{"widgets":[{"properties":{"query":"SOURCE 'a' | fields x"}},{"properties":{"logGroupNames":["b"]}}]}`)
	if len(groups) != 2 || !groups["a"] || !groups["b"] {
		t.Fatalf("dashboardLogGroups = %v", groups)
	}
	if len(dashboardLogGroups("not json")) != 0 {
		t.Fatal("a body that is not JSON names groups")
	}
}

// FuzzQuerySources checks that the reader never panics and only returns
// names that sit quoted in the query.
func FuzzQuerySources(f *testing.F) {
	f.Add("SOURCE 'app' | SOURCE \"db\" | fields @message")
	f.Add("SOURCE '")
	f.Add("SOURCE\t''|")
	f.Fuzz(func(t *testing.T, q string) {
		for _, g := range querySources(q) {
			if !strings.Contains(q, "'"+g+"'") && !strings.Contains(q, `"`+g+`"`) {
				t.Fatalf("querySources(%q) returned %q, which is not quoted in it", q, g)
			}
		}
	})
}
