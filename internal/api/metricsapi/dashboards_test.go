package metricsapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/dashboards"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// dashStore is an in-memory dashboards.Store for one account.
type dashStore struct {
	mu sync.Mutex
	m  map[string]model.Dashboard
}

func (s *dashStore) PutDashboard(_ context.Context, d model.Dashboard) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d.Size = int64(len(d.Body))
	s.m[d.Name] = d
	return nil
}

func (s *dashStore) GetDashboard(_ context.Context, _, name string) (model.Dashboard, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.m[name]
	if !ok {
		return d, model.Errorf(model.ErrNotFound, "Dashboard %s does not exist", name)
	}
	return d, nil
}

func (s *dashStore) ListDashboards(_ context.Context, _, prefix, after string, _ int) ([]model.Dashboard, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []model.Dashboard
	for _, d := range s.m {
		if strings.HasPrefix(d.Name, prefix) && d.Name > after {
			out = append(out, d)
		}
	}
	return out, nil
}

func (s *dashStore) DeleteDashboards(_ context.Context, _ string, names []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range names {
		if _, ok := s.m[n]; !ok {
			return model.Errorf(model.ErrNotFound, "The specified dashboard does not exist. [%s]", n)
		}
	}
	for _, n := range names {
		delete(s.m, n)
	}
	return nil
}

func newDashboardServer(t *testing.T, withDashboards bool) *httptest.Server {
	t.Helper()
	var opts []Option
	if withDashboards {
		opts = append(opts, WithDashboards(dashboards.New(&dashStore{m: map[string]model.Dashboard{}}, dashboards.Options{Now: func() time.Time { return now }})))
	}
	api := New(metrics.New(&memStore{}, metrics.Options{Now: func() time.Time { return now }}), opts...)
	srv := httptest.NewServer(awsproto.NewHandler(awsproto.Options{Services: []awsproto.Service{api.Service()}, Auth: trustScope{}}))
	t.Cleanup(srv.Close)
	return srv
}

const formType = "application/x-www-form-urlencoded; charset=utf-8"

func TestDashboardsQueryProtocol(t *testing.T) {
	srv := newDashboardServer(t, true)
	for _, tc := range []struct {
		name, form string
		status     int
		want       []string
	}{
		{"put", "Action=PutDashboard&Version=2010-08-01&DashboardName=d1&DashboardBody=%7B%22widgets%22%3A%5B%5D%7D", 200,
			[]string{"<PutDashboardResponse", "<PutDashboardResult><DashboardValidationMessages></DashboardValidationMessages></PutDashboardResult>"}},
		{"get", "Action=GetDashboard&Version=2010-08-01&DashboardName=d1", 200,
			[]string{"<DashboardArn>arn:aws:cloudwatch::123456789012:dashboard/d1</DashboardArn>", "<DashboardBody>{&quot;widgets&quot;:[]}</DashboardBody>", "<DashboardName>d1</DashboardName>"}},
		{"list", "Action=ListDashboards&Version=2010-08-01&DashboardNamePrefix=d", 200,
			[]string{"<DashboardEntries><member><DashboardName>d1</DashboardName>", "<Size>14</Size>", "<LastModified>" + now.Format("2006-01-02T15:04:05Z") + "</LastModified>"}},
		{"invalid body", "Action=PutDashboard&Version=2010-08-01&DashboardName=d2&DashboardBody=%7B%7D", 400,
			[]string{"<Code>InvalidParameterInput</Code>", "<dashboardValidationMessages><member><DataPath></DataPath><Message>Should have required property 'widgets'</Message></member></dashboardValidationMessages>"}},
		{"delete unknown", "Action=DeleteDashboards&Version=2010-08-01&DashboardNames.member.1=d1&DashboardNames.member.2=zz", 404,
			[]string{"<Code>ResourceNotFound</Code>", "[zz]"}},
		{"delete", "Action=DeleteDashboards&Version=2010-08-01&DashboardNames.member.1=d1", 200,
			[]string{"<DeleteDashboardsResult></DeleteDashboardsResult>"}},
		{"get deleted", "Action=GetDashboard&Version=2010-08-01&DashboardName=d1", 404,
			[]string{"<Code>ResourceNotFound</Code>", "Dashboard d1 does not exist"}},
	} {
		resp, body := post(t, srv, "/", formType, nil, tc.form)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d: %s", tc.name, resp.StatusCode, body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %s in\n%s", tc.name, w, body)
			}
		}
	}
}

func TestDashboardsJSONErrors(t *testing.T) {
	srv := newDashboardServer(t, true)
	headers := func(op string) map[string]string {
		return map[string]string{"X-Amz-Target": TargetPrefix + "." + op, "x-amzn-query-mode": "true"}
	}
	resp, body := post(t, srv, "/", "application/x-amz-json-1.0", headers("PutDashboard"), `{"DashboardName":"d","DashboardBody":"{\"widgets\":[{\"type\":\"text\",\"properties\":{}}]}"}`)
	if resp.StatusCode != 400 || resp.Header.Get("x-amzn-query-error") != "InvalidParameterInput;Sender" ||
		!strings.Contains(body, `"__type":"DashboardInvalidInputError"`) ||
		!strings.Contains(body, `"dashboardValidationMessages":[{"DataPath":"/widgets/0/properties","Message":"Should have required property 'markdown'"}]`) {
		t.Errorf("invalid body: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	resp, body = post(t, srv, "/", "application/x-amz-json-1.0", headers("GetDashboard"), `{"DashboardName":"d"}`)
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("x-amzn-query-error") != "ResourceNotFound;Sender" || !strings.Contains(body, `"__type":"DashboardNotFoundError"`) {
		t.Errorf("unknown dashboard: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	resp, body = post(t, srv, "/", "application/x-amz-json-1.0", headers("GetDashboard"), `{"DashboardName":"bad name"}`)
	if resp.StatusCode != 400 || !strings.Contains(body, "InvalidParameterValueException") {
		t.Errorf("bad name: %d %s", resp.StatusCode, body)
	}
}

func TestDashboardsNotConfigured(t *testing.T) {
	srv := newDashboardServer(t, false)
	resp, body := post(t, srv, "/", formType, nil, "Action=ListDashboards&Version=2010-08-01")
	if resp.StatusCode != 400 || !strings.Contains(body, "<Code>InvalidAction</Code>") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}
