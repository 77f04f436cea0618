package api

import (
	"context"
	"net"
	"strings"
	"testing"
)

// A request to a configured address (a fake's) that cannot connect names
// that address, not the https://api.notion.com URL the request was built
// with, through kaigi's own calls and through jomei's.
func TestFailedConnectionNamesTheAddressDialled(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	tr, err := NewTransport(TransportOptions{BaseURL: "http://" + addr, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	c := NewClient(NewToken("ntn_000000000000000000000000000000000000000000"), tr)
	ctx := context.Background()
	_, ownErr := c.Database(ctx, "0123456789abcdef0123456789abcdef")
	_, jomeiErr := c.Me(ctx)
	for name, err := range map[string]error{"kaigi's call": ownErr, "jomei's call": jomeiErr} {
		if err == nil {
			t.Fatalf("%s to a closed port succeeded", name)
		}
		if msg := err.Error(); !strings.Contains(msg, addr) || strings.Contains(msg, "api.notion.com") {
			t.Errorf("%s: %q should name %s, where the request went, not api.notion.com", name, msg, addr)
		}
	}
}
