package syncdb

import (
	"context"
	"encoding/json"
	"testing"
)

func TestMappingIsReplacedWholeOrNotAtAll(t *testing.T) {
	ctx := context.Background()
	d, _, _ := open(t)
	if _, ok, err := d.Mapping(ctx); ok || err != nil {
		t.Fatalf("a new database's mapping: ok %v, err %v", ok, err)
	}
	first := Mapping{Config: json.RawMessage(`{"databases":{"task":{"id":"a"}}}`), TokenFile: "/secrets/a", Origin: "init", SavedAt: t0}
	if err := d.SaveMapping(ctx, first); err != nil {
		t.Fatal(err)
	}
	// Not JSON: refused by the table, the stored mapping unchanged.
	if err := d.SaveMapping(ctx, Mapping{Config: json.RawMessage(`{"databases":`), Origin: "sync", SavedAt: t0}); err == nil {
		t.Fatal("a mapping that is not JSON was saved")
	}
	got, ok, err := d.Mapping(ctx)
	if err != nil || !ok || string(got.Config) != string(first.Config) || got.Origin != "init" || !got.SavedAt.Equal(t0) {
		t.Fatalf("after the refused save: %+v, %v, %v", got, ok, err)
	}
	// A cycle's save (no token file) keeps the reference to the token.
	if err := d.SaveMapping(ctx, Mapping{Config: json.RawMessage(`{"databases":{}}`), Origin: "sync", SavedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := d.Mapping(ctx); got.TokenFile != "/secrets/a" || got.Origin != "sync" || string(got.Config) != `{"databases":{}}` {
		t.Fatalf("after a cycle's save: %+v", got)
	}
}
