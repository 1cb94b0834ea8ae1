// Package dashboards holds the rules of CloudWatch dashboards: names,
// body validation as PutDashboard applies it, ARNs and listing pages.
// Bodies are stored verbatim, so a dashboard exported from AWS loads and
// reads back unchanged.
package dashboards

import (
	"context"
	"encoding/base64"
	"regexp"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// Limits of the API.
const (
	maxNameLen        = 255
	maxBodyBytes      = 1 << 20
	maxDeleteNames    = 100
	listPageSize      = 1000
	dashboardARNStart = "arn:aws:cloudwatch::"
)

var (
	nameRE   = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	prefixRE = regexp.MustCompile(`^[A-Za-z0-9._-]*$`)
)

// Store keeps dashboards. Implementations are safe for concurrent use;
// GetDashboard of an unknown name and DeleteDashboards naming one return
// model.ErrNotFound, and a failed DeleteDashboards deletes nothing.
// ListDashboards returns names in byte order with Size but no Body.
type Store interface {
	PutDashboard(ctx context.Context, d model.Dashboard) error
	GetDashboard(ctx context.Context, accountID, name string) (model.Dashboard, error)
	ListDashboards(ctx context.Context, accountID, prefix, after string, limit int) ([]model.Dashboard, error)
	DeleteDashboards(ctx context.Context, accountID string, names []string) error
}

// Options tune a Service.
type Options struct {
	// Now is the clock stamped on puts; nil means time.Now.
	Now func() time.Time
}

// Service implements the dashboard operations.
type Service struct {
	store Store
	now   func() time.Time
}

// New returns a Service over store.
func New(store Store, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{store: store, now: opts.Now}
}

// ARN returns the dashboard's ARN; dashboards are global, so it names no
// region.
func ARN(accountID, name string) string {
	return dashboardARNStart + accountID + ":dashboard/" + name
}

// Put validates body and stores it under name. Problems that make AWS
// refuse the body come back as a *ValidationError.
func (s *Service) Put(ctx context.Context, accountID, name, body string) error {
	if err := checkName(name); err != nil {
		return err
	}
	if body == "" {
		return model.Errorf(model.ErrMissingParameter, "The parameter DashboardBody is required.")
	}
	if msgs := Validate(body); len(msgs) > 0 {
		return &ValidationError{Messages: msgs}
	}
	return s.store.PutDashboard(ctx, model.Dashboard{AccountID: accountID, Name: name, Body: body, LastModified: s.now().UnixMilli()})
}

// Get returns one dashboard.
func (s *Service) Get(ctx context.Context, accountID, name string) (model.Dashboard, error) {
	if err := checkName(name); err != nil {
		return model.Dashboard{}, err
	}
	return s.store.GetDashboard(ctx, accountID, name)
}

// Entry is one dashboard in a listing.
type Entry struct {
	Name         string
	ARN          string
	LastModified time.Time
	Size         int64
}

// List returns a page of the account's dashboards whose names start with
// prefix, and the token of the next page ("" on the last).
func (s *Service) List(ctx context.Context, accountID, prefix, token string) ([]Entry, string, error) {
	if len(prefix) > maxNameLen || !prefixRE.MatchString(prefix) {
		return nil, "", model.Errorf(model.ErrInvalidParameter, "The value %s for parameter DashboardNamePrefix is not valid.", prefix)
	}
	after := ""
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || !nameRE.Match(raw) {
			return nil, "", model.Errorf(model.ErrInvalidNextToken, "The service cannot recognize the next token %s.", token)
		}
		after = string(raw)
	}
	rows, err := s.store.ListDashboards(ctx, accountID, prefix, after, listPageSize+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(rows) > listPageSize {
		rows = rows[:listPageSize]
		next = base64.RawURLEncoding.EncodeToString([]byte(rows[len(rows)-1].Name))
	}
	out := make([]Entry, len(rows))
	for i, r := range rows {
		out[i] = Entry{Name: r.Name, ARN: ARN(accountID, r.Name), LastModified: time.UnixMilli(r.LastModified).UTC(), Size: r.Size}
	}
	return out, next, nil
}

// Delete removes the named dashboards, all or none.
func (s *Service) Delete(ctx context.Context, accountID string, names []string) error {
	if len(names) == 0 {
		return model.Errorf(model.ErrMissingParameter, "The parameter DashboardNames is required.")
	}
	if len(names) > maxDeleteNames {
		return model.Errorf(model.ErrInvalidParameter, "The parameter DashboardNames must contain at most %d names.", maxDeleteNames)
	}
	seen := make(map[string]bool, len(names))
	unique := make([]string, 0, len(names))
	for _, n := range names {
		if err := checkName(n); err != nil {
			return err
		}
		// A name given twice is one dashboard to delete, not a missing one.
		if !seen[n] {
			seen[n] = true
			unique = append(unique, n)
		}
	}
	return s.store.DeleteDashboards(ctx, accountID, unique)
}

func checkName(name string) error {
	if name == "" {
		return model.Errorf(model.ErrMissingParameter, "The parameter DashboardName is required.")
	}
	if len(name) > maxNameLen || !nameRE.MatchString(name) {
		return model.Errorf(model.ErrInvalidParameter,
			"The value %s for parameter DashboardName is not valid. Names are 1 to %d characters from A-Z, a-z, 0-9, \"-\" and \"_\".", name, maxNameLen)
	}
	return nil
}
