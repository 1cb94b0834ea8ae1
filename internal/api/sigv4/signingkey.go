package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"sync"
)

// maxCachedKeys bounds the derived-key cache. Only keys that passed the
// lookup are ever derived, so the working set is keys × days × regions ×
// services in use; the bound only guards memory against a pathological mix.
const maxCachedKeys = 512

type keyID struct{ secret, date, region, service string }

// keyCache keeps derived signing keys: deriving one costs four HMACs, and
// every request of a day with the same key, region and service shares it.
// The zero value is ready; it is safe for concurrent use.
type keyCache struct {
	mu   sync.Mutex
	keys map[keyID][]byte
}

// get returns the signing key; the slice is shared and must not be modified.
func (c *keyCache) get(secret, date, region, service string) []byte {
	id := keyID{secret: secret, date: date, region: region, service: service}
	c.mu.Lock()
	k, ok := c.keys[id]
	c.mu.Unlock()
	if ok {
		return k
	}
	k = deriveKey(secret, date, region, service)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil {
		c.keys = make(map[keyID][]byte)
	}
	if len(c.keys) >= maxCachedKeys {
		// Evict whichever entry the map yields first: cheap, and a key still
		// in use is simply derived again.
		for old := range c.keys {
			delete(c.keys, old)
			break
		}
	}
	c.keys[id] = k
	return k
}

// deriveKey is the SigV4 key chain:
// HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request").
func deriveKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, scopeTerminal)
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
