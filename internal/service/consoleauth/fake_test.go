package consoleauth

import (
	"context"
	"sync"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// fakeKeys is a KeyLookup over a map of keys.
type fakeKeys struct {
	mu   sync.Mutex
	keys map[string]model.AccessKey
}

func (k *fakeKeys) lookup(_ context.Context, id string) (string, model.Principal, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	key, ok := k.keys[id]
	if !ok {
		return "", model.Principal{}, model.Errorf(model.ErrUnrecognizedKey, "unknown")
	}
	if key.Disabled {
		return "", model.Principal{}, model.Errorf(model.ErrDisabledKey, "disabled")
	}
	return key.Secret, model.Principal{AccountID: key.AccountID, AccessKeyID: key.ID, Admin: key.Admin}, nil
}

func (k *fakeKeys) disable(id string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	key := k.keys[id]
	key.Disabled = true
	k.keys[id] = key
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
