package blocks

import "context"

// Client is what reading and writing a page's blocks takes from Notion's
// API (notion/api.Client has it).
type Client interface {
	Children(ctx context.Context, blockID string) ([]map[string]any, error)
	AppendChildren(ctx context.Context, parent, after string, blocks []any) ([]string, error)
	UpdateBlock(ctx context.Context, id string, body map[string]any) error
	DeleteBlock(ctx context.Context, id string) error
}

// Read lists a page's top-level blocks of the types kaigi knows; others
// (images, embeds...) are left out, and left alone by Sync.
func Read(ctx context.Context, c Client, pageID string) ([]Remote, error) {
	objs, err := c.Children(ctx, pageID)
	if err != nil {
		return nil, err
	}
	var out []Remote
	for _, obj := range objs {
		if b, ok := Decode(obj); ok {
			out = append(out, b)
		}
	}
	return out, nil
}

// Markdown is the normalized body of blocks read from a page.
func Markdown(remote []Remote) string {
	bs := make([]Block, len(remote))
	for i, b := range remote {
		bs[i] = b.Block
	}
	return Normalize(Render(bs))
}

// Sync makes a page's known blocks equal want, touching only blocks that
// differ: unchanged blocks stay, changed ones of the same type are updated
// in place, the rest deleted or inserted at their position. Notion inserts
// only after a given block or at the end, so new blocks that must come
// first go after the page's first block, which is then removed (re-sent
// when it was one to keep).
func Sync(ctx context.Context, c Client, pageID string, want []Block) error {
	have, err := Read(ctx, c, pageID)
	if err != nil {
		return err
	}
	keep := lcs(have, want)
	if len(keep) > 0 && keep[0][0] == 0 && keep[0][1] > 0 {
		keep = keep[1:]
	}
	s := syncer{c: c, pageID: pageID}
	i, j := 0, 0
	for k := 0; k <= len(keep); k++ {
		hi, wj := len(have), len(want)
		if k < len(keep) {
			hi, wj = keep[k][0], keep[k][1]
		}
		if err := s.replace(ctx, have[i:hi], want[j:wj]); err != nil {
			return err
		}
		if k < len(keep) {
			s.prev = have[hi].ID
			i, j = hi+1, wj+1
		}
	}
	return nil
}

// syncer writes one page's gaps between kept blocks, in order.
type syncer struct {
	c      Client
	pageID string
	prev   string // the block new ones go after
}

// replace turns the blocks oldGap into newGap: same-type pairs updated in
// place, the rest of newGap inserted after them, the rest of oldGap deleted.
func (s *syncer) replace(ctx context.Context, oldGap []Remote, newGap []Block) error {
	n := 0
	for n < len(oldGap) && n < len(newGap) && oldGap[n].Type == newGap[n].Type && oldGap[n].Type != "divider" {
		body := Encode(newGap[n])
		delete(body, "object")
		delete(body, "type")
		if err := s.c.UpdateBlock(ctx, oldGap[n].ID, body); err != nil {
			return err
		}
		s.prev = oldGap[n].ID
		n++
	}
	if rest := newGap[n:]; len(rest) > 0 {
		after := s.prev
		if after == "" && len(oldGap) > 0 {
			after = oldGap[0].ID // deleted below, once the new blocks follow it
		}
		items := make([]any, len(rest))
		for x, b := range rest {
			items[x] = Encode(b)
		}
		ids, err := s.c.AppendChildren(ctx, s.pageID, after, items)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			s.prev = ids[len(ids)-1]
		}
	}
	for _, b := range oldGap[n:] {
		if err := s.c.DeleteBlock(ctx, b.ID); err != nil {
			return err
		}
	}
	return nil
}

// lcs returns index pairs of the longest common subsequence of blocks.
func lcs(have []Remote, want []Block) [][2]int {
	n, m := len(have), len(want)
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if have[i].key() == want[j].key() {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case have[i].key() == want[j].key():
			out = append(out, [2]int{i, j})
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}
