package server

import (
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/kaigi-dev/kaigi/data"
)

// MinPasswordLen is the shortest password kaigi accepts.
const MinPasswordLen = 12

// HashPassword checks a new password's length and returns its bcrypt hash
// at bcrypt.DefaultCost.
func HashPassword(pw string) (string, error) { return HashPasswordAt(pw, bcrypt.DefaultCost) }

// HashPasswordAt is HashPassword at a given bcrypt cost (0: the default).
func HashPasswordAt(pw string, cost int) (string, error) {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return "", data.Invalid("password", "the password must be at least %d characters long", MinPasswordLen)
	}
	if len(pw) > 72 {
		return "", data.Invalid("password", "the password must be at most 72 bytes long (a bcrypt limit)")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), cmp.Or(cost, bcrypt.DefaultCost))
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// dummyHash is compared against when the user does not exist, so that a
// login for an unknown email takes as long as one with a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := bcrypt.GenerateFromPassword([]byte("not a password of anyone"), bcrypt.DefaultCost)
	return string(h)
})

func passwordMatches(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// NewSecret returns a random 32-byte secret as URL-safe text and the
// SHA-256 hash that is stored in its place.
func NewSecret() (secret, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	secret = base64.RawURLEncoding.EncodeToString(b[:])
	return secret, HashSecret(secret)
}

// HashSecret is how session and API tokens are looked up.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
