// Package web holds the templates and static files of the user interface, embedded in the binary.
package web

import "embed"

// FS holds templates/ (layout.html, partials/, pages/) and static/ (css, js).
//
//go:embed templates static
var FS embed.FS
