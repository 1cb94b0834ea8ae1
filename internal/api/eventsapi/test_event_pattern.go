package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type testEventPatternInput struct {
	EventPattern *string `json:"EventPattern"`
	Event        *string `json:"Event"`
}

type testEventPatternOutput struct {
	Result bool `json:"Result"`
}

func (a *API) testEventPattern(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[testEventPatternInput](c)
	if err != nil {
		return nil, err
	}
	ok, err := a.svc.TestEventPattern(ctx, str(in.EventPattern), str(in.Event))
	if err != nil {
		return nil, err
	}
	return testEventPatternOutput{Result: ok}, nil
}
