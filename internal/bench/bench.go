// Package bench is `openwatch bench`: it measures OpenWatch's log ingest,
// storage and query speed the way users meet them, through the CloudWatch
// Logs API of a real `openwatch serve` process, and, given a VictoriaLogs
// binary, runs the same corpus through VictoriaLogs so every figure can be
// read as a ratio from the same run on the same machine.
//
// The corpus is generated from a seed (corpus.go): JSON application logs,
// Lambda runtime lines and access-log lines. The servers are child
// processes on 127.0.0.1; the benchmark talks to OpenWatch only over HTTP
// with aws-sdk-go-v2, never through its packages, so it measures what a
// client sees, and reads CPU time and peak memory from /proc.
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Options configure a benchmark run.
type Options struct {
	Corpus CorpusSpec
	// Clients is the number of concurrent ingest clients.
	Clients int
	// Runs is how many times each query runs; the median is reported.
	Runs int
	// Executable is the openwatch binary; it is started as `serve`.
	Executable string
	// DataDir is OpenWatch's data directory; empty means a temporary one.
	// With QueriesOnly it must hold a corpus written by an earlier run
	// with --keep-data, and nothing is ingested.
	DataDir     string
	QueriesOnly bool
	// KeepData keeps the data directories and server logs instead of
	// removing them.
	KeepData bool
	// Victoria is the path of a victoria-logs binary; empty skips
	// VictoriaLogs.
	Victoria string
	// JSON selects the JSON report instead of the text table.
	JSON bool
	// Progress receives one line per step.
	Progress io.Writer
}

func (o *Options) validate() error {
	switch {
	case o.Corpus.Events < 1:
		return fmt.Errorf("--events must be at least 1")
	case o.Corpus.Streams < 1:
		return fmt.Errorf("--streams must be at least 1")
	case o.Clients < 1:
		return fmt.Errorf("--clients must be at least 1")
	case o.Runs < 1:
		return fmt.Errorf("--runs must be at least 1")
	case o.Corpus.Span <= 0 || o.Corpus.Span > 13*24*time.Hour:
		// CloudWatch refuses events older than 14 days.
		return fmt.Errorf("--span must be positive and at most 13 days")
	case o.QueriesOnly && o.DataDir == "":
		return fmt.Errorf("--queries-only needs --data-dir of an earlier run made with --keep-data")
	case o.Executable == "":
		return fmt.Errorf("the openwatch executable is unknown")
	}
	return nil
}

// Run performs the benchmark and writes the report to out.
func Run(ctx context.Context, opts Options, out io.Writer) (err error) {
	if err := opts.validate(); err != nil {
		return err
	}
	if opts.Progress == nil {
		opts.Progress = io.Discard
	}
	work, err := os.MkdirTemp("", "openwatch-bench-")
	if err != nil {
		return fmt.Errorf("cannot create a work directory: %w", err)
	}
	defer func() {
		if opts.KeepData {
			fmt.Fprintf(opts.Progress, "kept data and server logs in %s\n", work)
			return
		}
		if rerr := os.RemoveAll(work); rerr != nil && err == nil {
			err = fmt.Errorf("cannot remove work directory: %w", rerr)
		}
	}()
	owDir := opts.DataDir
	if owDir == "" {
		owDir = filepath.Join(work, "openwatch-data")
	}

	progress(opts.Progress, "generating %d events in %d streams", opts.Corpus.Events, opts.Corpus.Streams)
	corpus, err := GenerateCorpus(opts.Corpus)
	if err != nil {
		return err
	}
	rep := &Report{Spec: opts.Corpus, Clients: opts.Clients, Runs: opts.Runs, RawBytes: corpus.RawBytes, Kinds: corpus.Truth.Kinds}
	queries := benchQueries(corpus.Needle)

	if opts.QueriesOnly {
		rep.OpenWatch, err = queryOpenWatch(ctx, &opts, corpus, queries, owDir, work)
	} else {
		rep.OpenWatch, err = benchOpenWatch(ctx, &opts, corpus, queries, owDir, work)
	}
	if err != nil {
		return err
	}

	switch {
	case opts.Victoria == "":
		rep.VictoriaNote = "not run; set VICTORIALOGS_BIN (or --victoria) to a victoria-logs binary to compare"
	case opts.QueriesOnly:
		rep.VictoriaNote = "not run with --queries-only"
	default:
		vl, err := benchVictoria(ctx, &opts, corpus, queries, filepath.Join(work, "victorialogs-data"), work)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			rep.VictoriaNote = "failed: " + err.Error()
		} else {
			rep.Victoria = &vl
		}
	}
	if opts.JSON {
		return rep.WriteJSON(out)
	}
	return rep.WriteText(out)
}

func progress(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "bench: "+format+"\n", args...)
}

// stopTimeout bounds a server's shutdown; flushing a large memtable can
// take a while on a slow disk.
const stopTimeout = 5 * time.Minute

// benchOpenWatch ingests the corpus into a fresh OpenWatch, kills it,
// measures its restart, runs the queries and stops it cleanly.
func benchOpenWatch(ctx context.Context, opts *Options, c *Corpus, qs []benchQuery, dataDir, work string) (res SystemResult, err error) {
	logPath := filepath.Join(work, "openwatch.log")
	progress(opts.Progress, "starting OpenWatch (log: %s)", logPath)
	ow, _, err := startOpenWatch(ctx, opts.Executable, dataDir, logPath, opts.Clients)
	if err != nil {
		return res, err
	}
	defer func() { ow.kill() }()
	if err := ow.createStreams(ctx, len(c.Streams)); err != nil {
		return res, err
	}
	progress(opts.Progress, "ingesting %d events (%.1f MB) into OpenWatch with %d clients", c.Events(), float64(c.RawBytes)/mb, opts.Clients)
	ing, err := ingest(ctx, c, opts.Clients, ow.pid(), ow.prepare)
	if err != nil {
		return res, fmt.Errorf("cannot ingest into OpenWatch: %w", err)
	}
	res.Ingest = &ing
	res.PeakRSSIngest = rssOrUnknown(ow.pid())

	progress(opts.Progress, "killing OpenWatch with SIGKILL and restarting it")
	ow.kill()
	du, err := measureDisk(dataDir)
	if err != nil {
		return res, err
	}
	ow, ready, err := startOpenWatch(ctx, opts.Executable, dataDir, logPath, opts.Clients)
	if err != nil {
		return res, fmt.Errorf("cannot restart OpenWatch after SIGKILL: %w", err)
	}
	res.Recovery = &Recovery{AfterCrash: true, WALBytes: du.WAL, Ready: ready}

	res.Queries = openWatchQueries(ctx, opts, c, qs, ow, c.Start(), c.Spec.End.UnixMilli())
	res.PeakRSSQueries = rssOrUnknown(ow.pid())
	err = stopAndMeasure(ow.child, dataDir, opts.Progress, &res)
	return res, err
}

// queryOpenWatch starts OpenWatch over an existing data directory and runs
// the queries only.
func queryOpenWatch(ctx context.Context, opts *Options, c *Corpus, qs []benchQuery, dataDir, work string) (res SystemResult, err error) {
	du, err := measureDisk(dataDir)
	if err != nil {
		return res, err
	}
	logPath := filepath.Join(work, "openwatch.log")
	progress(opts.Progress, "starting OpenWatch over %s (log: %s)", dataDir, logPath)
	ow, ready, err := startOpenWatch(ctx, opts.Executable, dataDir, logPath, opts.Clients)
	if err != nil {
		return res, err
	}
	defer func() { ow.kill() }()
	res.Recovery = &Recovery{WALBytes: du.WAL, Ready: ready}
	res.PeakRSSIngest = -1
	first, last, err := ow.timeRange(ctx)
	if err != nil {
		return res, err
	}
	res.Queries = openWatchQueries(ctx, opts, c, qs, ow, first, last)
	res.PeakRSSQueries = rssOrUnknown(ow.pid())
	err = stopAndMeasure(ow.child, dataDir, opts.Progress, &res)
	return res, err
}

func openWatchQueries(ctx context.Context, opts *Options, c *Corpus, qs []benchQuery, ow *openWatch, start, end int64) []QueryResult {
	progress(opts.Progress, "running %d queries on OpenWatch, %d times each", len(qs), opts.Runs)
	return runQueries(ctx, c, qs, opts.Runs, ow, nil, start, end)
}

// benchVictoria runs the same corpus and queries through VictoriaLogs.
func benchVictoria(ctx context.Context, opts *Options, c *Corpus, qs []benchQuery, dataDir, work string) (res SystemResult, err error) {
	logPath := filepath.Join(work, "victorialogs.log")
	progress(opts.Progress, "starting VictoriaLogs %s (log: %s)", opts.Victoria, logPath)
	vl, err := startVictoria(ctx, opts.Victoria, dataDir, logPath, opts.Clients)
	if err != nil {
		return res, err
	}
	defer func() { vl.kill() }()
	progress(opts.Progress, "ingesting %d events into VictoriaLogs with %d clients", c.Events(), opts.Clients)
	ing, err := ingest(ctx, c, opts.Clients, vl.pid(), vl.prepare)
	if err != nil {
		return res, fmt.Errorf("cannot ingest into VictoriaLogs: %w", err)
	}
	res.Ingest = &ing
	res.PeakRSSIngest = rssOrUnknown(vl.pid())
	if err := vl.flush(ctx); err != nil {
		return res, err
	}
	n, err := vl.count(ctx)
	if err != nil {
		return res, err
	}
	if n != int64(c.Events()) {
		return res, fmt.Errorf("VictoriaLogs holds %d of the %d events ingested", n, c.Events())
	}
	progress(opts.Progress, "running %d queries on VictoriaLogs, %d times each", len(qs), opts.Runs)
	res.Queries = runQueries(ctx, c, qs, opts.Runs, nil, vl, 0, 0)
	res.PeakRSSQueries = rssOrUnknown(vl.pid())
	err = stopAndMeasure(vl.child, dataDir, opts.Progress, &res)
	return res, err
}

// stopAndMeasure stops a server with SIGTERM, which makes it flush, and
// records the size of its data directory in res.
func stopAndMeasure(c *child, dataDir string, progressOut io.Writer, res *SystemResult) error {
	progress(progressOut, "stopping %s and measuring %s", c.name, dataDir)
	if err := c.stop(stopTimeout); err != nil {
		return err
	}
	du, err := measureDisk(dataDir)
	if err != nil {
		return err
	}
	res.DiskBytes, res.WALBytesAfterStop = du.Allocated, du.WAL
	return nil
}

// rssOrUnknown is the peak RSS of pid, or -1 where /proc cannot tell.
func rssOrUnknown(pid int) int64 {
	n, err := peakRSS(pid)
	if err != nil {
		return -1
	}
	return n
}
