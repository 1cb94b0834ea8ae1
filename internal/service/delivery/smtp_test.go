package delivery

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// smtpServer is a minimal loopback SMTP server that records one mail per
// session; rcptCode, when set, is its answer to RCPT TO.
type smtpServer struct {
	ln       net.Listener
	mails    chan string
	rcptCode string
}

func startSMTP(t *testing.T, rcptCode string) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, mails: make(chan string, 10), rcptCode: rcptCode}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { _, _ = c.Write([]byte(line + "\r\n")) }
	say("220 test ESMTP")
	var envelope strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 test")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			envelope.WriteString(strings.TrimSpace(line) + "\n")
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			if s.rcptCode != "" {
				say(s.rcptCode + " no such user")
				continue
			}
			envelope.WriteString(strings.TrimSpace(line) + "\n")
			say("250 ok")
		case cmd == "DATA":
			say("354 go ahead")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(l)
			}
			s.mails <- envelope.String() + data.String()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func TestSMTPTransport(t *testing.T) {
	srv := startSMTP(t, "")
	tr := &SMTPTransport{Addr: srv.ln.Addr().String(), From: "OpenWatch <alarms@example.test>"}
	err := tr.Deliver(context.Background(), model.Delivery{URL: "mailto:ops@example.test",
		Headers: map[string]string{"Subject": "ALARM: \"cpu\"\r\nBcc: evil@example.test"}, Body: "line 1\nline 2"})
	if err != nil {
		t.Fatal(err)
	}
	mail := <-srv.mails
	for _, want := range []string{
		"MAIL FROM:<alarms@example.test>", "RCPT TO:<ops@example.test>",
		"From: \"OpenWatch\" <alarms@example.test>\r\n", "To: <ops@example.test>\r\n",
		"Subject: ALARM: \"cpu\" Bcc: evil@example.test\r\n", "\r\n\r\nline 1\r\nline 2\r\n",
	} {
		if !strings.Contains(mail, want) {
			t.Errorf("mail lacks %q:\n%s", want, mail)
		}
	}
	if strings.Contains(mail, "\r\nBcc:") {
		t.Errorf("subject injected a header:\n%s", mail)
	}
}

func TestSMTPTransportFailures(t *testing.T) {
	refusing := startSMTP(t, "550")
	busy := startSMTP(t, "451")
	tests := []struct {
		name      string
		addr, url string
		permanent bool
	}{
		{"refused recipient", refusing.ln.Addr().String(), "mailto:nobody@example.test", true},
		{"temporary failure", busy.ln.Addr().String(), "mailto:ops@example.test", false},
		{"bad address", busy.ln.Addr().String(), "mailto:not an address", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &SMTPTransport{Addr: tt.addr, From: "alarms@example.test"}
			err := tr.Deliver(context.Background(), model.Delivery{URL: tt.url, Body: "x"})
			var perm *PermanentError
			if err == nil || errors.As(err, &perm) != tt.permanent {
				t.Fatalf("err = %v, want permanent=%v", err, tt.permanent)
			}
		})
	}
}
