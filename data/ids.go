package data

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"io"
	"time"
)

// Typed IDs keep a meeting ID from being passed where a task ID is wanted.
// All are UUIDv7 text: time-ordered, so new rows land at the end of indexes.
type (
	SeriesID   string
	MeetingID  string
	AgendaID   string
	DecisionID string
	TaskID     string
	LADRID     string
	PersonID   string
)

// newUUIDv7 returns a version 7 UUID for the given instant.
// Its random bits come from rnd, crypto/rand when nil.
func newUUIDv7(now time.Time, rnd io.Reader) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:8], uint64(now.UnixMilli())<<16)
	if rnd == nil {
		rnd = rand.Reader
	}
	if _, err := io.ReadFull(rnd, b[6:]); err != nil {
		panic("reading random ID bits failed: " + err.Error()) // crypto/rand never fails; a test's source must not
	}
	b[6] = (b[6] & 0x0f) | 0x70 // version 7
	b[8] = (b[8] & 0x3f) | 0x80 // RFC 4122 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
