package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// LeakPattern matches what no response body may ever contain: SQL, driver names,
// connection strings, stack traces (RELIABILITY.md, ERR-1).
var LeakPattern = regexp.MustCompile(`(?i)SQLSTATE|ERROR:|pgx|pgconn|gorm|pq:|` +
	`postgres(ql)?://|password|goroutine |\.go:\d+|panic|runtime\.|sslmode|user=|` +
	`database=|SELECT |INSERT |UPDATE |constraint|violates`)

var (
	strongETag   = regexp.MustCompile(`^"v[1-9][0-9]*"$`)
	resourcePath = regexp.MustCompile(`^/api/v1/(products|categories|vendors)/[^/?]+$`)
	collection   = regexp.MustCompile(`^/api/v1/(products|categories|vendors)$`)
)

// universalChecks are the rules every response of the kind follows, whatever the case.
func universalChecks(c Case, req *http.Request) []Check {
	checks := []Check{hasRequestID}

	switch {
	case c.Status >= 400:
		checks = append(checks, isProblem(c.Status))
	case c.Status == http.StatusNoContent || c.Status == http.StatusNotModified:
		checks = append(checks, emptyBody)
	}

	if !strings.HasPrefix(req.URL.Path, "/api/v1/") || c.Status >= 300 {
		if c.Status == http.StatusNotModified {
			checks = append(checks, hasETag, publicCache)
		}

		return checks
	}

	checks = append(checks, timestampsUTC)
	if req.Method == http.MethodGet {
		checks = append(checks, publicCache)
	} else {
		checks = append(checks, noStore)
	}

	single := resourcePath.MatchString(req.URL.Path) && c.Status != http.StatusNoContent
	switch {
	case req.Method == http.MethodPost && collection.MatchString(req.URL.Path):
		checks = append(checks, hasETag, jsonBody, locationOf(req.URL.Path))
	case single:
		checks = append(checks, hasETag, jsonBody)
	case req.Method == http.MethodGet:
		checks = append(checks, jsonBody, isPage)
	}

	return checks
}

func hasRequestID(r *Result) error {
	if r.Header.Get("X-Request-Id") == "" {
		return errors.New("no X-Request-Id header")
	}

	return nil
}

// isProblem checks an RFC 9457 body whose status is the response's.
func isProblem(status int) Check {
	return func(r *Result) error {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			return fmt.Errorf("error content type %q, want application/problem+json", ct)
		}

		p, ok := r.JSON.(map[string]any)
		if !ok {
			return errors.New("error body is not a JSON object")
		}

		if n, _ := p["status"].(json.Number); n.String() != fmt.Sprint(status) {
			return fmt.Errorf("problem status %v, want %d", p["status"], status)
		}

		for _, k := range []string{"type", "title"} {
			if s, _ := p[k].(string); s == "" {
				return fmt.Errorf("problem has no %s", k)
			}
		}

		rid, _ := p["request_id"].(string)
		inst, _ := p["instance"].(string)
		if rid == "" && inst == "" {
			return errors.New("problem has neither request_id nor instance")
		}

		if LeakPattern.Match(r.Body) {
			return fmt.Errorf("error body leaks internals: %q", LeakPattern.Find(r.Body))
		}

		return noStore(r)
	}
}

func emptyBody(r *Result) error {
	if len(r.Body) != 0 {
		return fmt.Errorf("want an empty body, got %d bytes", len(r.Body))
	}

	return nil
}

func jsonBody(r *Result) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("content type %q, want application/json", ct)
	}

	if r.JSON == nil {
		return errors.New("body is not JSON")
	}

	return nil
}

func hasETag(r *Result) error {
	if e := r.Header.Get("ETag"); !strongETag.MatchString(e) {
		return fmt.Errorf("ETag %q, want a strong \"v<n>\"", e)
	}

	return nil
}

// publicCache checks that a successful read may be cached: publicly for anonymous
// callers, privately for authenticated ones, whose answers may differ (the contract
// runs as an administrator; the access tests check the anonymous case).
func publicCache(r *Result) error {
	cc := r.Header.Get("Cache-Control")
	if !strings.HasPrefix(cc, "public, max-age=") && !strings.HasPrefix(cc, "private, max-age=") {
		return fmt.Errorf("Cache-Control %q on a read, want a max-age", cc)
	}

	return nil
}

func noStore(r *Result) error {
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		return fmt.Errorf("Cache-Control %q, want no-store", cc)
	}

	return nil
}

func locationOf(collectionPath string) Check {
	return func(r *Result) error {
		id, err := r.value("id")
		if err != nil {
			return err
		}

		if loc := r.Header.Get("Location"); loc != collectionPath+"/"+id {
			return fmt.Errorf("Location %q, want %s/%s", loc, collectionPath, id)
		}

		return nil
	}
}

// isPage checks the list envelope: data is an array (never null) and meta has a
// page_size and a next_cursor that is a string or null.
func isPage(r *Result) error {
	body, _ := r.JSON.(map[string]any)
	if _, ok := body["data"].([]any); !ok {
		return errors.New("list without a data array")
	}

	meta, ok := body["meta"].(map[string]any)
	if !ok {
		return errors.New("list without meta")
	}

	if _, ok := meta["page_size"].(json.Number); !ok {
		return errors.New("meta without page_size")
	}

	next, ok := meta["next_cursor"]
	if _, isString := next.(string); !ok || (next != nil && !isString) {
		return fmt.Errorf("meta.next_cursor %v, want a string or null", next)
	}

	return nil
}

// timestampsUTC checks every created_at and updated_at in the body: RFC 3339, UTC.
func timestampsUTC(r *Result) error {
	var bad []string
	walk(r.JSON, func(key string, v any) {
		if key != "created_at" && key != "updated_at" {
			return
		}

		s, _ := v.(string)
		if _, err := time.Parse(time.RFC3339, s); err != nil || !strings.HasSuffix(s, "Z") {
			bad = append(bad, fmt.Sprintf("%s=%v", key, v))
		}
	})

	if len(bad) > 0 {
		return fmt.Errorf("timestamps not RFC 3339 UTC: %v", bad)
	}

	return nil
}

func walk(v any, fn func(key string, v any)) {
	switch node := v.(type) {
	case map[string]any:
		for k, child := range node {
			fn(k, child)
			walk(child, fn)
		}
	case []any:
		for _, child := range node {
			walk(child, fn)
		}
	}
}

// Str checks a string at a JSON path.
func Str(path, want string) Check {
	return func(r *Result) error {
		v, ok := lookup(r.JSON, path)
		if s, isString := v.(string); !ok || !isString || s != r.expand(want) {
			return fmt.Errorf("%s = %#v, want %q", path, v, r.expand(want))
		}

		return nil
	}
}

// Num checks a number at a JSON path by its literal text, so 4.50 differs from 4.5.
func Num(path, want string) Check {
	return func(r *Result) error {
		v, ok := lookup(r.JSON, path)
		if n, isNum := v.(json.Number); !ok || !isNum || n.String() != r.expand(want) {
			return fmt.Errorf("%s = %#v, want the number %s", path, v, r.expand(want))
		}

		return nil
	}
}

// Bool checks a boolean at a JSON path.
func Bool(path string, want bool) Check {
	return func(r *Result) error {
		v, ok := lookup(r.JSON, path)
		if b, isBool := v.(bool); !ok || !isBool || b != want {
			return fmt.Errorf("%s = %#v, want %v", path, v, want)
		}

		return nil
	}
}

// Null checks that a path is present and null.
func Null(path string) Check {
	return func(r *Result) error {
		v, ok := lookup(r.JSON, path)
		if !ok || v != nil {
			return fmt.Errorf("%s = %#v, want null", path, v)
		}

		return nil
	}
}

// NotNull checks that a path is present and not null.
func NotNull(path string) Check {
	return func(r *Result) error {
		if v, ok := lookup(r.JSON, path); !ok || v == nil {
			return fmt.Errorf("%s is missing or null", path)
		}

		return nil
	}
}

// Missing checks that a path is absent.
func Missing(path string) Check {
	return func(r *Result) error {
		if v, ok := lookup(r.JSON, path); ok {
			return fmt.Errorf("%s = %#v, want it left out", path, v)
		}

		return nil
	}
}

// JSONEq checks the value at a path against raw JSON, ignoring formatting and key order.
func JSONEq(path, raw string) Check {
	return func(r *Result) error {
		v, ok := lookup(r.JSON, path)
		if !ok {
			return fmt.Errorf("%s is missing", path)
		}

		got, _ := json.Marshal(v)
		want, _ := json.Marshal(decodeJSON([]byte(r.expand(raw))))
		if !bytes.Equal(got, want) {
			return fmt.Errorf("%s = %s, want %s", path, got, want)
		}

		return nil
	}
}

// Len checks the length of an array at a path.
func Len(path string, n int) Check {
	return func(r *Result) error {
		v, _ := lookup(r.JSON, path)
		if a, ok := v.([]any); !ok || len(a) != n {
			return fmt.Errorf("%s has %v, want %d entries", path, v, n)
		}

		return nil
	}
}

// IDs checks the ids of the items in data, in order; refs are saved names or numbers.
func IDs(refs ...string) Check {
	return func(r *Result) error {
		want := make([]string, len(refs))
		for i, ref := range refs {
			want[i] = r.expand(ref)
		}

		items, _ := lookup(r.JSON, "data")
		list, _ := items.([]any)

		got := make([]string, 0, len(list))
		for _, item := range list {
			id, _ := lookup(item, "id")
			got = append(got, fmt.Sprint(id))
		}

		if !slices.Equal(got, want) {
			return fmt.Errorf("data ids %v, want %v", got, want)
		}

		return nil
	}
}

// Fields checks that the problem's errors name every one of fields.
func Fields(fields ...string) Check {
	return func(r *Result) error {
		var got []string
		errs, _ := lookup(r.JSON, "errors")
		list, _ := errs.([]any)
		for _, e := range list {
			f, _ := lookup(e, "field")
			got = append(got, fmt.Sprint(f))
		}

		for _, f := range fields {
			if !slices.Contains(got, f) {
				return fmt.Errorf("errors name %v, want %s among them", got, f)
			}
		}

		return nil
	}
}

// Detail checks that the problem's detail mentions each part, ignoring case.
func Detail(parts ...string) Check {
	return func(r *Result) error {
		d, _ := lookup(r.JSON, "detail")
		s, _ := d.(string)
		for _, p := range parts {
			if !strings.Contains(strings.ToLower(s), strings.ToLower(r.expand(p))) {
				return fmt.Errorf("detail %q does not mention %q", s, p)
			}
		}

		return nil
	}
}

// Raw checks that the body contains text as written, for exact number formats.
func Raw(text string) Check {
	return func(r *Result) error {
		if !bytes.Contains(r.Body, []byte(r.expand(text))) {
			return fmt.Errorf("body does not contain %s", r.expand(text))
		}

		return nil
	}
}

// Header checks a response header exactly.
func Header(name, want string) Check {
	return func(r *Result) error {
		if got := r.Header.Get(name); got != r.expand(want) {
			return fmt.Errorf("header %s = %q, want %q", name, got, r.expand(want))
		}

		return nil
	}
}

// HeaderHas checks that a comma-separated header lists each of parts.
func HeaderHas(name string, parts ...string) Check {
	return func(r *Result) error {
		var got []string
		for _, p := range strings.Split(r.Header.Get(name), ",") {
			got = append(got, strings.TrimSpace(p))
		}

		for _, p := range parts {
			if !slices.Contains(got, p) {
				return fmt.Errorf("header %s = %q, want %s in it", name, r.Header.Get(name), p)
			}
		}

		return nil
	}
}

// SameAs checks that a path equals a value saved earlier, such as a vendor's
// total_products against a list's meta.total.
func SameAs(path, saved string) Check {
	return func(r *Result) error {
		got, err := r.value(path)
		if err != nil {
			return err
		}

		want, ok := r.vars[saved]
		if !ok {
			return fmt.Errorf("no saved value %s", saved)
		}

		if got != want {
			return fmt.Errorf("%s = %s, want %s (saved %s)", path, got, want, saved)
		}

		return nil
	}
}
