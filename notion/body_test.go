package notion

import (
	"context"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/blocks"
)

// TestBodyDiffKeepsBlockOrder edits a synced body in ways that put new
// blocks before, between and after the kept ones; Notion's page must read
// back exactly as kaigi's body, in the same order.
func TestBodyDiffKeepsBlockOrder(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 3, nil)
	a := data.Agenda{SeriesID: h.series, Title: "Order", Body: "- one\n- two\n\n## three"}
	if err := h.store.CreateAgenda(ctx, &a, ""); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	pageID := h.pageOf(data.EntityAgenda, string(a.ID))
	for _, body := range []string{
		"new first\n\n- new second\n- one\n- two\n\n## three", // inserted before the first kept block
		"## head\n\n- one\n- two\n\n## three",                 // replaced leading blocks of another type
		"- one\n\nmiddle\n\n- two\n\n## three\n\nlast",        // inserted between and after
		"last\n\n- one", // moved a block to the front
		"",
		"only",
	} {
		cur, err := h.store.Agenda(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Body = body
		if err := h.store.UpdateAgenda(ctx, &cur); err != nil {
			t.Fatal(err)
		}
		h.cycle()
		var mds []blocks.Block
		for _, b := range h.fake.Blocks(pageID) {
			if rb, ok := blocks.Decode(b); ok {
				mds = append(mds, rb.Block)
			}
		}
		if got, want := blocks.Normalize(blocks.Render(mds)), blocks.Normalize(body); got != want {
			t.Fatalf("after editing the body to %q, Notion holds %q", want, got)
		}
	}
}
