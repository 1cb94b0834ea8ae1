package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type getLogRecordInput struct {
	LogRecordPointer *string `json:"logRecordPointer"`
	Unmask           *bool   `json:"unmask"`
}

type getLogRecordOutput struct {
	LogRecord map[string]string `json:"logRecord"`
}

func (a *API) getLogRecord(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[getLogRecordInput](c)
	if err != nil {
		return nil, err
	}
	rec, err := a.insights.GetLogRecord(ctx, insightsCaller(c), str(in.LogRecordPointer))
	if err != nil {
		return nil, err
	}
	return getLogRecordOutput{LogRecord: rec}, nil
}
