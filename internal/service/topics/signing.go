package topics

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

// Signer signs HTTP/HTTPS messages as SNS does, so endpoints can check
// that a message comes from this server: SignatureVersion "1" is
// SHA1withRSA and "2" SHA256withRSA over the message's canonical string.
type Signer interface {
	// Sign returns the base64 signature of data for the version.
	Sign(version string, data []byte) (string, error)
	// CertificatePath is where this server serves the certificate that
	// verifies the signatures, relative to its base URL.
	CertificatePath() string
}

// RSASigner is a Signer over an RSA key.
type RSASigner struct {
	key      *rsa.PrivateKey
	certPath string
}

// NewRSASigner returns a Signer whose certificate is served at certPath.
func NewRSASigner(key *rsa.PrivateKey, certPath string) *RSASigner {
	return &RSASigner{key: key, certPath: certPath}
}

// Sign implements Signer.
func (s *RSASigner) Sign(version string, data []byte) (string, error) {
	var sig []byte
	var err error
	switch version {
	case "1":
		sum := sha1.Sum(data)
		sig, err = rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA1, sum[:])
	case "2":
		sum := sha256.Sum256(data)
		sig, err = rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	default:
		return "", fmt.Errorf("unknown signature version %q", version)
	}
	if err != nil {
		return "", fmt.Errorf("cannot sign message: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// CertificatePath implements Signer.
func (s *RSASigner) CertificatePath() string { return s.certPath }

// StringToSign is the canonical string SNS signs: the signed members of
// m in byte order of their names, each as "Name\nValue\n"; Subject only
// when present.
func StringToSign(m map[string]string) string {
	var names []string
	switch m["Type"] {
	case TypeNotification:
		names = []string{"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"}
	default:
		names = []string{"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"}
	}
	var b strings.Builder
	for _, n := range names {
		v, ok := m[n]
		if !ok || (n == "Subject" && v == "") {
			continue
		}
		b.WriteString(n + "\n" + v + "\n")
	}
	return b.String()
}

// sign fills the signature members of m when the service has a signer.
func (s *Service) sign(m *httpMessage, version, baseURL string) error {
	if s.opts.Signer == nil {
		return nil
	}
	if version != "2" {
		version = "1"
	}
	fields := map[string]string{"Type": m.Type, "MessageId": m.MessageID, "TopicArn": m.TopicArn, "Message": m.Message,
		"Timestamp": m.Timestamp, "Subject": m.Subject}
	if m.Type != TypeNotification {
		fields["SubscribeURL"], fields["Token"] = m.SubscribeURL, m.Token
	}
	sig, err := s.opts.Signer.Sign(version, []byte(StringToSign(fields)))
	if err != nil {
		return err
	}
	m.SignatureVersion, m.Signature, m.SigningCertURL = version, sig, baseURL+s.opts.Signer.CertificatePath()
	return nil
}
