package console

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestSignIn(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	for _, tc := range []struct {
		name, contentType, body string
		hdr                     map[string]string
		status                  int
	}{
		{"wrong secret", "application/json", `{"accessKeyId":"` + keyA + `","secretAccessKey":"nope"}`, nil, http.StatusUnauthorized},
		{"unknown key", "application/json", `{"accessKeyId":"AKIAZZZZZZZZZZZZZZZZ","secretAccessKey":"` + secretA + `"}`, nil, http.StatusUnauthorized},
		{"both kinds", "application/json", `{"accessKeyId":"` + keyA + `","secretAccessKey":"` + secretA + `","username":"u","password":"p"}`, nil, http.StatusBadRequest},
		{"neither", "application/json", `{}`, nil, http.StatusBadRequest},
		{"not json", "application/json", `accessKeyId=x`, nil, http.StatusBadRequest},
		{"form body", "application/x-www-form-urlencoded", `accessKeyId=x`, nil, http.StatusUnsupportedMediaType},
		{"too large", "application/json", `{"accessKeyId":"` + strings.Repeat("A", maxJSONBytes) + `"}`, nil, http.StatusRequestEntityTooLarge},
		{"cross origin", "application/json", `{"accessKeyId":"` + keyA + `","secretAccessKey":"` + secretA + `"}`, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
	} {
		resp, body := c.do("POST", "/console/api/session", tc.contentType, tc.body, tc.hdr)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, resp.StatusCode, tc.status, body)
		}
		var e map[string]string
		if json.Unmarshal([]byte(body), &e) != nil || e["error"] == "" {
			t.Errorf("%s: body %q is not a JSON error", tc.name, body)
		}
		if len(resp.Cookies()) != 0 && resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: failed sign-in set cookies %v", tc.name, resp.Cookies())
		}
	}

	resp, s := c.signInKey(keyA, secretA)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sign-in status %d", resp.StatusCode)
	}
	if s.AccountID != acctA || s.Principal != keyA || s.CSRFToken == "" || s.ExpiresAt == "" || s.Admin {
		t.Fatalf("session = %+v", s)
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == cookieName {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/" || cookie.Secure || len(cookie.Value) < 40 {
		t.Fatalf("cookie = %+v", cookie)
	}
	if strings.Contains(s.CSRFToken, cookie.Value) {
		t.Fatal("the CSRF token reveals the session id")
	}

	resp, body := c.do("GET", "/console/api/session", "", "", nil)
	var again sessionJSON
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &again) != nil || again != s {
		t.Fatalf("GET session: %d %s, want %+v", resp.StatusCode, body, s)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q on a session answer", cc)
	}
}

func TestSignOutNeedsCSRF(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signInKey(keyB, secretB)
	for _, tc := range []struct {
		name string
		hdr  map[string]string
	}{
		{"no token", nil},
		{"wrong token", map[string]string{"X-CSRF-Token": strings.Repeat("0", len(c.csrf))}},
		{"right token, other origin", map[string]string{"X-CSRF-Token": c.csrf, "Origin": "http://attacker.test"}},
	} {
		resp, body := c.do("DELETE", "/console/api/session", "", "", tc.hdr)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "CSRF") {
			t.Errorf("%s: %d %s, want 403", tc.name, resp.StatusCode, body)
		}
	}
	if resp, _ := c.do("GET", "/console/api/session", "", "", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("session ended by a refused sign-out: %d", resp.StatusCode)
	}
	resp, _ := c.do("DELETE", "/console/api/session", "", "", map[string]string{"X-CSRF-Token": c.csrf, "Origin": f.srv.URL})
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("sign-out: %d", resp.StatusCode)
	}
	if resp, body := c.do("GET", "/console/api/session", "", "", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("session after sign-out: %d %s", resp.StatusCode, body)
	}
}

func TestUserSignIn(t *testing.T) {
	f := newFixture(t)
	if _, err := f.auth.CreateUser(t.Context(), acctB, "zoe", "zoe's password"); err != nil {
		t.Fatal(err)
	}
	c := f.client(t)
	resp, body := c.do("POST", "/console/api/session", "application/json", `{"username":"zoe","password":"wrong password"}`, nil)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d %s", resp.StatusCode, body)
	}
	resp, body = c.do("POST", "/console/api/session", "application/json", `{"username":"zoe","password":"zoe's password"}`, nil)
	var s sessionJSON
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &s) != nil {
		t.Fatalf("sign-in: %d %s", resp.StatusCode, body)
	}
	if s.AccountID != acctB || s.Principal != "zoe" || s.UserName != "zoe" || !s.Admin {
		t.Fatalf("user session = %+v", s)
	}
	c.csrf = s.CSRFToken
	status, out := c.aws("Logs_20140328.DescribeLogGroups", `{}`, true)
	if status != http.StatusOK || out["AccountId"] != acctB || out["Admin"] != true || out["AccessKeyId"] != "" {
		t.Fatalf("door as a user: %d %v", status, out)
	}
	// Deleting the user ends the session at its next request.
	if err := f.auth.DeleteUser(t.Context(), "zoe"); err != nil {
		t.Fatal(err)
	}
	if status, out := c.aws("Logs_20140328.DescribeLogGroups", `{}`, true); status != http.StatusUnauthorized || out["__type"] != "UnrecognizedClientException" {
		t.Fatalf("door after the user was deleted: %d %v", status, out)
	}
}
