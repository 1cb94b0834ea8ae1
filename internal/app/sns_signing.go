package app

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/openwatch/openwatch/internal/service/topics"
)

// Files of the key that signs SNS messages, in the data directory, and
// where the server serves the certificate.
const (
	signingKeyFile  = "sns-signing-key.pem"
	signingCertFile = "sns-signing-cert.pem"
	signingCertPath = "/sns/SimpleNotificationService-openwatch.pem"
)

// signingKey is the topics service's Signer. The key is read, or
// created, on first use: generating one takes a noticeable moment, and
// most servers never sign a message.
type signingKey struct {
	dir string
	// mu guards signer and cert, set by the first load that succeeds: a
	// failed one (a full disk, say) is tried again by the next message.
	mu     sync.Mutex
	signer *topics.RSASigner
	cert   []byte
}

var _ topics.Signer = (*signingKey)(nil)

func (k *signingKey) load() (*topics.RSASigner, []byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.signer == nil {
		key, cert, err := loadSigningKey(k.dir)
		if err != nil {
			return nil, nil, err
		}
		k.signer, k.cert = topics.NewRSASigner(key, signingCertPath), cert
	}
	return k.signer, k.cert, nil
}

// Sign implements topics.Signer.
func (k *signingKey) Sign(version string, data []byte) (string, error) {
	signer, _, err := k.load()
	if err != nil {
		return "", err
	}
	return signer.Sign(version, data)
}

// CertificatePath implements topics.Signer.
func (k *signingKey) CertificatePath() string { return signingCertPath }

// certificate is the PEM certificate that verifies the signatures.
func (k *signingKey) certificate() ([]byte, error) {
	_, cert, err := k.load()
	return cert, err
}

// loadSigningKey reads the message-signing key and its certificate from
// dir, creating them on first use. The key stays the same across restarts,
// so endpoints may pin the certificate.
func loadSigningKey(dir string) (*rsa.PrivateKey, []byte, error) {
	keyPath := filepath.Join(dir, signingKeyFile)
	key, err := readKey(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return nil, nil, fmt.Errorf("cannot generate the message-signing key: %w", err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot encode the message-signing key: %w", err)
		}
		if err := writeFileAtomic(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
			return nil, nil, err
		}
	} else if err != nil {
		return nil, nil, err
	}
	certPath := filepath.Join(dir, signingCertFile)
	if cert, err := os.ReadFile(certPath); err == nil && certMatches(cert, key) {
		return key, cert, nil
	}
	cert, err := selfSigned(key)
	if err != nil {
		return nil, nil, err
	}
	if err := writeFileAtomic(certPath, cert, 0o644); err != nil {
		return nil, nil, err
	}
	return key, cert, nil
}

func readKey(path string) (*rsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the message-signing key: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("the message-signing key %q is not a PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("cannot parse the message-signing key %q: %w", path, err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the message-signing key %q is not an RSA key", path)
	}
	return rk, nil
}

// certMatches reports whether the PEM certificate is for key and still
// valid.
func certMatches(certPEM []byte, key *rsa.PrivateKey) bool {
	block, _ := pem.Decode(certPEM)
	if block == nil {
		return false
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return false
	}
	pub, ok := c.PublicKey.(*rsa.PublicKey)
	return ok && pub.Equal(&key.PublicKey) && time.Now().Before(c.NotAfter)
}

func selfSigned(key *rsa.PrivateKey) ([]byte, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, fmt.Errorf("cannot generate a certificate serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "OpenWatch SNS message signing"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(20, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("cannot create the message-signing certificate: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}

// writeFileAtomic writes through a temporary file and a rename, so a crash
// never leaves half a key.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, perm); err != nil {
		return fmt.Errorf("cannot write %q: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot rename %q: %w", tmp, err)
	}
	return nil
}
