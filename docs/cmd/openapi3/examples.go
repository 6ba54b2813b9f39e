package main

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// problemExample is what a client sees for one kind of failure; the examples show the
// type, title and status of the kinds in delivery/httpapi/problem.go (a test there
// checks that they still agree).
type problemExample struct {
	slug, title string
	detail      string
	field       string // the one entry of errors, when the kind lists fields
	message     string
}

const problemTypeBase = "urn:gamarriando:problem:"

// exampleFor picks the most telling failure of a status for an operation: a bad
// parameter on a read and a bad body on a write, a missing token on a write and a bad
// one on a read, a blocked delete, and so on.
func exampleFor(status int, method, resource string) (problemExample, bool) {
	write := method != "GET"
	switch status {
	case 400:
		if write {
			return problemExample{"malformed-request", "Malformed request",
				"the body is not valid JSON", "", ""}, true
		}

		return problemExample{"invalid-parameter", "Invalid parameter",
			"page_size: must be from 1 to 100", "page_size", "must be from 1 to 100"}, true
	case 401:
		if write {
			return problemExample{"unauthorized", "Unauthorized",
				"this operation needs a bearer token", "", ""}, true
		}

		return problemExample{"invalid-token", "Unauthorized",
			"the bearer token is missing, malformed, expired or not valid here", "", ""}, true
	case 403:
		return problemExample{"forbidden", "Forbidden",
			"not allowed: the product belongs to another vendor", "", ""}, true
	case 404:
		return problemExample{"not-found", "Not found", resource + " 42 not found", "", ""},
			true
	case 409:
		if method == "DELETE" {
			return problemExample{"delete-blocked", "Delete blocked",
				resource + " 42 cannot be deleted: it still has products", "", ""}, true
		}

		field := "slug"
		if resource == "vendor" {
			field = "email"
		}

		return problemExample{"conflict", "Conflict", resource + " " + field +
			" is already taken", field, "is already taken"}, true
	case 412:
		return problemExample{"precondition-failed", "Precondition failed",
			resource + " 42 has changed: it is at version 3", "", ""}, true
	case 413:
		return problemExample{"payload-too-large", "Payload too large",
			"the body is over 1 MiB", "", ""}, true
	case 415:
		return problemExample{"unsupported-media-type", "Unsupported media type",
			"the body must be application/json", "", ""}, true
	case 422:
		return problemExample{"validation-failed", "Validation failed",
			"name: must be 1 to 255 characters", "name", "must be 1 to 255 characters"}, true
	case 500:
		return problemExample{"internal", "Internal server error",
				"an unexpected error occurred; quote the request_id when reporting it", "", ""},
			true
	case 503:
		if resource == "" {
			return problemExample{"not-ready", "Not ready",
				"a dependency is not ready; errors names it and why", "database",
				"unreachable"}, true
		}

		return problemExample{"unavailable", "Service unavailable",
			"a dependency is temporarily unavailable; retry shortly", "", ""}, true
	}

	return problemExample{}, false
}

// setProblemExample gives an error response its own example, instead of the one
// example of the Problem schema that every status would otherwise show.
func setProblemExample(resp *openapi3.Response, status int, method, path string) {
	media := resp.Content.Get(problemMedia)
	if media == nil {
		return
	}

	ex, ok := exampleFor(status, method, resourceOf(path))
	if !ok {
		return
	}

	body := map[string]any{
		"type":       problemTypeBase + ex.slug,
		"title":      ex.title,
		"status":     status,
		"detail":     ex.detail,
		"instance":   strings.ReplaceAll(path, "{id}", "42"),
		"request_id": "4f9c2a7d0b1e4c3a9d8e7f6a5b4c3d2e",
	}
	if ex.field != "" {
		body["errors"] = []any{map[string]any{"field": ex.field, "message": ex.message}}
	}

	media.Example = body
}

// resourceOf names the resource of an API path in the singular, as details do;
// "" outside the API.
func resourceOf(path string) string {
	for _, r := range []struct{ path, name string }{
		{"/api/v1/products", "product"}, {"/api/v1/categories", "category"},
		{"/api/v1/vendors", "vendor"},
	} {
		if strings.HasPrefix(path, r.path) {
			return r.name
		}
	}

	return ""
}
