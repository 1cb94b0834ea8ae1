package console

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/consoleauth"
)

// The AWS door: POST /console/api/aws takes an AWS JSON request named by
// X-Amz-Target and answers exactly as the AWS JSON protocol does. It is the
// server's own awsproto handler over the same operation tables; only the
// Authenticator differs, deriving the identity from the session cookie and
// the CSRF token instead of a signature.

// sessionAuth authenticates door requests by session.
type sessionAuth struct{ h *Handler }

func (a sessionAuth) Authenticate(ctx context.Context, r *http.Request, _ []byte) (awsproto.Identity, error) {
	sess, err := a.h.session(r, true)
	switch {
	case errors.Is(err, consoleauth.ErrUnauthenticated):
		return awsproto.Identity{}, &awsproto.APIError{Code: "UnrecognizedClientException", Message: "Not signed in, or the session has expired.", Status: http.StatusUnauthorized}
	case errors.Is(err, model.ErrAccessDenied):
		return awsproto.Identity{}, &awsproto.APIError{Code: "AccessDeniedException", Message: errMessage(err), Status: http.StatusForbidden}
	case err != nil:
		return awsproto.Identity{}, err
	}
	return a.h.identity(r, sess.Principal)
}

// identity is what a signature scoped to the targeted service would have
// given: the principal, the console's region and the service's signing
// name. Requests that name no known service get no service, and awsproto
// refuses them as unknown operations.
func (h *Handler) identity(r *http.Request, p model.Principal) (awsproto.Identity, error) {
	if r.Header.Get("X-Amz-Target") == "" {
		return awsproto.Identity{}, &awsproto.APIError{Code: "UnknownOperationException", Message: "The console's AWS door takes AWS JSON requests named by X-Amz-Target.", Status: http.StatusBadRequest}
	}
	prefix, _ := targetParts(r)
	return awsproto.Identity{Principal: p, Region: h.opts.Region, Service: h.signing[prefix]}, nil
}

// targetParts splits X-Amz-Target at its last dot, as the JSON protocol
// does.
func targetParts(r *http.Request) (prefix, op string) {
	t := r.Header.Get("X-Amz-Target")
	i := strings.LastIndexByte(t, '.')
	if i < 0 {
		return t, ""
	}
	return t[:i], t[i+1:]
}

func errMessage(err error) string {
	var me *model.Error
	if errors.As(err, &me) {
		return me.Message
	}
	return err.Error()
}

// sharedReads are the operations a share link's viewer may call: what
// rendering a dashboard reads, nothing that changes anything.
// GetDashboard is further limited to the shared dashboard, StartQuery to
// the log groups its log widgets name and DescribeAlarms to the alarms its
// widgets name. GetMetricData and GetMetricStatistics read any metric of
// the owner's account: metric widgets hold metric math and SEARCH
// expressions, whose metrics are only known once they run.
var sharedReads = map[string]bool{
	"GetDashboard":        true,
	"GetMetricData":       true,
	"GetMetricStatistics": true,
	"DescribeAlarms":      true,
	"StartQuery":          true,
	"GetQueryResults":     true,
	"StopQuery":           true,
}

// sharedAuth authenticates share-link door requests: the token in the
// path is the credential, and the identity is the dashboard owner's
// account without administrator rights.
type sharedAuth struct{ h *Handler }

func (a sharedAuth) Authenticate(ctx context.Context, r *http.Request, body []byte) (awsproto.Identity, error) {
	sh, err := a.h.opts.Auth.ResolveShare(ctx, r.PathValue("token"))
	switch {
	case errors.Is(err, model.ErrNotFound):
		return awsproto.Identity{}, &awsproto.APIError{Code: "ResourceNotFoundException", Message: errMessage(err), Status: http.StatusNotFound}
	case err != nil:
		return awsproto.Identity{}, err
	}
	id, err := a.h.identity(r, model.Principal{AccountID: sh.AccountID})
	if err != nil {
		return id, err
	}
	_, op := targetParts(r)
	if !sharedReads[op] {
		return awsproto.Identity{}, denied("A share link may only read the shared dashboard.")
	}
	if op != "GetDashboard" && op != "StartQuery" && op != "DescribeAlarms" {
		return id, nil
	}
	// Those are checked against the request, which must be plain JSON to
	// be read here.
	if r.Header.Get("Content-Encoding") != "" {
		return awsproto.Identity{}, denied("Share link requests must not be compressed.")
	}
	var in struct {
		DashboardName       string
		LogGroupName        string
		LogGroupNames       []string
		LogGroupIdentifiers []string
		AlarmNames          []string
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return awsproto.Identity{}, denied("Share link requests must be AWS JSON.")
	}
	if op == "GetDashboard" {
		if in.DashboardName != sh.DashboardName {
			return awsproto.Identity{}, denied("A share link may only read the shared dashboard.")
		}
		return id, nil
	}
	d, err := a.h.opts.Dashboards.Get(ctx, sh.AccountID, sh.DashboardName)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return awsproto.Identity{}, &awsproto.APIError{Code: "ResourceNotFoundException", Message: "The shared dashboard no longer exists.", Status: http.StatusNotFound}
		}
		return awsproto.Identity{}, err
	}
	if op == "DescribeAlarms" {
		shown := dashboardAlarms(d.Body)
		if len(in.AlarmNames) == 0 {
			return awsproto.Identity{}, denied("A share link may only describe the alarms of the shared dashboard, by name.")
		}
		for _, n := range in.AlarmNames {
			if !shown[n] {
				return awsproto.Identity{}, denied("A share link may only describe the alarms of the shared dashboard, by name.")
			}
		}
		return id, nil
	}
	allowed := dashboardLogGroups(d.Body)
	groups := append(append([]string{}, in.LogGroupNames...), in.LogGroupIdentifiers...)
	if in.LogGroupName != "" {
		groups = append(groups, in.LogGroupName)
	}
	if len(groups) == 0 {
		return awsproto.Identity{}, denied("A share link may only query the log groups of the shared dashboard.")
	}
	for _, g := range groups {
		if !allowed[g] {
			return awsproto.Identity{}, denied("A share link may only query the log groups of the shared dashboard.")
		}
	}
	return id, nil
}

func denied(msg string) error {
	return &awsproto.APIError{Code: "AccessDeniedException", Message: msg, Status: http.StatusForbidden}
}

func (h *Handler) sharedDoor(w http.ResponseWriter, r *http.Request) {
	h.shared.ServeHTTP(w, r)
}
