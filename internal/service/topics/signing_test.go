package topics

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"
)

// verify checks an HTTP delivery body's signature with pub, as an
// endpoint would.
func verify(t *testing.T, pub *rsa.PublicKey, body string) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	sig, err := base64.StdEncoding.DecodeString(m["Signature"])
	if err != nil {
		t.Fatalf("signature %q: %v", m["Signature"], err)
	}
	data := []byte(StringToSign(m))
	switch m["SignatureVersion"] {
	case "1":
		sum := sha1.Sum(data)
		err = rsa.VerifyPKCS1v15(pub, crypto.SHA1, sum[:], sig)
	case "2":
		sum := sha256.Sum256(data)
		err = rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig)
	default:
		t.Fatalf("SignatureVersion %q", m["SignatureVersion"])
	}
	if err != nil {
		t.Fatalf("%s message does not verify: %v", m["Type"], err)
	}
	return m
}

func TestSignedMessages(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, version := range []string{"1", "2"} {
		t.Run("version "+version, func(t *testing.T) {
			rec := &recorder{}
			s := New(newMemStore(), rec, Options{Now: time.Now, Signer: NewRSASigner(key, "/sns/cert.pem")})
			ctx := context.Background()
			topic, err := s.CreateTopic(ctx, caller, CreateTopicInput{Name: "signed", Attributes: map[string]string{"SignatureVersion": version}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Subscribe(ctx, caller, SubscribeInput{TopicArn: topic, Protocol: "http", Endpoint: "http://127.0.0.1:9/x"}); err != nil {
				t.Fatal(err)
			}
			conf := verify(t, &key.PublicKey, rec.take()[0].Body)
			if conf["SigningCertURL"] != "http://127.0.0.1:4590/sns/cert.pem" || conf["SignatureVersion"] != version {
				t.Fatalf("confirmation: %v", conf)
			}
			if _, err := s.ConfirmSubscription(ctx, caller, topic, conf["Token"], false); err != nil {
				t.Fatal(err)
			}
			for _, subject := range []string{"", "With subject"} {
				if _, err := s.Publish(ctx, caller, PublishInput{TopicArn: topic, Subject: subject, Message: "signed <body>"}); err != nil {
					t.Fatal(err)
				}
				n := verify(t, &key.PublicKey, rec.take()[0].Body)
				if n["Message"] != "signed <body>" || n["Subject"] != subject {
					t.Fatalf("notification: %v", n)
				}
			}
		})
	}
}

func TestStringToSign(t *testing.T) {
	n := StringToSign(map[string]string{"Type": "Notification", "MessageId": "m", "TopicArn": "t", "Message": "x\ny",
		"Timestamp": "ts", "Subject": "", "UnsubscribeURL": "u"})
	if want := "Message\nx\ny\nMessageId\nm\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n"; n != want {
		t.Fatalf("notification string = %q, want %q", n, want)
	}
	c := StringToSign(map[string]string{"Type": "SubscriptionConfirmation", "MessageId": "m", "TopicArn": "t", "Message": "x",
		"Timestamp": "ts", "Token": "k", "SubscribeURL": "s"})
	if want := "Message\nx\nMessageId\nm\nSubscribeURL\ns\nTimestamp\nts\nToken\nk\nTopicArn\nt\nType\nSubscriptionConfirmation\n"; c != want {
		t.Fatalf("confirmation string = %q, want %q", c, want)
	}
}
