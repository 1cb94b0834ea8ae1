package logs

import (
	"context"
	"fmt"
)

// PutRetentionPolicy sets how many days a group keeps its events.
func (s *Service) PutRetentionPolicy(ctx context.Context, c Caller, group string, days int32) error {
	if err := validateGroupName(group, "logGroupName"); err != nil {
		return err
	}
	if !retentionDays[days] {
		return constraint(fmt.Sprint(days), "retentionInDays", "Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]")
	}
	return s.cat.SetRetention(ctx, c.AccountID, group, days)
}

// DeleteRetentionPolicy makes a group keep its events forever.
func (s *Service) DeleteRetentionPolicy(ctx context.Context, c Caller, group string) error {
	if err := validateGroupName(group, "logGroupName"); err != nil {
		return err
	}
	return s.cat.SetRetention(ctx, c.AccountID, group, 0)
}

// retentionStart is the oldest timestamp (ms) a group still returns at now.
func retentionStart(days int32, nowMs int64) int64 {
	if days <= 0 {
		return 0
	}
	return nowMs - int64(days)*24*60*60*1000
}
