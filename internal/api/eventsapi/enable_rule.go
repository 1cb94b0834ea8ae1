package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

func (a *API) enableRule(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[ruleRef](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.SetRuleState(ctx, caller(c), str(in.Name), str(in.EventBusName), true)
}
