package insights

import (
	"context"
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// PutQueryDefinitionInput is PutQueryDefinition's request. An empty ID
// creates a definition; a given ID replaces every field of it.
type PutQueryDefinitionInput struct {
	ID, Name, QueryString string
	LogGroupNames         []string
}

// PutQueryDefinition saves a query and returns its id.
func (s *Service) PutQueryDefinition(ctx context.Context, c Caller, in PutQueryDefinitionInput) (string, error) {
	if n := utf8.RuneCountInString(in.Name); n < 1 || n > 255 {
		return "", model.Errorf(model.ErrInvalidParameter, "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length between 1 and 255")
	}
	if l := len(in.QueryString); l < 1 || l > maxQueryLen {
		return "", model.Errorf(model.ErrInvalidParameter, "1 validation error detected: Value at 'queryString' failed to satisfy constraint: Member must have length between 1 and %d", maxQueryLen)
	}
	create := in.ID == ""
	d := model.QueryDefinition{AccountID: c.AccountID, ID: in.ID, Name: in.Name, QueryString: in.QueryString, LogGroupNames: in.LogGroupNames, LastModified: s.opts.Now().UnixMilli()}
	if create {
		d.ID = newID()
	}
	if err := s.cat.PutQueryDefinition(ctx, d, create); err != nil {
		return "", err
	}
	return d.ID, nil
}

// DescribeQueryDefinitions lists saved queries by name.
func (s *Service) DescribeQueryDefinitions(ctx context.Context, c Caller, prefix string, max int, next string) ([]model.QueryDefinition, string, error) {
	if max == 0 {
		max = 1000
	}
	if max < 1 || max > 1000 {
		return nil, "", model.Errorf(model.ErrInvalidParameter, "maxResults must be between 1 and 1000.")
	}
	var afterName, afterID string
	if next != "" {
		raw, err := base64.RawURLEncoding.DecodeString(next)
		name, id, ok := strings.Cut(string(raw), "\x00")
		if err != nil || !ok || id == "" {
			return nil, "", model.Errorf(model.ErrInvalidParameter, "The specified nextToken is invalid.")
		}
		afterName, afterID = name, id
	}
	defs, err := s.cat.ListQueryDefinitions(ctx, c.AccountID, prefix, afterName, afterID, max+1)
	if err != nil {
		return nil, "", err
	}
	if len(defs) > max {
		defs = defs[:max]
		last := defs[max-1]
		return defs, base64.RawURLEncoding.EncodeToString([]byte(last.Name + "\x00" + last.ID)), nil
	}
	return defs, "", nil
}

// DeleteQueryDefinition removes a saved query.
func (s *Service) DeleteQueryDefinition(ctx context.Context, c Caller, id string) error {
	return s.cat.DeleteQueryDefinition(ctx, c.AccountID, id)
}
