package delivery

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestDeliveryOutcomes(t *testing.T) {
	tests := []struct {
		name string
		// statuses are the webhook's answers to successive attempts.
		statuses     []int
		maxAttempts  int
		wantAttempts int
		wantDead     string // substring of the dead-letter reason; "" means delivered
	}{
		{"first try", []int{200}, 3, 1, ""},
		{"after retries", []int{500, 503, 204}, 5, 3, ""},
		{"gives up", []int{500, 500, 500, 500}, 3, 3, "gave up after 3 attempts: endpoint answered HTTP 500: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			var gotBody, gotHeader atomic.Value
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(calls.Add(1))
				b, _ := io.ReadAll(r.Body)
				gotBody.Store(string(b))
				gotHeader.Store(r.Header.Get("X-Amz-Sns-Message-Type"))
				status := tt.statuses[min(n, len(tt.statuses))-1]
				w.WriteHeader(status)
				if status >= 300 {
					_, _ = io.WriteString(w, "boom")
				}
			}))
			defer srv.Close()
			clock := &fakeClock{t: time.UnixMilli(1_000_000)}
			ob := newMemOutbox()
			d := New(ob, Options{Now: clock.Now, MaxAttempts: tt.maxAttempts, MinBackoff: time.Second, MaxBackoff: 4 * time.Second})
			ctx := context.Background()
			if err := d.Enqueue(ctx, Delivery{AccountID: "111111111111", URL: srv.URL + "/hook", Body: `{"a":1}`,
				Headers: map[string]string{"x-amz-sns-message-type": "Notification"}, Source: "arn:test"}); err != nil {
				t.Fatal(err)
			}
			var waits []int64
			for range 10 {
				if err := d.RunOnce(ctx); err != nil {
					t.Fatal(err)
				}
				pending, _ := ob.snapshot()
				if len(pending) == 0 {
					break
				}
				// A retry is not due before its backoff.
				wait := pending[0].NextAttempt - clock.Now().UnixMilli()
				waits = append(waits, wait)
				before := calls.Load()
				if err := d.RunOnce(ctx); err != nil {
					t.Fatal(err)
				}
				if calls.Load() != before {
					t.Fatalf("retried before the backoff of %d ms", wait)
				}
				clock.Add(time.Duration(wait) * time.Millisecond)
			}
			if int(calls.Load()) != tt.wantAttempts {
				t.Fatalf("attempts = %d, want %d", calls.Load(), tt.wantAttempts)
			}
			if gotBody.Load() != `{"a":1}` || gotHeader.Load() != "Notification" {
				t.Fatalf("request: body %v, header %v", gotBody.Load(), gotHeader.Load())
			}
			// The backoff doubles from MinBackoff, capped at MaxBackoff.
			for i, w := range waits {
				want := min(int64(1000)<<i, 4000)
				if w != want {
					t.Fatalf("backoff %d = %d ms, want %d (all %v)", i, w, want, waits)
				}
			}
			pending, dead := ob.snapshot()
			if len(pending) != 0 {
				t.Fatalf("still pending: %+v", pending)
			}
			if tt.wantDead == "" {
				if len(dead) != 0 {
					t.Fatalf("dead letters: %+v", dead)
				}
				return
			}
			if len(dead) != 1 || !strings.Contains(dead[0].Reason, tt.wantDead) || dead[0].Attempts != tt.wantAttempts || dead[0].Source != "arn:test" {
				t.Fatalf("dead letters: %+v", dead)
			}
		})
	}
}

func TestEnqueueRejectsUnknownSchemes(t *testing.T) {
	d := New(newMemOutbox(), Options{})
	for _, u := range []string{"ftp://example.test/x", "mailto:ops@example.test", "::"} {
		err := d.Enqueue(context.Background(), Delivery{URL: u})
		if !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("Enqueue(%q) = %v, want an invalid parameter", u, err)
		}
	}
}

// A permanent failure is dead-lettered without retries.
func TestPermanentFailure(t *testing.T) {
	ob := newMemOutbox()
	fail := transportFunc(func(context.Context, model.Delivery) error { return Permanent(errors.New("address refused")) })
	d := New(ob, Options{Transports: map[string]Transport{"mailto": fail}})
	if err := d.Enqueue(context.Background(), Delivery{URL: "mailto:ops@example.test", Source: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := d.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, dead := ob.snapshot()
	if len(dead) != 1 || dead[0].Reason != "permanent failure after 1 attempt: address refused" {
		t.Fatalf("dead letters: %+v", dead)
	}
}

type transportFunc func(context.Context, model.Delivery) error

func (f transportFunc) Deliver(ctx context.Context, d model.Delivery) error { return f(ctx, d) }

// The background loop delivers what is enqueued without a manual pass.
func TestLoopDelivers(t *testing.T) {
	for _, tc := range []struct{ method, want string }{{"", "POST"}, {"PUT", "PUT"}, {"PATCH", "PATCH"}} {
		got := make(chan string, 1)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			got <- r.Method + " " + string(b)
		}))
		ob := newMemOutbox()
		d := New(ob, Options{PollEvery: time.Hour})
		d.Start()
		if err := d.Enqueue(context.Background(), Delivery{URL: srv.URL, Method: tc.method, Body: "hello"}); err != nil {
			t.Fatal(err)
		}
		select {
		case b := <-got:
			if b != tc.want+" hello" {
				t.Errorf("method %q: got %q", tc.method, b)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("method %q: the loop did not deliver", tc.method)
		}
		d.Stop()
		srv.Close()
	}
}
