// Package pages is kaigi's web pages as compiled templ components and the
// typed view models they render. A handler builds a view model with every
// value already formatted (dates, counts, URLs, selected options), and the
// generated code writes it out with no reflection. Text goes through templ's
// escaping; the only HTML written unescaped is goldmark's output for
// Markdown (see Markdown), which drops raw HTML and unsafe links.
//
// Edit the .templ files and run `go generate ./templates/pages` (the templ
// generator is pinned as a tool in go.mod); the generated *_templ.go files
// are committed, and a test fails when they are not current.
package pages

//go:generate go tool templ generate -path .
