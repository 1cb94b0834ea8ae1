package anomalydetectors

import (
	"container/list"
	"sync"
	"time"
)

// modelCache keeps recently trained models, least recently used first
// out. Concurrent requests for one key share a single training.
type modelCache struct {
	refresh time.Duration
	size    int

	mu      sync.Mutex
	entries map[string]*list.Element // of *cacheEntry
	lru     *list.List
}

type cacheEntry struct {
	key  string
	done chan struct{} // closed when tm or err is set
	tm   *trainedModel
	err  error
}

func newModelCache(size int, refresh time.Duration) *modelCache {
	return &modelCache{refresh: refresh, size: size, entries: map[string]*list.Element{}, lru: list.New()}
}

// get returns the model under key, training it with train when it is
// not there. A failed training is not kept.
func (c *modelCache) get(key string, train func() (*trainedModel, error)) (*trainedModel, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		e := el.Value.(*cacheEntry)
		c.mu.Unlock()
		<-e.done
		if e.err == nil {
			return e.tm, nil
		}
		return nil, e.err
	}
	e := &cacheEntry{key: key, done: make(chan struct{})}
	c.entries[key] = c.lru.PushFront(e)
	for c.lru.Len() > c.size {
		old := c.lru.Back()
		c.lru.Remove(old)
		delete(c.entries, old.Value.(*cacheEntry).key)
	}
	c.mu.Unlock()

	e.tm, e.err = train()
	if e.err != nil {
		c.mu.Lock()
		if el, ok := c.entries[key]; ok && el.Value == e {
			c.lru.Remove(el)
			delete(c.entries, key)
		}
		c.mu.Unlock()
	}
	close(e.done)
	return e.tm, e.err
}
