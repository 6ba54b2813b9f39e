// Package contract is the HTTP contract of the catalog (shared/API.md) as a table of
// request/response cases, runnable through any transport: the Gin engine in-process,
// the Lambda adapter, or a live server. Cases run in order against one fresh, empty
// database and build their own fixtures through the API, so the table doubles as an
// executable description of the contract.
//
// Every response is also checked against the rules that hold everywhere: a request id,
// problem+json errors whose status matches and which leak nothing internal, caching
// headers, ETags on single resources, Location on creates, RFC 3339 UTC timestamps.
package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Case is one request and what its response must be. Path, Body, header values and
// the arguments of checks may hold ${name} placeholders, filled from values saved by
// earlier cases (ids, ETags, cursors).
type Case struct {
	Name   string
	Method string
	Path   string
	// Header is sent as given; a Content-Type of "" sends none. A body without a
	// Content-Type goes as application/json.
	Header map[string]string
	Body   string
	Status int
	Checks []Check
	// Save keeps values for later cases: name -> a path in the JSON body ("id",
	// "meta.next_cursor") or "header:<Name>".
	Save map[string]string
}

// Group is a named sequence of cases; groups run in order and share saved values.
type Group struct {
	Name  string
	Cases []Case
}

// Result is a response as checks see it.
type Result struct {
	Status int
	Header http.Header
	Body   []byte
	// JSON is the decoded body (numbers as json.Number), nil when it is not JSON.
	JSON any

	vars map[string]string
}

// Check asserts one thing about a response.
type Check func(r *Result) error

// Run sends every case of the contract through do, which must serve the full API of a
// fresh, empty database (the cases create what they need and expect the ids they get
// back to be the only rows). Failures are reported per case.
func Run(t *testing.T, do func(*http.Request) *http.Response) {
	t.Helper()

	RunGroups(t, do, Groups())
}

// RunGroups runs the given groups in order; Run runs them all.
func RunGroups(t *testing.T, do func(*http.Request) *http.Response, groups []Group) {
	t.Helper()

	vars := map[string]string{}
	for _, g := range groups {
		t.Run(g.Name, func(t *testing.T) {
			for _, c := range g.Cases {
				t.Run(c.Name, func(t *testing.T) { runCase(t, do, c, vars) })
			}
		})
	}
}

func runCase(t *testing.T, do func(*http.Request) *http.Response, c Case,
	vars map[string]string) {
	t.Helper()

	req, err := buildRequest(c, vars)
	if err != nil {
		t.Fatalf("build request: %v", err)
	}

	resp := do(req)
	if resp == nil {
		t.Fatal("the transport returned no response")
	}

	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		t.Fatalf("read body: %v", err)
	}

	r := &Result{Status: resp.StatusCode, Header: resp.Header, Body: body, vars: vars}
	r.JSON = decodeJSON(body)

	if r.Status != c.Status {
		t.Fatalf("%s %s: status %d, want %d\n%s", c.Method, req.URL.RequestURI(), r.Status,
			c.Status, truncate(body))
	}

	checks := append(universalChecks(c, req), c.Checks...)
	for _, check := range checks {
		if err := check(r); err != nil {
			t.Errorf("%s %s: %v\n%s", c.Method, req.URL.RequestURI(), err, truncate(body))
		}
	}

	for name, from := range c.Save {
		v, err := r.value(from)
		if err != nil {
			t.Errorf("save %s: %v", name, err)

			continue
		}

		vars[name] = v
	}
}

func buildRequest(c Case, vars map[string]string) (*http.Request, error) {
	path, err := expand(c.Path, vars, url.QueryEscape)
	if err != nil {
		return nil, err
	}

	body, err := expand(c.Body, vars, nil)
	if err != nil {
		return nil, err
	}

	var reader io.Reader
	if c.Body != "" {
		reader = strings.NewReader(body)
	}

	req := httptest.NewRequest(c.Method, path, reader)
	if c.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}

	for k, v := range c.Header {
		v, err := expand(v, vars, nil)
		if err != nil {
			return nil, err
		}

		req.Header.Set(k, v)
		if v == "" {
			req.Header.Del(k)
		}
	}

	return req, nil
}

var placeholder = regexp.MustCompile(`\$\{([a-zA-Z0-9_]+)\}`)

// expand fills ${name} placeholders; escape, when set, encodes each value.
func expand(s string, vars map[string]string, escape func(string) string) (string, error) {
	var missing []string
	out := placeholder.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		v, ok := vars[name]
		if !ok {
			missing = append(missing, name)

			return m
		}

		if escape != nil {
			return escape(v)
		}

		return v
	})

	if len(missing) > 0 {
		return "", fmt.Errorf("no saved value for %v (an earlier case failed)", missing)
	}

	return out, nil
}

func (r *Result) expand(s string) string {
	out, err := expand(s, r.vars, nil)
	if err != nil {
		return "<" + err.Error() + ">"
	}

	return out
}

// value reads a saved value: a header, or a string or number at a JSON path.
func (r *Result) value(from string) (string, error) {
	if name, ok := strings.CutPrefix(from, "header:"); ok {
		v := r.Header.Get(name)
		if v == "" {
			return "", fmt.Errorf("no %s header", name)
		}

		return v, nil
	}

	v, ok := lookup(r.JSON, from)
	if !ok {
		return "", fmt.Errorf("no %s in the body", from)
	}

	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	}

	return "", fmt.Errorf("%s is %v, not a string or number", from, v)
}

func decodeJSON(body []byte) any {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}

	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()

	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}

	return v
}

// lookup follows a dotted path ("data.0.id", "meta.next_cursor") into decoded JSON.
func lookup(v any, path string) (any, bool) {
	if path == "" || path == "." {
		return v, true
	}

	for _, part := range strings.Split(path, ".") {
		switch node := v.(type) {
		case map[string]any:
			next, ok := node[part]
			if !ok {
				return nil, false
			}

			v = next
		case []any:
			var i int
			if _, err := fmt.Sscanf(part, "%d", &i); err != nil || i < 0 || i >= len(node) {
				return nil, false
			}

			v = node[i]
		default:
			return nil, false
		}
	}

	return v, true
}

func truncate(b []byte) string {
	const limit = 600
	if len(b) > limit {
		return string(b[:limit]) + "…"
	}

	return string(b)
}
