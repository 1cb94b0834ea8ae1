package delivery

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// SMTPTransport sends mailto: deliveries through one SMTP server. The
// delivery's "Subject" header is the mail's subject and its body the plain
// text.
type SMTPTransport struct {
	// Addr is the server's host:port; From the envelope and header sender.
	Addr, From string
	// Username and Password, when set, authenticate with PLAIN, which
	// net/smtp allows only over TLS or to localhost.
	Username, Password string
	// Timeout bounds one attempt; 0 means DefaultHTTPTimeout.
	Timeout time.Duration
}

// Deliver sends one mail.
func (t *SMTPTransport) Deliver(ctx context.Context, d model.Delivery) error {
	to, ok := strings.CutPrefix(d.URL, "mailto:")
	if !ok {
		return Permanent(fmt.Errorf("not a mailto URL"))
	}
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return Permanent(fmt.Errorf("invalid email address: %w", err))
	}
	from, err := mail.ParseAddress(t.From)
	if err != nil {
		return Permanent(fmt.Errorf("invalid sender address %q: %w", t.From, err))
	}
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = DefaultHTTPTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", t.Addr)
	if err != nil {
		return fmt.Errorf("cannot connect to SMTP server %s: %w", t.Addr, err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	host, _, _ := net.SplitHostPort(t.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("cannot greet SMTP server %s: %w", t.Addr, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return fmt.Errorf("cannot start TLS with SMTP server %s: %w", t.Addr, err)
		}
	}
	if t.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", t.Username, t.Password, host)); err != nil {
			return fmt.Errorf("cannot authenticate to SMTP server %s: %w", t.Addr, err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return smtpError("MAIL FROM", err)
	}
	if err := c.Rcpt(rcpt.Address); err != nil {
		return smtpError("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return smtpError("DATA", err)
	}
	if _, err := w.Write(composeMail(from, rcpt, d.Headers["Subject"], d.Body, time.Now())); err != nil {
		return fmt.Errorf("cannot send mail body: %w", err)
	}
	if err := w.Close(); err != nil {
		return smtpError("end of DATA", err)
	}
	return c.Quit()
}

// smtpError keeps 5xx replies, which will not change on retry, apart from
// the rest.
func smtpError(stage string, err error) error {
	if te, ok := err.(*textproto.Error); ok && te.Code >= 500 {
		return Permanent(fmt.Errorf("SMTP server refused %s: %w", stage, err))
	}
	return fmt.Errorf("SMTP %s failed: %w", stage, err)
}

// composeMail writes a plain-text message with CRLF line ends. The subject
// is MIME-encoded, which also keeps line breaks out of the header.
func composeMail(from, to *mail.Address, subject, body string, now time.Time) []byte {
	var b bytes.Buffer
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	domain := "openwatch.localdomain"
	if _, d, ok := strings.Cut(from.Address, "@"); ok {
		domain = d
	}
	subject = strings.Join(strings.Fields(subject), " ")
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\n",
		from.String(), to.String(), mime.QEncoding.Encode("utf-8", subject), now.UTC().Format(time.RFC1123Z), hex.EncodeToString(id), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	body = strings.ReplaceAll(body, "\r\n", "\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	if !strings.HasSuffix(body, "\n") {
		b.WriteString("\r\n")
	}
	return b.Bytes()
}
