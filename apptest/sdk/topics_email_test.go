package sdk

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/openwatch/openwatch/internal/config"
)

// smtpSink is a loopback SMTP server that accepts every mail and hands
// each one, envelope and data, to mails.
type smtpSink struct {
	ln    net.Listener
	mails chan string
}

func startSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln, mails: make(chan string, 16)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.session(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *smtpSink) session(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	reply := func(line string) { _, _ = c.Write([]byte(line + "\r\n")) }
	reply("220 sink")
	var mail strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case cmd == "DATA":
			reply("354 go on")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				mail.WriteString(l)
			}
			s.mails <- mail.String()
			mail.Reset()
			reply("250 queued")
		case cmd == "QUIT":
			reply("221 bye")
			return
		case strings.HasPrefix(cmd, "MAIL FROM:"), strings.HasPrefix(cmd, "RCPT TO:"):
			mail.WriteString(strings.TrimSpace(line) + "\r\n")
			reply("250 ok")
		default:
			reply("250 ok")
		}
	}
}

func (s *smtpSink) next(t *testing.T) string {
	t.Helper()
	select {
	case m := <-s.mails:
		return m
	case <-time.After(30 * time.Second):
		t.Fatal("no mail arrived")
		return ""
	}
}

// An email subscription is confirmed through the link its confirmation
// mail carries, then gets published messages by mail.
func TestEmailSubscription(t *testing.T) {
	sink := startSMTPSink(t)
	s := startServerWith(t, t.TempDir(), func(c *config.Config) {
		c.SMTP = config.SMTP{Addr: sink.ln.Addr().String(), From: "OpenWatch <alarms@example.test>"}
	})
	c := snsClient(s.URL)
	ctx := context.Background()
	topic := must[*sns.CreateTopicOutput](t)(c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("mail")})).TopicArn
	must[*sns.SubscribeOutput](t)(c.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic, Protocol: aws.String("email"), Endpoint: aws.String("ops@example.test")}))

	conf := sink.next(t)
	if !strings.Contains(conf, "RCPT TO:<ops@example.test>") || !strings.Contains(conf, "From: \"OpenWatch\" <alarms@example.test>") {
		t.Fatalf("confirmation mail:\n%s", conf)
	}
	link := regexp.MustCompile(`http://\S+Action=ConfirmSubscription\S+`).FindString(conf)
	if link == "" {
		t.Fatalf("no SubscribeURL in:\n%s", conf)
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("SubscribeURL: %s", resp.Status)
	}
	waitConfirmed(t, c, aws.ToString(topic))

	must[*sns.PublishOutput](t)(c.Publish(ctx, &sns.PublishInput{TopicArn: topic, Subject: aws.String("Disk almost full"), Message: aws.String("92% used on /data")}))
	mail := sink.next(t)
	if !strings.Contains(mail, "Subject: Disk almost full\r\n") || !strings.Contains(mail, "\r\n\r\n92% used on /data\r\n") ||
		!strings.Contains(mail, "Action=Unsubscribe") {
		t.Fatalf("notification mail:\n%s", mail)
	}
}
