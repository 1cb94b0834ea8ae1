package logs

import (
	"context"
	"strings"
)

// TagResource merges tags into a log group named by ARN.
func (s *Service) TagResource(ctx context.Context, c Caller, arn string, tags map[string]string) error {
	if len(tags) == 0 {
		return constraint("{}", "tags", "Member must have length greater than or equal to 1")
	}
	g, err := s.groupByARN(ctx, c, arn)
	if err != nil {
		return err
	}
	if err := validateTags(tags); err != nil {
		return err
	}
	return s.cat.TagLogGroup(ctx, g, tags)
}

// UntagResource removes tag keys from a log group named by ARN.
func (s *Service) UntagResource(ctx context.Context, c Caller, arn string, keys []string) error {
	g, err := s.groupByARN(ctx, c, arn)
	if err != nil {
		return err
	}
	if len(keys) > maxTags {
		return constraint(strings.Join(keys, ","), "tagKeys", "Member must have length less than or equal to 50")
	}
	return s.cat.UntagLogGroup(ctx, g, keys)
}

// ListTagsForResource returns a log group's tags by ARN.
func (s *Service) ListTagsForResource(ctx context.Context, c Caller, arn string) (map[string]string, error) {
	g, err := s.groupByARN(ctx, c, arn)
	if err != nil {
		return nil, err
	}
	return s.cat.ListTags(ctx, g)
}

// TagLogGroup is the legacy, name-addressed TagResource.
func (s *Service) TagLogGroup(ctx context.Context, c Caller, group string, tags map[string]string) error {
	if len(tags) == 0 {
		return constraint("{}", "tags", "Member must have length greater than or equal to 1")
	}
	g, err := s.resolveGroup(ctx, c, group, "")
	if err != nil {
		return err
	}
	if err := validateTags(tags); err != nil {
		return err
	}
	return s.cat.TagLogGroup(ctx, g.ID, tags)
}

// UntagLogGroup is the legacy, name-addressed UntagResource.
func (s *Service) UntagLogGroup(ctx context.Context, c Caller, group string, keys []string) error {
	if len(keys) == 0 {
		return constraint("[]", "tags", "Member must have length greater than or equal to 1")
	}
	g, err := s.resolveGroup(ctx, c, group, "")
	if err != nil {
		return err
	}
	return s.cat.UntagLogGroup(ctx, g.ID, keys)
}

// ListTagsLogGroup is the legacy, name-addressed ListTagsForResource.
func (s *Service) ListTagsLogGroup(ctx context.Context, c Caller, group string) (map[string]string, error) {
	g, err := s.resolveGroup(ctx, c, group, "")
	if err != nil {
		return nil, err
	}
	return s.cat.ListTags(ctx, g.ID)
}

// groupByARN resolves a log group ARN (without ":*") to the group's id.
// Only log groups carry tags here; destinations come with subscriptions.
func (s *Service) groupByARN(ctx context.Context, c Caller, arn string) (int64, error) {
	if arn == "" || len(arn) > maxResourceARNLen || !arnRe.MatchString(arn) {
		return 0, constraint(arn, "resourceArn", `Member must satisfy regular expression pattern: [\w+=/:,.@-]*`)
	}
	if !strings.HasPrefix(arn, "arn:") {
		return 0, invalid("Invalid resourceArn %q: expected arn:aws:logs:REGION:ACCOUNT:log-group:NAME.", arn)
	}
	if strings.HasSuffix(arn, ":*") {
		return 0, invalid("Invalid resourceArn %q: a log group ARN for tagging must not end with :*.", arn)
	}
	name, err := groupNameFromIdentifier(c, arn, "resourceArn")
	if err != nil {
		return 0, err
	}
	g, err := s.cat.GetLogGroup(ctx, c.AccountID, name)
	if err != nil {
		return 0, err
	}
	return g.ID, nil
}
