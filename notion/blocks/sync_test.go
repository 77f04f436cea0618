package blocks

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// page is an in-memory page for Sync: its blocks in order, and the writes made.
type page struct {
	blocks []map[string]any
	next   int
	writes []string
}

func (p *page) Children(_ context.Context, _ string) ([]map[string]any, error) {
	return slices.Clone(p.blocks), nil
}

func (p *page) AppendChildren(_ context.Context, _, after string, blocks []any) ([]string, error) {
	at := len(p.blocks)
	if after != "" {
		at = slices.IndexFunc(p.blocks, func(b map[string]any) bool { return b["id"] == after }) + 1
		if at == 0 {
			return nil, fmt.Errorf("no block %s", after)
		}
	}
	var ids []string
	for _, b := range blocks {
		obj := b.(map[string]any)
		p.next++
		obj["id"] = fmt.Sprint("b", p.next)
		p.blocks = slices.Insert(p.blocks, at, obj)
		at++
		ids = append(ids, obj["id"].(string))
	}
	p.writes = append(p.writes, fmt.Sprintf("append %d", len(blocks)))
	return ids, nil
}

func (p *page) UpdateBlock(_ context.Context, id string, body map[string]any) error {
	for _, b := range p.blocks {
		if b["id"] == id {
			for k, v := range body {
				b[k] = v
			}
			p.writes = append(p.writes, "update")
			return nil
		}
	}
	return fmt.Errorf("no block %s", id)
}

func (p *page) DeleteBlock(_ context.Context, id string) error {
	p.blocks = slices.DeleteFunc(p.blocks, func(b map[string]any) bool { return b["id"] == id })
	p.writes = append(p.writes, "delete")
	return nil
}

func TestSyncWritesOnlyTheDifference(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		from, to string
		writes   []string
	}{
		{"- one\n- two\n\n## three", "- one\n- two\n\n## three", nil},
		{"- one\n- two\n\n## three", "- one\n- 2\n\n## three", []string{"update"}},
		{"- one\n- two\n\n## three", "- one\n- two\n\n## three\n\nlast", []string{"append 1"}},
		{"- one\n- two\n\n## three", "- two\n\n## three", []string{"delete"}},
		// New blocks that must come first go after the first block, which is then removed and re-sent.
		{"- one\n- two", "new first\n\n- one\n- two", []string{"append 2", "delete"}},
		{"a\n\n---\n\nb", "a\n\nb", []string{"delete"}},
		{"", "only", []string{"append 1"}},
		{"x\n\ny", "", []string{"delete", "delete"}},
	}
	for _, tt := range tests {
		p := &page{}
		for _, b := range Parse(tt.from) {
			if _, err := p.AppendChildren(ctx, "page", "", []any{roundTripJSON(t, Encode(b))}); err != nil {
				t.Fatal(err)
			}
		}
		p.writes = nil
		if err := Sync(ctx, p, "page", Parse(tt.to)); err != nil {
			t.Fatal(err)
		}
		remote, err := Read(ctx, p, "page")
		if err != nil {
			t.Fatal(err)
		}
		if got := Markdown(remote); got != Normalize(tt.to) {
			t.Errorf("%q → %q: the page holds %q", tt.from, tt.to, got)
		}
		if !slices.Equal(p.writes, tt.writes) {
			t.Errorf("%q → %q: writes %v, want %v", tt.from, tt.to, p.writes, tt.writes)
		}
	}
}
