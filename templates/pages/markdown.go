package pages

import (
	"bytes"
	"context"
	"html"
	"io"

	"github.com/a-h/templ"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown renders GFM without raw HTML: goldmark drops raw HTML and unsafe
// link schemes unless told otherwise, and we never tell it otherwise.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Markdown is text people typed, rendered as Markdown. It is the one place
// where their text reaches the page unescaped by templ, and only as
// goldmark's escaped output.
func Markdown(src string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		return RenderMarkdown(w, src)
	})
}

// RenderMarkdown writes src as HTML; should goldmark fail, the text is
// written escaped instead.
func RenderMarkdown(w io.Writer, src string) error {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		_, err = io.WriteString(w, html.EscapeString(src))
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
