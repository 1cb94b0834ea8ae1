package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type testMetricFilterInput struct {
	FilterPattern    *string  `json:"filterPattern"`
	LogEventMessages []string `json:"logEventMessages"`
}

type metricFilterMatchOut struct {
	EventNumber     int64             `json:"eventNumber"`
	EventMessage    string            `json:"eventMessage"`
	ExtractedValues map[string]string `json:"extractedValues"`
}

type testMetricFilterOutput struct {
	Matches []metricFilterMatchOut `json:"matches"`
}

func (a *API) testMetricFilter(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[testMetricFilterInput](c)
	if err != nil {
		return nil, err
	}
	matches, err := a.svc.TestMetricFilter(ctx, in.FilterPattern, in.LogEventMessages)
	if err != nil {
		return nil, err
	}
	out := testMetricFilterOutput{Matches: make([]metricFilterMatchOut, len(matches))}
	for i, m := range matches {
		out.Matches[i] = metricFilterMatchOut{EventNumber: m.EventNumber, EventMessage: m.Message, ExtractedValues: m.Extracted}
	}
	return out, nil
}
