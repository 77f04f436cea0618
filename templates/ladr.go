package templates

import "embed"

// LADR holds the default Markdown template for LADR files (ladr/ladr.md.tmpl).
//
//go:embed ladr
var LADR embed.FS
