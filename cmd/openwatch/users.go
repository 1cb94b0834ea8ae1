package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/openwatch/openwatch/internal/service/consoleauth"
)

const usersUsage = "usage: openwatch users create|list|set-password|delete [--account ID] [--name NAME] [--data-dir DIR]"

// usersCmd manages web console users. Passwords are read from stdin (the
// first line), never from flags, so they stay out of shell history and
// process listings.
func usersCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	if len(args) == 0 {
		return errors.New(usersUsage)
	}
	var account, name string
	adm, err := adminFlags(ctx, "users "+args[0], args[1:], stderr, func(fs *flag.FlagSet) {
		switch args[0] {
		case "create":
			fs.StringVar(&account, "account", "", "12-digit account id the user acts in (with administrator rights)")
			fs.StringVar(&name, "name", "", "user name to sign in with")
			fs.Bool("password-stdin", true, "read the password from stdin (always the case; accepted for scripts)")
		case "list":
			fs.StringVar(&account, "account", "", "only users of this account")
		case "set-password":
			fs.StringVar(&name, "name", "", "user name")
			fs.Bool("password-stdin", true, "read the password from stdin (always the case; accepted for scripts)")
		case "delete":
			fs.StringVar(&name, "name", "", "user name")
		}
	})
	if err != nil {
		return err
	}
	defer func() {
		if cerr := adm.Close(); err == nil {
			err = cerr
		}
	}()
	users := adm.ConsoleUsers()
	switch args[0] {
	case "create":
		if account == "" || name == "" {
			return errors.New("--account and --name are required")
		}
		pw, err := readPassword(stdin, stderr)
		if err != nil {
			return err
		}
		u, err := users.CreateUser(ctx, account, name, pw)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created console user %s in account %s\n", u.Name, u.AccountID)
		return nil
	case "list":
		list, err := users.ListUsers(ctx, account)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USER\tACCOUNT\tCREATED\tPASSWORD CHANGED")
		for _, u := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.AccountID, u.CreatedAt.Format("2006-01-02T15:04:05Z"), u.PasswordChangedAt.Format("2006-01-02T15:04:05Z"))
		}
		return tw.Flush()
	case "set-password":
		if name == "" {
			return errors.New("--name is required")
		}
		pw, err := readPassword(stdin, stderr)
		if err != nil {
			return err
		}
		if err := users.SetPassword(ctx, name, pw); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "changed the password of %s; its sessions are signed out\n", name)
		return nil
	case "delete":
		if name == "" {
			return errors.New("--name is required")
		}
		if err := users.DeleteUser(ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "deleted console user %s\n", name)
		return nil
	default:
		return fmt.Errorf("unknown users command %q (want create, list, set-password or delete)", args[0])
	}
}

// readPassword reads the first line of stdin. From a terminal it prompts
// and reads without echoing what is typed.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(stderr, "Password (at least %d characters): ", consoleauth.MinPasswordLength)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("cannot read the password from the terminal: %w", err)
		}
		if len(b) == 0 {
			return "", errors.New("no password given")
		}
		return string(b), nil
	}
	line, err := bufio.NewReaderSize(stdin, consoleauth.MaxPasswordBytes+2).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("cannot read the password from stdin: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on stdin")
	}
	return pw, nil
}
