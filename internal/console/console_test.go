package console

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/consoleauth"
	"github.com/openwatch/openwatch/internal/service/livetail"
)

const (
	acctA   = "111111111111"
	acctB   = "222222222222"
	keyA    = "AKIAAAAAAAAAAAAAAAAA"
	secretA = "secret-a-0000000000000000000000000000000"
	keyB    = "AKIABBBBBBBBBBBBBBBB"
	secretB = "secret-b-0000000000000000000000000000000"
)

// keys is the fixture's KeyLookup; disabled keys fail as the accounts
// service's do.
type keys struct{ disabled map[string]bool }

func (k *keys) lookup(_ context.Context, id string) (string, model.Principal, error) {
	switch {
	case k.disabled[id]:
		return "", model.Principal{}, model.Errorf(model.ErrDisabledKey, "disabled")
	case id == keyA:
		return secretA, model.Principal{AccountID: acctA, AccessKeyID: keyA}, nil
	case id == keyB:
		return secretB, model.Principal{AccountID: acctB, AccessKeyID: keyB, Admin: true}, nil
	}
	return "", model.Principal{}, model.Errorf(model.ErrUnrecognizedKey, "unknown")
}

type dashboards map[string]string // account/name → body

func (d dashboards) Get(_ context.Context, accountID, name string) (model.Dashboard, error) {
	body, ok := d[accountID+"/"+name]
	if !ok {
		return model.Dashboard{}, model.Errorf(model.ErrNotFound, "Dashboard %s does not exist", name)
	}
	return model.Dashboard{AccountID: accountID, Name: name, Body: body}, nil
}

type groups map[string]bool // account/name

func (g groups) GetLogGroup(_ context.Context, accountID, name string) (model.LogGroup, error) {
	if !g[accountID+"/"+name] {
		return model.LogGroup{}, model.Errorf(model.ErrNotFound, "no group")
	}
	return model.LogGroup{AccountID: accountID, Name: name}, nil
}

// whoami answers with the identity a call ran as, so tests see what the
// door made of the session.
func whoami(_ context.Context, c *awsproto.Call) (any, error) {
	var in map[string]any
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	return map[string]any{"AccountId": c.Principal.AccountID, "AccessKeyId": c.Principal.AccessKeyID, "Admin": c.Principal.Admin,
		"Region": c.Region, "Operation": c.Operation, "Input": in}, nil
}

// testServices stand in for the logs and metrics tables: every operation
// is whoami.
func testServices() []awsproto.Service {
	ops := func(names ...string) map[string]awsproto.Handler {
		m := map[string]awsproto.Handler{}
		for _, n := range names {
			m[n] = whoami
		}
		return m
	}
	return []awsproto.Service{
		{TargetPrefix: "Logs_20140328", SigningName: "logs", Protocols: []awsproto.Protocol{awsproto.JSON{Version: "1.1"}},
			Operations: ops("DescribeLogGroups", "CreateLogGroup", "StartQuery", "GetQueryResults", "StopQuery")},
		{TargetPrefix: "GraniteServiceVersion20100801", SigningName: "monitoring", Protocols: []awsproto.Protocol{awsproto.JSON{Version: "1.0", QueryCompatible: true}},
			Operations: ops("GetDashboard", "PutDashboard", "GetMetricData", "DescribeAlarms", "ListMetrics")},
	}
}

type fixture struct {
	h     *Handler
	srv   *httptest.Server
	store *consoleauth.MemStore
	keys  *keys
	auth  *consoleauth.Service
	hub   *livetail.Hub
	dash  dashboards
}

var testAssets = fstest.MapFS{
	"index.html":             {Data: []byte(`<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="app"></div></body></html>`)},
	"assets/index-abc123.js": {Data: []byte(strings.Repeat("console.log('openwatch');\n", 200))},
	"assets/logo-def456.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
	"favicon.ico":            {Data: []byte{0, 0, 1, 0}},
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{store: consoleauth.NewMemStore(acctA, acctB), keys: &keys{disabled: map[string]bool{}}, dash: dashboards{}}
	f.auth = consoleauth.New(f.store, f.keys.lookup, consoleauth.Options{Hash: consoleauth.HashParams{MemoryKiB: 64, Iterations: 1, Threads: 1}})
	f.hub = livetail.NewHub(groups{acctA + "/app": true, acctA + "/db": true, acctB + "/app": true, acctB + "/billing": true}, 0)
	services := testServices()
	h, err := New(Options{
		Auth: f.auth, Tail: f.hub, Dashboards: f.dash, Services: services, Assets: testAssets,
		Door: func(a awsproto.Authenticator) http.Handler {
			return awsproto.NewHandler(awsproto.Options{Services: services, Auth: a, MaxBodyBytes: 1 << 20})
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	f.srv = httptest.NewServer(h)
	t.Cleanup(func() {
		h.Shutdown()
		f.srv.Close()
	})
	return f
}

// client is a browser: a cookie jar and the CSRF token it was given.
type client struct {
	t    *testing.T
	f    *fixture
	c    *http.Client
	csrf string
}

func (f *fixture) client(t *testing.T) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, f: f, c: &http.Client{Jar: jar}}
}

// do sends a request with the page's headers: same origin, and the CSRF
// token when csrf is set.
func (c *client) do(method, path, contentType, body string, hdr map[string]string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp, string(b)
}

func (c *client) signInKey(id, secret string) (*http.Response, sessionJSON) {
	c.t.Helper()
	body, _ := json.Marshal(map[string]string{"accessKeyId": id, "secretAccessKey": secret})
	resp, text := c.do("POST", "/console/api/session", "application/json", string(body), nil)
	var s sessionJSON
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal([]byte(text), &s); err != nil {
			c.t.Fatalf("sign-in answer %q: %v", text, err)
		}
		c.csrf = s.CSRFToken
	}
	return resp, s
}

// aws calls the door as the page's api.ts does.
func (c *client) aws(target, body string, withCSRF bool) (int, map[string]any) {
	c.t.Helper()
	hdr := map[string]string{"X-Amz-Target": target}
	if withCSRF {
		hdr["X-CSRF-Token"] = c.csrf
	}
	ct := "application/x-amz-json-1.1"
	if strings.HasPrefix(target, "Granite") {
		ct = "application/x-amz-json-1.0"
	}
	resp, text := c.do("POST", "/console/api/aws", ct, body, hdr)
	var out map[string]any
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		c.t.Fatalf("door answer %q is not JSON: %v", text, err)
	}
	return resp.StatusCode, out
}
