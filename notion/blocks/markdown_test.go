package blocks

import "testing"

func TestMarkdownRoundTrip(t *testing.T) {
	md := "# Context\n\nWe need **a** cache.\nSecond line.\n\n- one\n- two\n\n1. first\n1. second\n\n- [ ] open\n- [x] done\n\n> quoted\n\n```go\nfmt.Println(1)\n```\n\n---\n\n## 決定\n\n状態管理にはFlowを採用する"
	if got := Normalize(md); got != md {
		t.Fatalf("normalized form changed the text:\n%s\n---\n%s", got, md)
	}
	var blocks []Block
	for _, b := range Parse(md) {
		rb, ok := Decode(roundTripJSON(t, Encode(b)))
		if !ok {
			t.Fatalf("block %s not understood after encoding", b.Type)
		}
		blocks = append(blocks, rb.Block)
	}
	if got := Render(blocks); got != md {
		t.Fatalf("blocks changed the text:\n%s", got)
	}
}

func TestLongTextIsSplitAtNotionLimit(t *testing.T) {
	long := make([]rune, 4500)
	for i := range long {
		long[i] = 'あ'
	}
	items := TextItems(string(long))
	if len(items) != 3 {
		t.Fatalf("4500 characters became %d text items, want 3 (2000 each at most)", len(items))
	}
}
