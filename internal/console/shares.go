package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

type shareJSON struct {
	// ID names the share in listings and revocation; the token itself
	// is only shown when the share is created.
	ID            string `json:"id"`
	Token         string `json:"token,omitempty"`
	URL           string `json:"url,omitempty"`
	DashboardName string `json:"dashboardName"`
	CreatedBy     string `json:"createdBy"`
	Created       string `json:"created"`
}

func toShareJSON(s model.DashboardShare) shareJSON {
	return shareJSON{ID: s.TokenHash, DashboardName: s.DashboardName, CreatedBy: s.CreatedBy, Created: s.CreatedAt.UTC().Format(time.RFC3339)}
}

func (h *Handler) createShare(w http.ResponseWriter, r *http.Request) {
	sess, ok := h.requireSession(w, r, true)
	if !ok {
		return
	}
	var in struct {
		DashboardName string `json:"dashboardName"`
	}
	if !decodeJSON(w, r, &in) {
		return
	}
	sh, err := h.opts.Auth.CreateShare(r.Context(), sess, in.DashboardName)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := toShareJSON(sh.DashboardShare)
	out.Token, out.URL = sh.Token, "/#/share/"+sh.Token
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) listShares(w http.ResponseWriter, r *http.Request) {
	sess, ok := h.requireSession(w, r, false)
	if !ok {
		return
	}
	list, err := h.opts.Auth.ListShares(r.Context(), sess.Principal.AccountID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := struct {
		Shares []shareJSON `json:"shares"`
	}{Shares: make([]shareJSON, len(list))}
	for i, s := range list {
		out.Shares[i] = toShareJSON(s)
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) revokeShare(w http.ResponseWriter, r *http.Request) {
	sess, ok := h.requireSession(w, r, true)
	if !ok {
		return
	}
	if err := h.opts.Auth.RevokeShare(r.Context(), sess.Principal.AccountID, r.PathValue("token")); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// getShared is the shared view's first call: which dashboard and its body.
func (h *Handler) getShared(w http.ResponseWriter, r *http.Request) {
	sh, err := h.opts.Auth.ResolveShare(r.Context(), r.PathValue("token"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.opts.Dashboards.Get(r.Context(), sh.AccountID, sh.DashboardName)
	if errors.Is(err, model.ErrNotFound) {
		writeError(w, http.StatusNotFound, "The shared dashboard no longer exists.")
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"dashboardName": d.Name, "dashboardBody": d.Body})
}

// dashboardLogGroups returns the log groups a dashboard body's log
// widgets query: the SOURCE '…' stages of properties.query, as CloudWatch
// writes them, and any properties.logGroupNames. A body that is not JSON
// names none.
func dashboardLogGroups(body string) map[string]bool {
	var d struct {
		Widgets []struct {
			Properties struct {
				Query         string   `json:"query"`
				LogGroupNames []string `json:"logGroupNames"`
			} `json:"properties"`
		} `json:"widgets"`
	}
	out := map[string]bool{}
	if json.Unmarshal([]byte(body), &d) != nil {
		return out
	}
	for _, w := range d.Widgets {
		for _, g := range w.Properties.LogGroupNames {
			out[g] = true
		}
		for _, g := range querySources(w.Properties.Query) {
			out[g] = true
		}
	}
	return out
}

// dashboardAlarms are the names of the alarms a dashboard body shows:
// those of alarm widgets and those of metric widgets' alarm annotations,
// named by ARN or by name.
func dashboardAlarms(body string) map[string]bool {
	var d struct {
		Widgets []struct {
			Properties struct {
				Alarms      []string `json:"alarms"`
				Annotations struct {
					Alarms []string `json:"alarms"`
				} `json:"annotations"`
			} `json:"properties"`
		} `json:"widgets"`
	}
	out := map[string]bool{}
	if json.Unmarshal([]byte(body), &d) != nil {
		return out
	}
	for _, w := range d.Widgets {
		for _, a := range append(w.Properties.Alarms, w.Properties.Annotations.Alarms...) {
			if _, name, ok := strings.Cut(a, ":alarm:"); ok {
				a = name
			}
			out[a] = true
		}
	}
	return out
}

// querySources reads the leading SOURCE 'group' stages of a dashboard
// log widget's query. Log group names cannot hold quotes or '|', so the
// stages split cleanly.
func querySources(q string) []string {
	var out []string
	for stage := range strings.SplitSeq(q, "|") {
		stage = strings.TrimSpace(stage)
		rest, ok := strings.CutPrefix(stage, "SOURCE")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			break
		}
		rest = strings.TrimSpace(rest)
		if len(rest) < 2 || (rest[0] != '\'' && rest[0] != '"') {
			break
		}
		end := strings.IndexByte(rest[1:], rest[0])
		if end < 0 {
			break
		}
		out = append(out, rest[1:1+end])
	}
	return out
}
