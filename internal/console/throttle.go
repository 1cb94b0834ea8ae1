package console

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Sign-in throttling: after maxFailures failed sign-ins from one address
// within failureWindow, that address may not try again until the window
// has passed. It slows guessing of passwords and secrets without locking
// the account out for everyone else.
const (
	maxFailures   = 10
	failureWindow = time.Minute
	// maxTracked bounds the addresses remembered; beyond it the oldest
	// knowledge is dropped rather than memory grown.
	maxTracked = 10000
)

type signInLimiter struct {
	now func() time.Time

	mu   sync.Mutex
	byIP map[string]failures
}

type failures struct {
	count int
	since time.Time
}

func newSignInLimiter() *signInLimiter {
	return &signInLimiter{now: time.Now, byIP: map[string]failures{}}
}

// clientAddr is the address sign-ins are counted by: the peer's IP. Proxy
// headers are not trusted, since anyone can send them.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// allow reports whether addr may try to sign in now.
func (l *signInLimiter) allow(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.byIP[addr]
	if !ok {
		return true
	}
	if l.now().Sub(f.since) >= failureWindow {
		delete(l.byIP, addr)
		return true
	}
	return f.count < maxFailures
}

// failed counts a failed sign-in of addr.
func (l *signInLimiter) failed(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f, ok := l.byIP[addr]
	if !ok || now.Sub(f.since) >= failureWindow {
		if len(l.byIP) >= maxTracked {
			l.sweep(now)
		}
		f = failures{since: now}
	}
	f.count++
	l.byIP[addr] = f
}

// succeeded forgets addr's failures.
func (l *signInLimiter) succeeded(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byIP, addr)
}

func (l *signInLimiter) sweep(now time.Time) {
	for a, f := range l.byIP {
		if now.Sub(f.since) >= failureWindow {
			delete(l.byIP, a)
		}
	}
	if len(l.byIP) >= maxTracked {
		clear(l.byIP)
	}
}
