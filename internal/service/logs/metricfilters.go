package logs

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/filterpattern"
)

// maxTestMessages bounds TestMetricFilter's sample messages.
const maxTestMessages = 50

// PutMetricFilterInput is PutMetricFilter's request.
type PutMetricFilterInput struct {
	GroupName  string
	FilterName string
	// FilterPattern is required; "" matches every event.
	FilterPattern          *string
	Transformations        []model.MetricTransformation
	ApplyOnTransformedLogs bool
	// FieldSelectionCriteria and EmitSystemFieldDimensions belong to
	// centralized logging, which OpenWatch does not offer; they are
	// refused rather than silently ignored.
	FieldSelectionCriteria    *string
	EmitSystemFieldDimensions []string
}

// PutMetricFilter creates or replaces a metric filter of a log group. The
// filter applies to events ingested from then on.
func (s *Service) PutMetricFilter(ctx context.Context, c Caller, in PutMetricFilterInput) error {
	if err := validateGroupName(in.GroupName, "logGroupName"); err != nil {
		return err
	}
	if err := validateFilterName(in.FilterName, "filterName"); err != nil {
		return err
	}
	if in.FilterPattern == nil {
		return constraint("null", "filterPattern", "Member must not be null")
	}
	if in.FieldSelectionCriteria != nil {
		return invalid("fieldSelectionCriteria is not supported: OpenWatch has no centralized log groups.")
	}
	if len(in.EmitSystemFieldDimensions) > 0 {
		return invalid("emitSystemFieldDimensions is not supported: OpenWatch has no centralized log groups.")
	}
	f := model.MetricFilter{
		Name:                   in.FilterName,
		Pattern:                *in.FilterPattern,
		CreationTime:           s.nowMillis(),
		Transformations:        in.Transformations,
		ApplyOnTransformedLogs: in.ApplyOnTransformedLogs,
	}
	if _, err := compileMetricFilter(f); err != nil {
		return err
	}
	g, err := s.cat.GetLogGroup(ctx, c.AccountID, in.GroupName)
	if err != nil {
		return err
	}
	f.GroupID, f.GroupName = g.ID, g.Name
	if err := s.cat.PutMetricFilter(ctx, f); err != nil {
		return err
	}
	s.metricFiltersChanged(g.ID)
	return nil
}

// DeleteMetricFilter deletes a metric filter of a log group.
func (s *Service) DeleteMetricFilter(ctx context.Context, c Caller, group, filter string) error {
	if err := validateGroupName(group, "logGroupName"); err != nil {
		return err
	}
	if err := validateFilterName(filter, "filterName"); err != nil {
		return err
	}
	g, err := s.cat.GetLogGroup(ctx, c.AccountID, group)
	if err != nil {
		return err
	}
	if err := s.cat.DeleteMetricFilter(ctx, g.ID, filter); err != nil {
		return err
	}
	s.metricFiltersChanged(g.ID)
	return nil
}

// DescribeMetricFiltersInput is DescribeMetricFilters' request.
type DescribeMetricFiltersInput struct {
	GroupName *string
	// NamePrefix is applied only together with GroupName, as on AWS.
	NamePrefix      *string
	MetricName      *string
	MetricNamespace *string
	Limit           *int32
	NextToken       *string
}

// DescribeMetricFilters lists metric filters of one group or of the whole
// account, in filter-name order, a page at a time.
func (s *Service) DescribeMetricFilters(ctx context.Context, c Caller, in DescribeMetricFiltersInput) ([]model.MetricFilter, string, error) {
	var q model.MetricFilterQuery
	if in.GroupName != nil {
		if err := validateGroupName(*in.GroupName, "logGroupName"); err != nil {
			return nil, "", err
		}
	}
	if in.NamePrefix != nil {
		if err := validateFilterName(*in.NamePrefix, "filterNamePrefix"); err != nil {
			return nil, "", err
		}
	}
	if (in.MetricName == nil) != (in.MetricNamespace == nil) {
		return nil, "", invalid("metricName and metricNamespace must be specified together.")
	}
	if in.MetricName != nil {
		if err := validateMetricName(*in.MetricName, "metricName"); err != nil {
			return nil, "", err
		}
		if err := validateMetricName(*in.MetricNamespace, "metricNamespace"); err != nil {
			return nil, "", err
		}
		q.MetricName, q.MetricNamespace = *in.MetricName, *in.MetricNamespace
	}
	limit, err := validateLimit(in.Limit, maxDescribeLimit, "limit")
	if err != nil {
		return nil, "", err
	}
	if in.NextToken != nil {
		if q.AfterName, q.AfterGroup, err = decodeMetricFilterToken(*in.NextToken); err != nil {
			return nil, "", err
		}
		q.HasAfter = true
	}
	if in.GroupName != nil {
		g, err := s.cat.GetLogGroup(ctx, c.AccountID, *in.GroupName)
		if err != nil {
			return nil, "", err
		}
		q.GroupID = g.ID
		if in.NamePrefix != nil {
			q.NamePrefix = *in.NamePrefix
		}
	}
	q.Limit = limit + 1
	filters, err := s.cat.ListMetricFilters(ctx, c.AccountID, q)
	if err != nil {
		return nil, "", err
	}
	if len(filters) <= limit {
		return filters, "", nil
	}
	filters = filters[:limit]
	last := filters[limit-1]
	return filters, encodeMetricFilterToken(last.Name, last.GroupName), nil
}

// MetricFilterMatch is one TestMetricFilter result.
type MetricFilterMatch struct {
	// EventNumber is the 1-based position of the message in the request.
	EventNumber int64
	Message     string
	// Extracted holds the values the pattern names: "$.path" keys for
	// JSON patterns, "$field" keys for space-delimited ones; it is empty,
	// never nil, for other patterns.
	Extracted map[string]string
}

// TestMetricFilter runs a filter pattern over sample messages and returns
// the ones that match, with the values the pattern extracts.
func (s *Service) TestMetricFilter(_ context.Context, pattern *string, messages []string) ([]MetricFilterMatch, error) {
	if pattern == nil {
		return nil, constraint("null", "filterPattern", "Member must not be null")
	}
	switch {
	case len(messages) == 0:
		return nil, constraint("[]", "logEventMessages", "Member must have length greater than or equal to 1")
	case len(messages) > maxTestMessages:
		return nil, constraint(fmt.Sprintf("%d messages", len(messages)), "logEventMessages", "Member must have length less than or equal to 50")
	}
	for i, m := range messages {
		if m == "" {
			return nil, constraint("", fmt.Sprintf("logEventMessages.%d.member", i+1), "Member must have length greater than or equal to 1")
		}
	}
	p, err := filterpattern.Parse(*pattern)
	if err != nil {
		return nil, err
	}
	matches := []MetricFilterMatch{}
	for i, m := range messages {
		ok, fields := p.MatchFields(m)
		if !ok {
			continue
		}
		if fields == nil {
			fields = map[string]string{}
		}
		matches = append(matches, MetricFilterMatch{EventNumber: int64(i + 1), Message: m, Extracted: fields})
	}
	return matches, nil
}

// validateFilterName applies the model's rules for metric and subscription
// filter names, which are those of stream names: 1 to 512 characters
// without ':' or '*'.
func validateFilterName(name, member string) error {
	return validateStreamName(name, member)
}

// metricFiltersChanged tells the observers that cache a group's metric
// filters to read them again.
func (s *Service) metricFiltersChanged(groupID int64) {
	for _, o := range s.observers {
		if inv, ok := o.(metricFilterCache); ok {
			inv.invalidate(groupID)
		}
	}
}

// metricFilterCache is an observer that caches metric filters per group.
type metricFilterCache interface {
	invalidate(groupID int64)
}

// encodeMetricFilterToken encodes "continue after this filter"; names may
// hold any character but ':' and '*', so the filter name is
// length-prefixed.
func encodeMetricFilterToken(filter, group string) string {
	return encodeNameToken("mf:" + strconv.Itoa(len(filter)) + ":" + filter + group)
}

func decodeMetricFilterToken(tok string) (filter, group string, err error) {
	s, err := decodeNameToken(tok)
	if err != nil || !strings.HasPrefix(s, "mf:") {
		return "", "", errBadToken()
	}
	s = s[3:]
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return "", "", errBadToken()
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil || n < 0 || n > len(s)-i-1 {
		return "", "", errBadToken()
	}
	rest := s[i+1:]
	return rest[:n], rest[n:], nil
}
