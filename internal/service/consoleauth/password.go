package consoleauth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// HashParams are the argon2id costs of new password hashes. Each hash
// records its own, so raising them later leaves old hashes verifiable.
type HashParams struct {
	// MemoryKiB is the memory cost in KiB.
	MemoryKiB uint32
	// Iterations is the time cost.
	Iterations uint32
	// Threads is the parallelism.
	Threads uint8
}

// DefaultHashParams follow the OWASP recommendation for argon2id
// (19 MiB, two passes, one lane): tens of milliseconds a sign-in.
var DefaultHashParams = HashParams{MemoryKiB: 19 * 1024, Iterations: 2, Threads: 1}

// Bounds on what a stored hash may ask for, so a damaged or hostile
// catalog row cannot make one sign-in allocate gigabytes.
const (
	maxMemoryKiB  = 1 << 20
	maxIterations = 64
	maxThreads    = 16
	saltLen       = 16
	keyLen        = 32
	maxEncodedLen = 256
)

var errBadHash = errors.New("malformed password hash")

// hashPassword returns the PHC string of password with a fresh salt:
// $argon2id$v=19$m=…,t=…,p=…$salt$key, base64 without padding.
func hashPassword(password string, p HashParams) string {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		panic("BUG: crypto/rand failed: " + err.Error())
	}
	key := argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Iterations, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// phcHash is a decoded argon2id PHC string.
type phcHash struct {
	params HashParams
	salt   []byte
	key    []byte
}

// parsePHC decodes what hashPassword writes, refusing anything else and
// any cost beyond the bounds above.
func parsePHC(s string) (phcHash, error) {
	if len(s) > maxEncodedLen {
		return phcHash{}, errBadHash
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return phcHash{}, errBadHash
	}
	var h phcHash
	var seen [3]bool
	for kv := range strings.SplitSeq(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return phcHash{}, errBadHash
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			return phcHash{}, errBadHash
		}
		var idx int
		switch k {
		case "m":
			idx, h.params.MemoryKiB = 0, uint32(n)
		case "t":
			idx, h.params.Iterations = 1, uint32(n)
		case "p":
			if n > maxThreads {
				return phcHash{}, errBadHash
			}
			idx, h.params.Threads = 2, uint8(n)
		default:
			return phcHash{}, errBadHash
		}
		if seen[idx] {
			return phcHash{}, errBadHash
		}
		seen[idx] = true
	}
	if seen != [3]bool{true, true, true} || h.params.MemoryKiB > maxMemoryKiB || h.params.Iterations > maxIterations ||
		h.params.MemoryKiB < 8*uint32(h.params.Threads) {
		return phcHash{}, errBadHash
	}
	var err error
	if h.salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil || len(h.salt) < 8 {
		return phcHash{}, errBadHash
	}
	if h.key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil || len(h.key) < 16 {
		return phcHash{}, errBadHash
	}
	return h, nil
}

// verifyPassword reports whether password matches the PHC string, in time
// independent of where the two differ.
func verifyPassword(encoded, password string) (bool, error) {
	h, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(password), h.salt, h.params.Iterations, h.params.MemoryKiB, h.params.Threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}
