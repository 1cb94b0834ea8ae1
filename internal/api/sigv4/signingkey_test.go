package sigv4

import (
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
)

// TestDeriveKey checks the signing key of the SigV4 documentation's example
// (secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830, us-east-1, iam).
func TestDeriveKey(t *testing.T) {
	got := hex.EncodeToString(deriveKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam"))
	const want = "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
	if got != want {
		t.Errorf("deriveKey = %s, want %s", got, want)
	}
}

func TestKeyCache(t *testing.T) {
	var c keyCache
	a := c.get("secret", "20240101", "us-east-1", "logs")
	if got := c.get("secret", "20240101", "us-east-1", "logs"); &got[0] != &a[0] {
		t.Error("a second get derived the key again instead of reusing it")
	}
	for _, other := range [][4]string{
		{"secret2", "20240101", "us-east-1", "logs"},
		{"secret", "20240102", "us-east-1", "logs"},
		{"secret", "20240101", "eu-west-1", "logs"},
		{"secret", "20240101", "us-east-1", "monitoring"},
	} {
		if k := c.get(other[0], other[1], other[2], other[3]); string(k) == string(a) {
			t.Errorf("key for %v equals the key for another scope", other)
		}
	}

	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 2 * maxCachedKeys {
				secret := fmt.Sprintf("s%d-%d", g, i)
				k := c.get(secret, "20240101", "us-east-1", "logs")
				if want := deriveKey(secret, "20240101", "us-east-1", "logs"); string(k) != string(want) {
					t.Errorf("cached key for %s is wrong", secret)
					return
				}
			}
		})
	}
	wg.Wait()
	c.mu.Lock()
	n := len(c.keys)
	c.mu.Unlock()
	if n > maxCachedKeys {
		t.Errorf("cache holds %d keys, want at most %d", n, maxCachedKeys)
	}
}
