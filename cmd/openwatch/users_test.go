package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestUsersCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	run := func(stdin string, args ...string) (string, error) {
		t.Helper()
		var out, errOut bytes.Buffer
		err := usersCmd(ctx, append(args, "--data-dir", dir), strings.NewReader(stdin), &out, &errOut)
		return out.String(), err
	}
	var acct bytes.Buffer
	if err := accountsCmd(ctx, []string{"create", "--id", "123456789012", "--data-dir", dir}, &acct, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, stdin string
		args        []string
		wantOut     string
		wantErr     string
	}{
		{"create", "s3cret-password\n", []string{"create", "--account", "123456789012", "--name", "zoe", "--password-stdin"}, "created console user zoe in account 123456789012\n", ""},
		{"create without newline", "another-password", []string{"create", "--account", "123456789012", "--name", "bob"}, "created console user bob in account 123456789012\n", ""},
		{"duplicate", "s3cret-password\n", []string{"create", "--account", "123456789012", "--name", "zoe"}, "", "already exists"},
		{"short password", "short\n", []string{"create", "--account", "123456789012", "--name", "eve"}, "", "at least 8 characters"},
		{"no password", "", []string{"create", "--account", "123456789012", "--name", "eve"}, "", "no password on stdin"},
		{"unknown account", "s3cret-password\n", []string{"create", "--account", "999999999999", "--name", "eve"}, "", "does not exist"},
		{"missing flags", "", []string{"create", "--name", "eve"}, "", "--account and --name are required"},
		{"set-password", "new-password-1\r\n", []string{"set-password", "--name", "zoe"}, "changed the password of zoe; its sessions are signed out\n", ""},
		{"set-password unknown", "new-password-1\n", []string{"set-password", "--name", "nobody"}, "", "does not exist"},
		{"delete", "", []string{"delete", "--name", "bob"}, "deleted console user bob\n", ""},
		{"delete again", "", []string{"delete", "--name", "bob"}, "", "does not exist"},
		{"unknown command", "", []string{"rename"}, "", "unknown users command"},
	} {
		out, err := run(tc.stdin, tc.args...)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.wantErr)
		case out != tc.wantOut:
			t.Errorf("%s: output %q, want %q", tc.name, out, tc.wantOut)
		}
	}
	out, err := run("", "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "USER") || !strings.HasPrefix(lines[1], "zoe  ") || !strings.Contains(lines[1], "123456789012") {
		t.Fatalf("list:\n%s", out)
	}
	if out, _ := run("", "list", "--account", "000000000001"); strings.Count(out, "\n") != 1 {
		t.Fatalf("list of an account without users:\n%s", out)
	}
}
