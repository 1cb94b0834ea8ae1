package alarms

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// DescribeAlarmHistoryInput is a DescribeAlarmHistory request; zero times
// are unbounded.
type DescribeAlarmHistoryInput struct {
	AlarmName, HistoryItemType string
	// AlarmTypes selects the alarms' types; empty means metric alarms.
	AlarmTypes         []string
	StartDate, EndDate time.Time
	// ScanBy is TimestampDescending (the default) or TimestampAscending.
	ScanBy     string
	MaxRecords int
	NextToken  string
}

// HistoryItem is an AlarmHistoryItem.
type HistoryItem struct {
	AlarmName, AlarmType, HistoryItemType, HistorySummary, HistoryData string
	Timestamp                                                          time.Time
}

// DescribeAlarmHistoryOutput is one page of DescribeAlarmHistory.
type DescribeAlarmHistoryOutput struct {
	AlarmHistoryItems []HistoryItem
	NextToken         string
}

var historyTypes = []string{HistoryConfigurationUpdate, HistoryStateUpdate, HistoryAction}

// DescribeAlarmHistory lists history items, newest first by default.
func (s *Service) DescribeAlarmHistory(ctx context.Context, accountID string, in DescribeAlarmHistoryInput) (DescribeAlarmHistoryOutput, error) {
	limit, err := checkMaxRecords(in.MaxRecords)
	if err != nil {
		return DescribeAlarmHistoryOutput{}, err
	}
	if in.HistoryItemType != "" && !slices.Contains(historyTypes, in.HistoryItemType) {
		return DescribeAlarmHistoryOutput{}, invalid("The parameter HistoryItemType must be one of %v.", historyTypes)
	}
	types, err := checkTypes(in.AlarmTypes)
	if err != nil {
		return DescribeAlarmHistoryOutput{}, err
	}
	q := model.AlarmHistoryQuery{AlarmName: in.AlarmName, Type: in.HistoryItemType, AlarmTypes: types, Limit: limit + 1}
	switch in.ScanBy {
	case "", "TimestampDescending":
	case "TimestampAscending":
		q.Ascending = true
	default:
		return DescribeAlarmHistoryOutput{}, invalid("The parameter ScanBy must be TimestampDescending or TimestampAscending.")
	}
	if !in.StartDate.IsZero() {
		q.Start = in.StartDate.UnixMilli()
	}
	if !in.EndDate.IsZero() {
		q.End = in.EndDate.UnixMilli()
	}
	if in.NextToken != "" {
		id, err := strconv.ParseInt(in.NextToken, 10, 64)
		if err != nil || id <= 0 {
			return DescribeAlarmHistoryOutput{}, model.Errorf(model.ErrInvalidNextToken, "The service cannot use the next token %q.", in.NextToken)
		}
		q.AfterID = id
	}
	items, err := s.store.ListAlarmHistory(ctx, accountID, q)
	if err != nil {
		return DescribeAlarmHistoryOutput{}, err
	}
	var out DescribeAlarmHistoryOutput
	if len(items) > limit {
		items = items[:limit]
		out.NextToken = strconv.FormatInt(items[limit-1].ID, 10)
	}
	for _, h := range items {
		out.AlarmHistoryItems = append(out.AlarmHistoryItems, HistoryItem{
			AlarmName: h.AlarmName, AlarmType: h.AlarmType, HistoryItemType: h.Type,
			HistorySummary: h.Summary, HistoryData: h.Data, Timestamp: time.UnixMilli(h.Timestamp).UTC(),
		})
	}
	return out, nil
}
