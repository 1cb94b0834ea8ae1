// Command openwatch is the OpenWatch server and its command-line tools.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/openwatch/openwatch/internal/cli"
)

const usage = `usage: openwatch <command> [flags]

commands:
  serve                         start the server (default 127.0.0.1:4590, ./openwatch-data)
  accounts create|list          manage accounts
  keys create|list|disable      manage access keys (--account ID)
  users create|list|set-password|delete
                                manage web console users (password on stdin)
  query [--group G] 'QUERY'     run a Logs Insights query (--since, --start/--end, --format table|json|csv)
  tail --group G [--filter P]   follow a log group's new events
  bench                         measure ingest, storage and query speed (compares with
                                VictoriaLogs when VICTORIALOGS_BIN is set)

Run "openwatch <command> -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "openwatch:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "accounts":
		return accountsCmd(ctx, args[1:], stdout, stderr)
	case "keys":
		return keysCmd(ctx, args[1:], stdout, stderr)
	case "users":
		return usersCmd(ctx, args[1:], os.Stdin, stdout, stderr)
	case "bench":
		return benchCmd(ctx, args[1:], stdout, stderr)
	case "query":
		return cli.Query(ctx, args[1:], stdout, stderr)
	case "tail":
		return cli.Tail(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}
