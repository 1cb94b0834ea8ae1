package index

import "github.com/cespare/xxhash/v2"

// tokenHash is the hash every persisted filter is built with. It must never
// change for a given format version: filters written by one process are
// probed by another.
func tokenHash(token string) uint64 { return xxhash.Sum64String(token) }
