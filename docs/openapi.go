package docs

import _ "embed" // for OpenAPI

// OpenAPI is the OpenAPI 3 document of the service (openapi.json beside this file),
// converted from the Swagger 2.0 document that swag generates by `go run
// ./docs/cmd/openapi3` (make docs). This file is written by hand; swag leaves it alone.
//
//go:embed openapi.json
var OpenAPI []byte
