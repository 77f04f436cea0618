// Package templates holds kaigi's embedded HTML pages, static assets and
// document templates.
package templates

import "embed"

// Web holds the web app's static assets (static/); the pages are compiled templ components in pages/.
//
//go:embed static
var Web embed.FS
