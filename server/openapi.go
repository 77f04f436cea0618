package server

import _ "embed"

// openAPISpec documents the JSON API; it is served at /api/v1/openapi.yaml.
//
//go:embed openapi.yaml
var openAPISpec []byte
