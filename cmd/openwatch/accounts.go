package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/openwatch/openwatch/internal/app"
	"github.com/openwatch/openwatch/internal/config"
)

// adminFlags parses the flags shared by the administration commands and
// opens the data directory's catalog.
func adminFlags(ctx context.Context, name string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*app.Admin, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data-dir", config.DefaultDataDir, "data directory of the server")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return app.OpenAdmin(ctx, *dir)
}

func accountsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	if len(args) == 0 {
		return fmt.Errorf("usage: openwatch accounts create|list [--data-dir DIR]")
	}
	var id, name string
	adm, err := adminFlags(ctx, "accounts "+args[0], args[1:], stderr, func(fs *flag.FlagSet) {
		if args[0] == "create" {
			fs.StringVar(&id, "id", "", "12-digit account id (random when empty)")
			fs.StringVar(&name, "name", "", "account name")
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
	switch args[0] {
	case "create":
		a, err := adm.CreateAccount(ctx, id, name)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, a.ID)
		return nil
	case "list":
		list, err := adm.ListAccounts(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ACCOUNT\tNAME\tCREATED")
		for _, a := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", a.ID, a.Name, a.CreatedAt.Format("2006-01-02T15:04:05Z"))
		}
		return tw.Flush()
	default:
		return fmt.Errorf("unknown accounts command %q (want create or list)", args[0])
	}
}

func keysCmd(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	if len(args) == 0 {
		return fmt.Errorf("usage: openwatch keys create|list|disable --account ID [--data-dir DIR]")
	}
	var account, keyID string
	var admin bool
	adm, err := adminFlags(ctx, "keys "+args[0], args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&account, "account", "", "12-digit account id")
		switch args[0] {
		case "create":
			fs.BoolVar(&admin, "admin", false, "make the key an administrator key")
		case "disable":
			fs.StringVar(&keyID, "key", "", "access key id to disable")
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
	switch args[0] {
	case "create":
		if account == "" {
			return fmt.Errorf("--account is required")
		}
		k, err := adm.CreateKey(ctx, account, admin)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "aws_access_key_id = %s\naws_secret_access_key = %s\n", k.ID, k.Secret)
		return nil
	case "list":
		keys, err := adm.ListKeys(ctx, account)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ACCESS KEY ID\tACCOUNT\tADMIN\tSTATUS\tCREATED")
		for _, k := range keys {
			status := "Active"
			if k.Disabled {
				status = "Inactive"
			}
			fmt.Fprintf(tw, "%s\t%s\t%t\t%s\t%s\n", k.ID, k.AccountID, k.Admin, status, k.CreatedAt.Format("2006-01-02T15:04:05Z"))
		}
		return tw.Flush()
	case "disable":
		if keyID == "" {
			return fmt.Errorf("--key is required")
		}
		if err := adm.SetKeyDisabled(ctx, account, keyID, true); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "disabled %s\n", keyID)
		return nil
	default:
		return fmt.Errorf("unknown keys command %q (want create, list or disable)", args[0])
	}
}
