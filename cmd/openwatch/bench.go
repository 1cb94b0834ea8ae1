package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/openwatch/openwatch/internal/bench"
)

func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var opts bench.Options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&opts.Corpus.Events, "events", 1_000_000, "number of log events to ingest")
	fs.IntVar(&opts.Corpus.Streams, "streams", 32, "number of log streams")
	fs.Uint64Var(&opts.Corpus.Seed, "seed", 1, "seed of the generated corpus")
	fs.DurationVar(&opts.Corpus.Span, "span", 6*time.Hour, "time range the event timestamps cover, ending now")
	fs.IntVar(&opts.Clients, "clients", 8, "concurrent ingest clients")
	fs.IntVar(&opts.Runs, "runs", 5, "runs of each query; the median is reported")
	fs.StringVar(&opts.DataDir, "data-dir", "", "OpenWatch data directory (default: a temporary one)")
	fs.BoolVar(&opts.QueriesOnly, "queries-only", false, "only run the queries against --data-dir, written earlier with the same --events, --streams and --seed")
	fs.BoolVar(&opts.KeepData, "keep-data", false, "keep the data directories and server logs")
	fs.StringVar(&opts.Victoria, "victoria", os.Getenv("VICTORIALOGS_BIN"), "victoria-logs binary to compare with (default $VICTORIALOGS_BIN)")
	format := fs.String("format", "text", "report format: text or json")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the benchmark's own process (the clients) to this file; OPENWATCH_DEBUG_ADDR profiles the server")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch *format {
	case "text":
	case "json":
		opts.JSON = true
	default:
		return fmt.Errorf("--format must be text or json, not %q", *format)
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find the openwatch executable to start the server: %w", err)
	}
	opts.Executable = exe
	opts.Corpus.End = time.Now().Truncate(time.Minute)
	opts.Progress = stderr
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("cannot create the CPU profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cannot start the CPU profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	return bench.Run(ctx, opts, stdout)
}
