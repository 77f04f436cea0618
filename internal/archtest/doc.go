// Package archtest holds no code, only the tests of kaigi's inner walls:
// which packages may import which, where SQL may appear, that every package
// says what it owns, and the size limits of the Notion sync's packages.
package archtest
