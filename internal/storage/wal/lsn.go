package wal

import "fmt"

// LSN is the position of a record in the log: segment index in the high 32
// bits, byte offset within the segment in the low 32 bits. LSNs of later
// records compare greater.
type LSN uint64

func makeLSN(segment uint32, offset int64) LSN { return LSN(uint64(segment)<<32 | uint64(offset)) }

// Segment returns the index of the segment holding the record.
func (l LSN) Segment() uint32 { return uint32(l >> 32) }

// Offset returns the record's byte offset within its segment.
func (l LSN) Offset() int64 { return int64(uint32(l)) }

// String formats the LSN as segment:offset.
func (l LSN) String() string { return fmt.Sprintf("%06d:%d", l.Segment(), l.Offset()) }
