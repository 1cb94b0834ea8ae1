package consoleauth

import (
	"context"
	"regexp"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// Password and user-name rules.
const (
	MinPasswordLength = 8
	// MaxPasswordBytes keeps one sign-in's hashing input bounded.
	MaxPasswordBytes = 1024
)

var userNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$`)

func validateUserName(name string) error {
	if !userNameRe.MatchString(name) {
		return model.Errorf(model.ErrInvalidParameter, "user name %q must be 1 to 64 letters, digits or ._@+- and start with a letter or digit", name)
	}
	return nil
}

func validatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return model.Errorf(model.ErrInvalidParameter, "the password must have at least %d characters", MinPasswordLength)
	}
	if len(pw) > MaxPasswordBytes {
		return model.Errorf(model.ErrInvalidParameter, "the password must have at most %d bytes", MaxPasswordBytes)
	}
	return nil
}

// CreateUser creates a console user acting in accountID.
func (s *Service) CreateUser(ctx context.Context, accountID, name, password string) (model.ConsoleUser, error) {
	if !model.ValidAccountID(accountID) {
		return model.ConsoleUser{}, model.Errorf(model.ErrInvalidParameter, "account id %q is not 12 digits", accountID)
	}
	if err := validateUserName(name); err != nil {
		return model.ConsoleUser{}, err
	}
	if err := validatePassword(password); err != nil {
		return model.ConsoleUser{}, err
	}
	now := s.now().UTC()
	u := model.ConsoleUser{Name: name, AccountID: accountID, PasswordHash: hashPassword(password, s.hash), CreatedAt: now, PasswordChangedAt: now}
	if err := s.store.CreateConsoleUser(ctx, u); err != nil {
		return model.ConsoleUser{}, err
	}
	return u, nil
}

// ListUsers lists the users of an account ("" = every account).
func (s *Service) ListUsers(ctx context.Context, accountID string) ([]model.ConsoleUser, error) {
	return s.store.ListConsoleUsers(ctx, accountID)
}

// SetPassword replaces a user's password and signs the user out
// everywhere.
func (s *Service) SetPassword(ctx context.Context, name, password string) error {
	if err := validatePassword(password); err != nil {
		return err
	}
	return s.store.SetConsoleUserPassword(ctx, name, hashPassword(password, s.hash), s.now().UTC())
}

// DeleteUser removes a user and its sessions.
func (s *Service) DeleteUser(ctx context.Context, name string) error {
	return s.store.DeleteConsoleUser(ctx, name)
}
