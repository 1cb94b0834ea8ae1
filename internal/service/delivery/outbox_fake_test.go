package delivery

import (
	"context"
	"slices"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
)

// memOutbox is an in-memory Outbox.
type memOutbox struct {
	mu     sync.Mutex
	nextID int64
	rows   map[int64]model.Delivery
	dead   []model.DeadLetter
}

func newMemOutbox() *memOutbox { return &memOutbox{rows: map[int64]model.Delivery{}} }

func (o *memOutbox) EnqueueDelivery(_ context.Context, d model.Delivery) (int64, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.nextID++
	d.ID = o.nextID
	o.rows[d.ID] = d
	return d.ID, nil
}

func (o *memOutbox) DueDeliveries(_ context.Context, now int64, limit int) ([]model.Delivery, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []model.Delivery
	for _, d := range o.rows {
		if d.NextAttempt <= now {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b model.Delivery) int { return int(a.ID - b.ID) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (o *memOutbox) NextDeliveryDue(context.Context) (int64, bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var at int64
	ok := false
	for _, d := range o.rows {
		if !ok || d.NextAttempt < at {
			at, ok = d.NextAttempt, true
		}
	}
	return at, ok, nil
}

func (o *memOutbox) RetryDelivery(_ context.Context, id int64, attempts int, next int64, lastErr string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	d := o.rows[id]
	d.Attempts, d.NextAttempt, d.LastError = attempts, next, lastErr
	o.rows[id] = d
	return nil
}

func (o *memOutbox) CompleteDelivery(_ context.Context, id int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.rows, id)
	return nil
}

func (o *memOutbox) DeadLetterDelivery(_ context.Context, id int64, attempts int, reason string, at int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	d := o.rows[id]
	d.Attempts = attempts
	o.dead = append(o.dead, model.DeadLetter{Delivery: d, Reason: reason, FailedAt: at})
	delete(o.rows, id)
	return nil
}

func (o *memOutbox) snapshot() (pending []model.Delivery, dead []model.DeadLetter) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, d := range o.rows {
		pending = append(pending, d)
	}
	return pending, slices.Clone(o.dead)
}
