package consoleauth

import (
	"context"
	"errors"

	"github.com/openwatch/openwatch/internal/model"
)

// Share is a newly created share link; Token is shown once.
type Share struct {
	model.DashboardShare
	Token string
}

func errShareNotFound() error {
	return model.Errorf(model.ErrNotFound, "The share link does not exist or was revoked.")
}

// CreateShare makes a read-only link to one of the session's account's
// dashboards.
func (s *Service) CreateShare(ctx context.Context, sess Session, dashboardName string) (Share, error) {
	if dashboardName == "" {
		return Share{}, model.Errorf(model.ErrInvalidParameter, "dashboardName is required")
	}
	if _, err := s.store.GetDashboard(ctx, sess.Principal.AccountID, dashboardName); err != nil {
		return Share{}, err
	}
	token := newSecret()
	sh := model.DashboardShare{TokenHash: digest("share", token), AccountID: sess.Principal.AccountID,
		DashboardName: dashboardName, CreatedBy: sess.Name, CreatedAt: s.now().UTC()}
	if err := s.store.PutDashboardShare(ctx, sh); err != nil {
		return Share{}, err
	}
	return Share{DashboardShare: sh, Token: token}, nil
}

// ListShares lists an account's shares; their tokens are not known any
// more, TokenHash names them.
func (s *Service) ListShares(ctx context.Context, accountID string) ([]model.DashboardShare, error) {
	return s.store.ListDashboardShares(ctx, accountID)
}

// RevokeShare revokes one of the account's shares, named by its token or
// by its id (the TokenHash that listings show).
func (s *Service) RevokeShare(ctx context.Context, accountID, tokenOrID string) error {
	id := tokenOrID
	if !isShareID(tokenOrID) {
		if len(tokenOrID) != secretLen {
			return errShareNotFound()
		}
		id = digest("share", tokenOrID)
	}
	err := s.store.DeleteDashboardShare(ctx, accountID, id)
	if errors.Is(err, model.ErrNotFound) {
		return errShareNotFound()
	}
	return err
}

// ResolveShare returns the share a link's token opens.
func (s *Service) ResolveShare(ctx context.Context, token string) (model.DashboardShare, error) {
	if len(token) != secretLen {
		return model.DashboardShare{}, errShareNotFound()
	}
	sh, err := s.store.GetDashboardShare(ctx, digest("share", token))
	if errors.Is(err, model.ErrNotFound) {
		return model.DashboardShare{}, errShareNotFound()
	}
	return sh, err
}

// isShareID reports whether s has the form of a TokenHash (64 lowercase
// hex digits), which no token has.
func isShareID(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
