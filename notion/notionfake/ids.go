package notionfake

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"net/url"
	"strings"
)

// idSource derives IDs from (seed, counter) so the sequence is deterministic and survives a
// save/load of the workspace (only the counter is persisted).
type idSource struct {
	Seed    uint64
	Counter uint64
}

func (s *idSource) next() *rand.Rand {
	s.Counter++
	return rand.New(rand.NewPCG(s.Seed, s.Counter))
}

// newID returns a dashed, version-4 shaped UUID.
func (s *idSource) newID() string {
	r := s.next()
	var b [16]byte
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return dashed(hex.EncodeToString(b[:]))
}

// firstSourceID is the ID of the data source a database is made with,
// derived from the database's so that modelling data sources draws nothing
// from the ID stream: every other ID stays what it was before.
func firstSourceID(databaseID string) string {
	sum := sha256.Sum256([]byte("data source of " + databaseID))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return dashed(hex.EncodeToString(b))
}

// newPropertyID returns a short URL-encoded ID like Notion's ("h%3A%7BD").
func (s *idSource) newPropertyID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:;<=>?@[]^_`{|}~"
	r := s.next()
	var sb strings.Builder
	for range 4 {
		sb.WriteByte(alphabet[r.IntN(len(alphabet))])
	}
	return url.QueryEscape(sb.String())
}

func (s *idSource) newToken() string {
	r := s.next()
	var b [20]byte
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return "ntn_" + hex.EncodeToString(b[:])
}

func dashed(hex32 string) string {
	return hex32[0:8] + "-" + hex32[8:12] + "-" + hex32[12:16] + "-" + hex32[16:20] + "-" + hex32[20:32]
}

// normalizeID accepts an ID with or without dashes and returns it dashed and lower-case.
func normalizeID(id string) (string, bool) {
	plain := strings.ToLower(strings.ReplaceAll(id, "-", ""))
	if len(plain) != 32 {
		return "", false
	}
	if _, err := hex.DecodeString(plain); err != nil {
		return "", false
	}
	return dashed(plain), true
}

func undashed(id string) string { return strings.ReplaceAll(id, "-", "") }
