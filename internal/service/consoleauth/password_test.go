package consoleauth

import (
	"strings"
	"testing"
)

var cheapParams = HashParams{MemoryKiB: 64, Iterations: 1, Threads: 1}

func TestPasswordHash(t *testing.T) {
	enc := hashPassword("correct horse", cheapParams)
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("encoding = %q", enc)
	}
	if enc == hashPassword("correct horse", cheapParams) {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		password string
		want     bool
	}{
		{"correct horse", true},
		{"correct horsE", false},
		{"", false},
		{"correct horse ", false},
	} {
		got, err := verifyPassword(enc, tc.password)
		if err != nil || got != tc.want {
			t.Errorf("verify(%q) = %v, %v; want %v", tc.password, got, err, tc.want)
		}
	}
}

func TestParsePHC(t *testing.T) {
	good := hashPassword("pw", cheapParams)
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"good", good, true},
		{"other algorithm", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key, false},
		{"other version", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key, false},
		{"missing param", "$argon2id$v=19$m=64,t=1$" + salt + "$" + key, false},
		{"repeated param", "$argon2id$v=19$m=64,m=64,p=1$" + salt + "$" + key, false},
		{"unknown param", "$argon2id$v=19$m=64,t=1,p=1,x=2$" + salt + "$" + key, false},
		{"zero cost", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key, false},
		{"huge memory", "$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key, false},
		{"huge time", "$argon2id$v=19$m=64,t=1000,p=1$" + salt + "$" + key, false},
		{"too many lanes", "$argon2id$v=19$m=64,t=1,p=200$" + salt + "$" + key, false},
		{"padded salt", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key, false},
		{"short key", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$AAAA", false},
		{"extra field", good + "$x", false},
		{"empty", "", false},
	} {
		_, err := parsePHC(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("%s: parsePHC(%q) error = %v, want ok=%v", tc.name, tc.in, err, tc.ok)
		}
	}
}

// FuzzParsePHC checks that no stored string makes the decoder panic or
// accept costs beyond its bounds.
func FuzzParsePHC(f *testing.F) {
	f.Add(hashPassword("pw", cheapParams))
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parsePHC(s)
		if err != nil {
			return
		}
		if h.params.MemoryKiB > maxMemoryKiB || h.params.Iterations > maxIterations || h.params.Threads > maxThreads ||
			h.params.Threads == 0 || len(h.salt) < 8 || len(h.key) < 16 {
			t.Fatalf("accepted out-of-bounds hash %q: %+v", s, h)
		}
	})
}

func BenchmarkVerifyPasswordDefault(b *testing.B) {
	enc := hashPassword("correct horse battery staple", DefaultHashParams)
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := verifyPassword(enc, "correct horse battery staple"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
