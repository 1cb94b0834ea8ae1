package logs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// ObserverOptions configures the metric observers.
type ObserverOptions struct {
	// Now is the clock; nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

func (o ObserverOptions) withDefaults() ObserverOptions {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// maxSinkBatch is how many datums go to the sink in one call: PutMetricData's
// limit, in case the sink applies the API's limits, and a bound on what
// one log batch holds in memory however many datums it yields.
const maxSinkBatch = 1000

// datumWriter collects the datums of one log batch and hands them to the
// sink in chunks. It records failures instead of returning them: a log
// batch is acknowledged already and never refused for its metrics.
type datumWriter struct {
	ctx     context.Context
	sink    MetricSink
	account string
	buf     []model.MetricDatum
	// written and failed count datums; err is the last failure.
	written, failed int
	err             error
}

func newDatumWriter(ctx context.Context, sink MetricSink, account string) *datumWriter {
	return &datumWriter{ctx: ctx, sink: sink, account: account}
}

func (w *datumWriter) add(d model.MetricDatum) {
	d.AccountID = w.account
	w.buf = append(w.buf, d)
	if len(w.buf) == maxSinkBatch {
		w.flush()
	}
}

// flush hands the buffered datums to the sink; the sink keeps none of
// them, so the buffer is reused.
func (w *datumWriter) flush() {
	if len(w.buf) == 0 {
		return
	}
	err := w.sink.Put(w.ctx, w.account, w.buf)
	switch {
	case err == nil:
		w.written += len(w.buf)
	case errors.Is(err, model.ErrInvalidParameter) && len(w.buf) > 1:
		// One datum the store refuses (a dimension value that is not
		// ASCII, an EMF timestamp out of range) must not cost the other
		// events their metrics: put them one at a time.
		for i := range w.buf {
			if err := w.sink.Put(w.ctx, w.account, w.buf[i:i+1]); err != nil {
				w.failed++
				w.err = err
			} else {
				w.written++
			}
		}
	default:
		w.failed += len(w.buf)
		w.err = err
	}
	clear(w.buf)
	w.buf = w.buf[:0]
}
