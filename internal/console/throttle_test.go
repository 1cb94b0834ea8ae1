package console

import (
	"net/http"
	"testing"
	"time"
)

func TestSignInThrottle(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.h.limiter.now = func() time.Time { return now }
	c := f.client(t)
	for i := range maxFailures {
		if resp, _ := c.signInKey(keyA, "wrong"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i, resp.StatusCode)
		}
	}
	// Even the right secret waits now.
	if resp, _ := c.signInKey(keyA, secretA); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after %d failures: %d, want 429", maxFailures, resp.StatusCode)
	}
	now = now.Add(failureWindow)
	if resp, _ := c.signInKey(keyA, secretA); resp.StatusCode != http.StatusOK {
		t.Fatalf("after the window: %d", resp.StatusCode)
	}
	// Success forgets earlier failures.
	for range maxFailures - 1 {
		c.signInKey(keyA, "wrong")
	}
	c.signInKey(keyA, secretA)
	if resp, _ := c.signInKey(keyA, "wrong"); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("failure after a success: %d", resp.StatusCode)
	}
}

func TestSignInLimiterBounded(t *testing.T) {
	l := newSignInLimiter()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return now }
	for i := range maxTracked + 5 {
		l.failed(string(rune(i)) + "addr")
	}
	if n := len(l.byIP); n > maxTracked {
		t.Fatalf("%d addresses tracked, limit %d", n, maxTracked)
	}
	for range maxFailures {
		l.failed("10.0.0.1")
	}
	if l.allow("10.0.0.1") || !l.allow("10.0.0.2") {
		t.Fatal("limits one address by another's failures")
	}
}
