// Command openapi3 converts the Swagger 2.0 document that swag generates
// (docs/swagger.json) into the OpenAPI 3 document the service serves at /openapi.json
// (docs/openapi.json). `make docs` runs it after swag; the test beside it fails when the
// committed document is stale.
//
// The conversion is kin-openapi's. On top of it, a few refinements say what Swagger 2.0
// or swag cannot:
//   - the bearer scheme is declared as HTTP bearer authentication with a JWT, not as an
//     API key in the Authorization header;
//   - reads accept an optional token, the probes none;
//   - success responses are JSON and error responses application/problem+json, where
//     Swagger 2.0 lists every media type for every status;
//   - slugs and prices get their patterns, and decimal inputs (price, rating) accept a
//     string or a number, as the API does.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
)

func main() {
	in := flag.String("in", "docs/swagger.json", "the Swagger 2.0 document to convert")
	out := flag.String("out", "docs/openapi.json", "where to write the OpenAPI 3 document")
	check := flag.Bool("check", false, "only report whether -out is current")
	flag.Parse()

	if err := run(*in, *out, *check); err != nil {
		fmt.Fprintln(os.Stderr, "openapi3:", err)
		os.Exit(1)
	}
}

var errStale = errors.New("is stale: run `make docs` and commit the result")

func run(in, out string, check bool) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}

	doc, err := Convert(context.Background(), src)
	if err != nil {
		return fmt.Errorf("convert %s: %w", in, err)
	}

	if !check {
		return os.WriteFile(out, doc, 0o644)
	}

	current, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(current, doc) {
		return fmt.Errorf("%s %w", out, errStale)
	}

	return nil
}

// marshal writes the document the same way every time: two-space indentation, keys
// sorted (the map form of kin-openapi's types), a final newline.
func marshal(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}

	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return nil, err
	}

	buf.WriteByte('\n')

	return buf.Bytes(), nil
}
