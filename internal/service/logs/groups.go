package logs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// CreateLogGroupInput is CreateLogGroup's request.
type CreateLogGroupInput struct {
	Name               string
	KMSKeyID           string
	LogGroupClass      string
	DeletionProtection bool
	Tags               map[string]string
}

// CreateLogGroup creates a log group in the caller's account.
func (s *Service) CreateLogGroup(ctx context.Context, c Caller, in CreateLogGroupInput) error {
	if err := validateGroupName(in.Name, "logGroupName"); err != nil {
		return err
	}
	if strings.HasPrefix(in.Name, "aws/") {
		return invalid("Log group names cannot start with \"aws/\".")
	}
	if len(in.KMSKeyID) > maxKMSKeyIDLen {
		return constraint(in.KMSKeyID, "kmsKeyId", "Member must have length less than or equal to 256")
	}
	class := in.LogGroupClass
	if class == "" {
		class = "STANDARD"
	}
	if !logGroupClasses[class] {
		return constraint(class, "logGroupClass", "Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY, ESSENTIALS]")
	}
	if err := validateTags(in.Tags); err != nil {
		return err
	}
	_, err := s.cat.CreateLogGroup(ctx, model.LogGroup{
		AccountID:          c.AccountID,
		Name:               in.Name,
		CreationTime:       s.nowMillis(),
		KMSKeyID:           in.KMSKeyID,
		LogGroupClass:      class,
		DeletionProtection: in.DeletionProtection,
	}, in.Tags)
	return err
}

// DeleteLogGroup deletes a group, its streams and its events.
func (s *Service) DeleteLogGroup(ctx context.Context, c Caller, name string) error {
	if err := validateGroupName(name, "logGroupName"); err != nil {
		return err
	}
	g, err := s.cat.GetLogGroup(ctx, c.AccountID, name)
	if err != nil {
		return err
	}
	if g.DeletionProtection {
		return model.Errorf(model.ErrValidation, "Log group %s has deletion protection enabled; disable it before deleting the group.", name)
	}
	// The catalog entry goes first: once it is gone no request can reach the
	// events, and a crash before the store drops them only leaves
	// unreachable data behind, never a group without its events.
	if _, err := s.cat.DeleteLogGroup(ctx, c.AccountID, name); err != nil {
		return err
	}
	// The group's metric filters went with it.
	s.metricFiltersChanged(g.ID)
	if err := s.store.DeleteGroup(ctx, g.ID); err != nil {
		return fmt.Errorf("cannot delete events of log group %q: %w", name, err)
	}
	return nil
}

// DescribeLogGroupsInput is DescribeLogGroups' request.
type DescribeLogGroupsInput struct {
	Prefix      *string
	Pattern     *string
	Identifiers []string
	Class       string
	Limit       *int32
	NextToken   *string
}

// LogGroupView is a log group as DescribeLogGroups shows it.
type LogGroupView struct {
	model.LogGroup
	ARN, ARNNoStar string
	// NamesOnly is set when the request used logGroupNamePattern: AWS then
	// returns only the name, ARN and creation time.
	NamesOnly bool
}

// DescribeLogGroups lists the caller's groups in name order, a page at a time.
func (s *Service) DescribeLogGroups(ctx context.Context, c Caller, in DescribeLogGroupsInput) ([]LogGroupView, string, error) {
	if in.Prefix != nil && in.Pattern != nil {
		return nil, "", invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
	}
	if in.Prefix != nil {
		if *in.Prefix == "" {
			return nil, "", constraint("", "logGroupNamePrefix", "Member must have length greater than or equal to 1")
		}
		if len(*in.Prefix) > maxNameLen || !groupNameRe.MatchString(*in.Prefix) {
			return nil, "", constraint(*in.Prefix, "logGroupNamePrefix", `Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+`)
		}
	}
	if in.Pattern != nil && len(*in.Pattern) > maxNameLen {
		return nil, "", constraint(*in.Pattern, "logGroupNamePattern", "Member must have length less than or equal to 512")
	}
	if len(in.Identifiers) > 0 && (in.Prefix != nil || in.Pattern != nil) {
		return nil, "", invalid("logGroupIdentifiers cannot be combined with logGroupNamePrefix or logGroupNamePattern.")
	}
	if len(in.Identifiers) > maxDescribeLimit {
		return nil, "", constraint(fmt.Sprint(in.Identifiers), "logGroupIdentifiers", "Member must have length less than or equal to 50")
	}
	if in.Class != "" && !logGroupClasses[in.Class] {
		return nil, "", constraint(in.Class, "logGroupClass", "Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY, ESSENTIALS]")
	}
	limit, err := validateLimit(in.Limit, maxDescribeLimit, "limit")
	if err != nil {
		return nil, "", err
	}
	after := ""
	if in.NextToken != nil {
		if after, err = decodeNameToken(*in.NextToken); err != nil {
			return nil, "", err
		}
	}
	if len(in.Identifiers) > 0 {
		return s.describeByIdentifiers(ctx, c, in.Identifiers, after, limit)
	}
	q := model.GroupQuery{After: after, Limit: limit + 1}
	if in.Prefix != nil {
		q.Prefix = *in.Prefix
	}
	if in.Pattern != nil {
		q.Contains = *in.Pattern
	}
	var views []LogGroupView
	// The class filter is applied here, so keep reading until a page is
	// full or the catalog has no more; one extra match means another page.
	for {
		groups, err := s.cat.ListLogGroups(ctx, c.AccountID, q)
		if err != nil {
			return nil, "", err
		}
		for _, g := range groups {
			if in.Class != "" && g.LogGroupClass != in.Class {
				q.After = g.Name
				continue
			}
			if len(views) == limit {
				return views, encodeNameToken(views[len(views)-1].Name), nil
			}
			views = append(views, LogGroupView{LogGroup: g, ARN: GroupARN(c, g.Name), ARNNoStar: GroupARNNoStar(c, g.Name), NamesOnly: in.Pattern != nil})
			q.After = g.Name
		}
		if len(groups) < q.Limit {
			return views, "", nil
		}
	}
}

func (s *Service) describeByIdentifiers(ctx context.Context, c Caller, ids []string, after string, limit int) ([]LogGroupView, string, error) {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		name, err := groupNameFromIdentifier(c, id, "logGroupIdentifiers")
		if err != nil {
			if errors.Is(err, model.ErrNotFound) {
				continue
			}
			return nil, "", err
		}
		names = append(names, name)
	}
	slices.Sort(names)
	var views []LogGroupView
	for _, name := range names {
		if name <= after {
			continue
		}
		g, err := s.cat.GetLogGroup(ctx, c.AccountID, name)
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		if len(views) == limit {
			return views, encodeNameToken(views[len(views)-1].Name), nil
		}
		views = append(views, LogGroupView{LogGroup: g, ARN: GroupARN(c, g.Name), ARNNoStar: GroupARNNoStar(c, g.Name)})
	}
	return views, "", nil
}
