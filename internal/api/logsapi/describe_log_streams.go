package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/logs"
)

type describeLogStreamsInput struct {
	LogGroupName        *string `json:"logGroupName"`
	LogGroupIdentifier  *string `json:"logGroupIdentifier"`
	LogStreamNamePrefix *string `json:"logStreamNamePrefix"`
	OrderBy             *string `json:"orderBy"`
	Descending          *bool   `json:"descending"`
	NextToken           *string `json:"nextToken"`
	Limit               *int32  `json:"limit"`
}

type logStreamOut struct {
	LogStreamName       string `json:"logStreamName"`
	CreationTime        int64  `json:"creationTime"`
	FirstEventTimestamp *int64 `json:"firstEventTimestamp,omitempty"`
	LastEventTimestamp  *int64 `json:"lastEventTimestamp,omitempty"`
	LastIngestionTime   *int64 `json:"lastIngestionTime,omitempty"`
	UploadSequenceToken string `json:"uploadSequenceToken"`
	Arn                 string `json:"arn"`
	StoredBytes         int64  `json:"storedBytes"`
}

type describeLogStreamsOutput struct {
	LogStreams []logStreamOut `json:"logStreams"`
	NextToken  *string        `json:"nextToken,omitempty"`
}

func (a *API) describeLogStreams(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[describeLogStreamsInput](c)
	if err != nil {
		return nil, err
	}
	views, next, err := a.svc.DescribeLogStreams(ctx, caller(c), logs.DescribeLogStreamsInput{
		GroupName:       str(in.LogGroupName),
		GroupIdentifier: str(in.LogGroupIdentifier),
		Prefix:          in.LogStreamNamePrefix,
		OrderBy:         str(in.OrderBy),
		Descending:      in.Descending != nil && *in.Descending,
		Limit:           in.Limit,
		NextToken:       in.NextToken,
	})
	if err != nil {
		return nil, err
	}
	out := describeLogStreamsOutput{LogStreams: make([]logStreamOut, len(views)), NextToken: opt(next)}
	for i, v := range views {
		out.LogStreams[i] = logStreamOut{
			LogStreamName:       v.Name,
			CreationTime:        v.CreationTime,
			FirstEventTimestamp: opt(v.FirstEventTimestamp),
			LastEventTimestamp:  opt(v.LastEventTimestamp),
			LastIngestionTime:   opt(v.LastIngestionTime),
			// Sequence tokens are never checked; old shippers still read one.
			UploadSequenceToken: "1",
			Arn:                 v.ARN,
			// AWS deprecated storedBytes on streams and always returns 0.
			StoredBytes: 0,
		}
	}
	return out, nil
}
