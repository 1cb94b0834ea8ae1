package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"os"

	"github.com/openwatch/openwatch/internal/app"
	"github.com/openwatch/openwatch/internal/config"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "host:port to listen on")
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "directory for the catalog, write-ahead log and parts")
	fs.StringVar(&cfg.DebugAddr, "debug-addr", "", "host:port serving Go runtime profiles at /debug/pprof/ (unauthenticated: keep it on loopback; also OPENWATCH_DEBUG_ADDR)")
	fs.Int64Var(&cfg.MemoryLimitMB, "memory-limit-mb", cfg.MemoryLimitMB, "soft limit of the server's memory in MiB, near which garbage is collected more often (0: the Go runtime's default; GOMEMLIMIT overrides it)")
	level := fs.String("log-level", "info", "log level: debug, info, warn, error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return err
	}
	cfg.FromEnv(os.Getenv)
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lv}))
	return app.Run(ctx, cfg, log, stdout)
}
