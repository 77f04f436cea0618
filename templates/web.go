// Package templates holds kaigi's embedded HTML pages, static assets and
// document templates.
package templates

import "embed"

// Web holds the web app's page templates (html/) and assets (static/).
//
//go:embed html static
var Web embed.FS
