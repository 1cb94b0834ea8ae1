package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/alarms"
)

type describeAlarmHistoryInput struct {
	AlarmName       *string             `json:"AlarmName,omitempty"`
	AlarmTypes      []string            `json:"AlarmTypes,omitempty"`
	HistoryItemType *string             `json:"HistoryItemType,omitempty"`
	StartDate       *awsproto.Timestamp `json:"StartDate,omitempty"`
	EndDate         *awsproto.Timestamp `json:"EndDate,omitempty"`
	MaxRecords      *int32              `json:"MaxRecords,omitempty"`
	NextToken       *string             `json:"NextToken,omitempty"`
	ScanBy          *string             `json:"ScanBy,omitempty"`
}

type alarmHistoryItem struct {
	AlarmName       *string             `json:"AlarmName,omitempty"`
	AlarmType       *string             `json:"AlarmType,omitempty"`
	Timestamp       *awsproto.Timestamp `json:"Timestamp,omitempty"`
	HistoryItemType *string             `json:"HistoryItemType,omitempty"`
	HistorySummary  *string             `json:"HistorySummary,omitempty"`
	HistoryData     *string             `json:"HistoryData,omitempty"`
}

type describeAlarmHistoryOutput struct {
	AlarmHistoryItems []alarmHistoryItem `json:"AlarmHistoryItems"`
	NextToken         *string            `json:"NextToken,omitempty"`
}

func (a *API) describeAlarmHistory(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.alarmService()
	if err != nil {
		return nil, err
	}
	in, err := decode[describeAlarmHistoryInput](c)
	if err != nil {
		return nil, err
	}
	req := alarms.DescribeAlarmHistoryInput{AlarmName: str(in.AlarmName), HistoryItemType: str(in.HistoryItemType), AlarmTypes: in.AlarmTypes,
		ScanBy: str(in.ScanBy), MaxRecords: int(i32(in.MaxRecords)), NextToken: str(in.NextToken)}
	if in.StartDate != nil {
		req.StartDate = in.StartDate.Time()
	}
	if in.EndDate != nil {
		req.EndDate = in.EndDate.Time()
	}
	res, err := svc.DescribeAlarmHistory(ctx, c.Principal.AccountID, req)
	if err != nil {
		return nil, err
	}
	out := describeAlarmHistoryOutput{AlarmHistoryItems: make([]alarmHistoryItem, len(res.AlarmHistoryItems)), NextToken: opt(res.NextToken)}
	for i, h := range res.AlarmHistoryItems {
		ts := awsproto.Timestamp(h.Timestamp)
		out.AlarmHistoryItems[i] = alarmHistoryItem{AlarmName: opt(h.AlarmName), AlarmType: opt(h.AlarmType), Timestamp: &ts,
			HistoryItemType: opt(h.HistoryItemType), HistorySummary: opt(h.HistorySummary), HistoryData: opt(h.HistoryData)}
	}
	return out, nil
}
