package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The signing key is created once and kept; a lost certificate is made
// again for the same key.
func TestSigningKeyPersists(t *testing.T) {
	dir := t.TempDir()
	key, cert, err := loadSigningKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, signingKeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	again, cert2, err := loadSigningKey(dir)
	if err != nil || !again.Equal(key) || !bytes.Equal(cert, cert2) {
		t.Fatalf("second load: same key %v, same cert %v, %v", again.Equal(key), bytes.Equal(cert, cert2), err)
	}
	if err := os.Remove(filepath.Join(dir, signingCertFile)); err != nil {
		t.Fatal(err)
	}
	third, cert3, err := loadSigningKey(dir)
	if err != nil || !third.Equal(key) || !certMatches(cert3, key) {
		t.Fatalf("after losing the certificate: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, signingKeyFile), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadSigningKey(dir); err == nil {
		t.Fatal("a corrupt key loaded")
	}
}
