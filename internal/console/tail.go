package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/consoleauth"
)

// Live tail timing.
const (
	// pingEvery keeps proxies and the browser from closing an idle stream.
	pingEvery = 15 * time.Second
	// recheckEvery is how often an open stream checks that its session
	// is still valid (not signed out, key not disabled).
	recheckEvery = time.Minute
	// retryMillis is the reconnect delay the stream suggests to
	// EventSource.
	retryMillis = 2000
)

// tail streams new events of up to ten log groups as server-sent events:
// "log" events with one event each, "dropped" with {"count"} when the
// browser fell behind, and a final "error" with {"message"} when the
// stream cannot start or must end (bad filter pattern, unknown group,
// session ended); after an error event the page should close its
// EventSource rather than let it reconnect.
func (h *Handler) tail(w http.ResponseWriter, r *http.Request) {
	sess, ok := h.requireSession(w, r, false)
	if !ok {
		return
	}
	select {
	case <-h.done:
		writeError(w, http.StatusServiceUnavailable, "The server is shutting down.")
		return
	default:
	}
	if !h.acquireTail(sess.Key) {
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf("At most %d live tails can be open per session.", h.opts.TailsPerSession))
		return
	}
	defer h.releaseTail(sess.Key)
	h.streams.Add(1)
	defer h.streams.Done()

	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	out := &sseWriter{w: w, rc: rc}
	out.comment("connected")
	out.retry(retryMillis)

	q := r.URL.Query()
	sub, err := h.opts.Tail.Subscribe(r.Context(), sess.Principal.AccountID, q["group"], q.Get("filterPattern"))
	if err != nil {
		var me *model.Error
		msg := "The live tail cannot start; try again."
		if errors.As(err, &me) || errors.Is(err, model.ErrInvalidParameter) {
			msg = err.Error()
		} else {
			h.opts.Logger.Error("cannot start live tail", "err", err)
		}
		out.event("error", map[string]string{"message": msg})
		return
	}
	defer sub.Close()
	if out.flush() != nil {
		return
	}

	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	recheck := time.NewTicker(recheckEvery)
	defer recheck.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			out.event("error", map[string]string{"message": "The server is shutting down."})
			return
		case <-recheck.C:
			if _, err := h.session(r, false); err != nil {
				if errors.Is(err, consoleauth.ErrUnauthenticated) {
					out.event("error", map[string]string{"message": "The session has ended; sign in again."})
					return
				}
				h.opts.Logger.Warn("cannot recheck a live tail's session", "err", err)
			}
		case <-ping.C:
			out.comment("ping")
		case <-sub.Ready():
			events, dropped := sub.Next()
			if dropped > 0 {
				out.event("dropped", map[string]int{"count": dropped})
			}
			for i := range events {
				out.event("log", &events[i])
			}
		}
		if out.flush() != nil {
			return
		}
	}
}

func (h *Handler) acquireTail(key string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tails[key] >= h.opts.TailsPerSession || h.total >= maxTails {
		return false
	}
	h.tails[key]++
	h.total++
	return true
}

func (h *Handler) releaseTail(key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.total--
	if h.tails[key]--; h.tails[key] <= 0 {
		delete(h.tails, key)
	}
}

// sseWriter writes the text/event-stream framing; the first write error
// sticks and ends the stream.
type sseWriter struct {
	w   io.Writer
	rc  *http.ResponseController
	err error
}

func (s *sseWriter) write(p string) {
	if s.err == nil {
		_, s.err = io.WriteString(s.w, p)
	}
}

func (s *sseWriter) comment(text string) { s.write(": " + text + "\n\n") }

func (s *sseWriter) retry(ms int) { s.write(fmt.Sprintf("retry: %d\n\n", ms)) }

// event writes one event; JSON never holds a raw newline, so one data
// line carries it.
func (s *sseWriter) event(name string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.err = err
		return
	}
	s.write("event: " + name + "\ndata: " + string(b) + "\n\n")
}

func (s *sseWriter) flush() error {
	if s.err == nil {
		s.err = s.rc.Flush()
	}
	return s.err
}
