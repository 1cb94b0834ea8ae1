package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/consoleauth"
)

// Names the browser and the page script use.
const (
	cookieName = "ow_session"
	csrfHeader = "X-CSRF-Token"
)

// sessionJSON is the session as page scripts see it: no secret but the
// CSRF token.
type sessionJSON struct {
	AccountID string `json:"accountId"`
	Principal string `json:"principal"`
	UserName  string `json:"userName,omitempty"`
	Admin     bool   `json:"admin"`
	CSRFToken string `json:"csrfToken"`
	ExpiresAt string `json:"expiresAt"`
}

func toSessionJSON(s consoleauth.Session) sessionJSON {
	return sessionJSON{AccountID: s.Principal.AccountID, Principal: s.Name, UserName: s.UserName, Admin: s.Principal.Admin,
		CSRFToken: s.CSRFToken, ExpiresAt: s.ExpiresAt.UTC().Format(time.RFC3339)}
}

type signInRequest struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	Username        string `json:"username"`
	Password        string `json:"password"`
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		writeError(w, http.StatusForbidden, "Cross-origin requests are refused.")
		return
	}
	addr := clientAddr(r)
	if !h.limiter.allow(addr) {
		writeError(w, http.StatusTooManyRequests, "Too many failed sign-ins from this address; wait a minute and try again.")
		return
	}
	var in signInRequest
	if !decodeJSON(w, r, &in) {
		return
	}
	var sess consoleauth.Session
	var err error
	switch {
	case in.AccessKeyID != "" && in.Username == "":
		sess, err = h.opts.Auth.SignInWithKey(r.Context(), in.AccessKeyID, in.SecretAccessKey)
	case in.Username != "" && in.AccessKeyID == "":
		sess, err = h.opts.Auth.SignInWithPassword(r.Context(), in.Username, in.Password)
	default:
		writeError(w, http.StatusBadRequest, "Give either accessKeyId and secretAccessKey, or username and password.")
		return
	}
	if err != nil {
		if errors.Is(err, consoleauth.ErrUnauthenticated) {
			h.limiter.failed(addr)
		}
		h.fail(w, r, err)
		return
	}
	h.limiter.succeeded(addr)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: sess.ID, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	h.opts.Logger.Info("console sign-in", "account", sess.Principal.AccountID, "principal", sess.Name, "source_ip", r.RemoteAddr)
	writeJSON(w, http.StatusOK, toSessionJSON(sess))
}

func (h *Handler) getSession(w http.ResponseWriter, r *http.Request) {
	sess, ok := h.requireSession(w, r, false)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, toSessionJSON(sess))
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.requireSession(w, r, true); !ok {
		return
	}
	c, _ := r.Cookie(cookieName)
	if err := h.opts.Auth.SignOut(r.Context(), c.Value); err != nil {
		h.fail(w, r, err)
		return
	}
	clearCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
}

func clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
}

// session resolves the request's cookie; writes is true for calls that
// change something, which must also carry the CSRF token and come from
// the console's own origin. The error is what the caller should be told.
func (h *Handler) session(r *http.Request, writes bool) (consoleauth.Session, error) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return consoleauth.Session{}, errNotSignedIn
	}
	sess, err := h.opts.Auth.Resolve(r.Context(), c.Value)
	if err != nil {
		return consoleauth.Session{}, err
	}
	if writes && (!sameOrigin(r) || !sess.CheckCSRF(r.Header.Get(csrfHeader))) {
		return consoleauth.Session{}, errBadCSRF
	}
	return sess, nil
}

var (
	errNotSignedIn = model.Errorf(consoleauth.ErrUnauthenticated, "Not signed in.")
	errBadCSRF     = model.Errorf(model.ErrAccessDenied, "The request is missing the session's CSRF token (header "+csrfHeader+") or carries a wrong one.")
)

// requireSession is session for JSON endpoints: on failure it answers and
// returns false.
func (h *Handler) requireSession(w http.ResponseWriter, r *http.Request, writes bool) (consoleauth.Session, bool) {
	sess, err := h.session(r, writes)
	if err != nil {
		if errors.Is(err, consoleauth.ErrUnauthenticated) {
			clearCookie(w, r)
		}
		h.fail(w, r, err)
		return consoleauth.Session{}, false
	}
	return sess, true
}

// sameOrigin refuses requests a browser sent from another origin; requests
// without Origin (older browsers on same-origin GETs, tools) pass, since
// SameSite=Strict keeps the cookie off cross-site requests anyway.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return r.Header.Get("Sec-Fetch-Site") != "cross-site"
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// decodeJSON reads a bounded JSON body; on failure it answers and returns
// false.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "The body must be application/json.")
		return false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBytes+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, "Cannot read the request body.")
		return false
	}
	if len(body) > maxJSONBytes {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("The body exceeds %d bytes.", maxJSONBytes))
		return false
	}
	if err := json.Unmarshal(body, v); err != nil {
		writeError(w, http.StatusBadRequest, "The body is not valid JSON for this call.")
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// fail maps an error to the console API's status codes; messages of
// domain errors are safe to show, anything else is logged and hidden.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, consoleauth.ErrUnauthenticated):
		status = http.StatusUnauthorized
	case errors.Is(err, model.ErrAccessDenied):
		status = http.StatusForbidden
	case errors.Is(err, model.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, model.ErrInvalidParameter):
		status = http.StatusBadRequest
	case errors.Is(err, model.ErrAlreadyExists):
		status = http.StatusConflict
	case errors.Is(err, model.ErrLimitExceeded):
		status = http.StatusTooManyRequests
	case errors.Is(err, model.ErrUnavailable):
		status = http.StatusServiceUnavailable
	}
	var me *model.Error
	if status >= 500 || !errors.As(err, &me) {
		h.opts.Logger.Error("console request failed", "method", r.Method, "route", r.Pattern, "err", err)
		writeError(w, status, "The request failed on the server; try again.")
		return
	}
	writeError(w, status, me.Message)
}
