// Package conformance checks real HTTP exchanges against the service's OpenAPI 3
// document (docs/openapi.json), so the spec cannot drift from the code. Wrap the
// transport of a test suite (the shared contract table, through the router or through
// Lambda) with a Checker, and every request and response it sends is validated:
//
//   - a response must match its operation: a documented status (an undocumented one
//     fails), the documented media type, a body that fits the schema;
//   - a request the spec rejects must get a 4xx: the server is never laxer than the
//     spec;
//   - a request to no documented operation must get a 404 (unknown path) or a 405
//     (known path, other method), unless it is one of the undocumented utility paths
//     (the Swagger UI, the documents, /metrics).
//
// CheckCoverage then fails the test for every documented operation that no exchange
// reached.
package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/gamarriando/product-service/docs"
)

// utilityPrefixes are served by the router but are not operations of the API, so the
// spec leaves them out.
var utilityPrefixes = []string{"/swagger/", "/openapi.json", "/metrics"}

// Checker validates exchanges against the document and remembers which operations and
// statuses they reached. It is safe for concurrent use.
type Checker struct {
	doc    *openapi3.T
	router routers.Router

	mu   sync.Mutex
	seen map[string]map[int]bool // operation id -> statuses seen
}

// New loads the committed OpenAPI 3 document; it fails tb when the document is not
// valid.
func New(tb testing.TB) *Checker {
	tb.Helper()

	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(docs.OpenAPI)
	if err != nil {
		tb.Fatalf("load docs/openapi.json: %v", err)
	}

	if err := doc.Validate(context.Background()); err != nil {
		tb.Fatalf("docs/openapi.json is not valid OpenAPI 3: %v", err)
	}

	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		tb.Fatalf("route docs/openapi.json: %v", err)
	}

	return &Checker{doc: doc, router: router, seen: map[string]map[int]bool{}}
}

// Transport wraps do: each request goes through do unchanged, and the exchange is
// checked; a mismatch fails t with the request and the reasons.
func (c *Checker) Transport(t *testing.T,
	do func(*http.Request) *http.Response) func(*http.Request) *http.Response {
	t.Helper()

	return func(req *http.Request) *http.Response {
		resp, problems := c.exchange(req, do)
		for _, p := range problems {
			t.Errorf("spec mismatch: %s %s -> %d: %s", req.Method, req.URL.RequestURI(),
				statusOf(resp), p)
		}

		return resp
	}
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}

	return resp.StatusCode
}

// exchange sends req through do and returns the response, untouched but for a body
// that can be read again, with what it found wrong.
func (c *Checker) exchange(req *http.Request,
	do func(*http.Request) *http.Response) (*http.Response, []string) {
	reqBody, err := readAll(&req.Body)
	if err != nil {
		return do(req), []string{"read request body: " + err.Error()}
	}

	route, params, routeErr := c.router.FindRoute(req)
	var input *openapi3filter.RequestValidationInput
	var reqErr error
	if routeErr == nil {
		input, reqErr = c.validateRequest(req, reqBody, route, params)
	}

	resp := do(req)
	if resp == nil {
		return nil, nil
	}

	respBody, err := readAll(&resp.Body)
	if err != nil {
		return resp, []string{"read response body: " + err.Error()}
	}

	if routeErr != nil {
		return resp, unrouted(req, resp, routeErr)
	}

	c.record(route.Operation.OperationID, resp.StatusCode)

	var problems []string
	if reqErr != nil && (resp.StatusCode < 400 || resp.StatusCode >= 500) {
		problems = append(problems, "the spec rejects this request, the server did not: "+
			oneLine(reqErr))
	}

	if err := validateResponse(input, resp, respBody); err != nil {
		problems = append(problems, "the response does not match the spec: "+oneLine(err))
	}

	return resp, problems
}

// validateRequest checks a copy of req, so nothing the validator does reaches the
// real request.
func (c *Checker) validateRequest(req *http.Request, body []byte, route *routers.Route,
	params map[string]string) (*openapi3filter.RequestValidationInput, error) {
	clone := req.Clone(req.Context())
	clone.Body = io.NopCloser(bytes.NewReader(body))

	input := &openapi3filter.RequestValidationInput{
		Request:    clone,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:          true,
			SkipSettingDefaults: true,
			// Who may call is the access matrix's to test; here only the shapes count.
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		},
	}

	return input, openapi3filter.ValidateRequest(req.Context(), input)
}

func validateResponse(input *openapi3filter.RequestValidationInput, resp *http.Response,
	body []byte) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Options: &openapi3filter.Options{
			MultiError:            true,
			IncludeResponseStatus: true, // an undocumented status is a failure
		},
	}
	out.SetBodyBytes(body)

	return openapi3filter.ValidateResponse(context.Background(), out)
}

// unrouted checks the answer to a request that matches no documented operation.
func unrouted(req *http.Request, resp *http.Response, routeErr error) []string {
	for _, prefix := range utilityPrefixes {
		if strings.HasPrefix(req.URL.Path, prefix) {
			return nil
		}
	}

	var want int
	switch {
	case errors.Is(routeErr, routers.ErrMethodNotAllowed):
		want = http.StatusMethodNotAllowed
	case errors.Is(routeErr, routers.ErrPathNotFound):
		want = http.StatusNotFound
	default:
		return []string{"route the request: " + routeErr.Error()}
	}

	var problems []string
	if resp.StatusCode != want {
		problems = append(problems, fmt.Sprintf("no documented operation matches (%v), "+
			"so the status must be %d", routeErr, want))
	}

	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		problems = append(problems, "an undocumented route answers with "+ct+
			", not application/problem+json")
	}

	return problems
}

func (c *Checker) record(operation string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if c.seen[operation] == nil {
		c.seen[operation] = map[int]bool{}
	}

	c.seen[operation][status] = true
}

// CheckCoverage fails t for the documented operations no exchange reached, and logs
// (with -v) the documented statuses none produced: some, such as 500 and 503, need a
// broken server. Call it when a suite that means to cover the whole API is done.
func (c *Checker) CheckCoverage(t *testing.T) {
	t.Helper()

	c.mu.Lock()
	defer c.mu.Unlock()

	var unreached, untested []string
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			seen := c.seen[op.OperationID]
			if len(seen) == 0 {
				unreached = append(unreached, fmt.Sprintf("%s %s (%s)", method, path,
					op.OperationID))

				continue
			}

			for code := range op.Responses.Map() {
				var status int
				if _, err := fmt.Sscan(code, &status); err == nil && !seen[status] {
					untested = append(untested, op.OperationID+" "+code)
				}
			}
		}
	}

	slices.Sort(unreached)
	slices.Sort(untested)
	for _, u := range unreached {
		t.Errorf("no exchange reached the documented operation %s", u)
	}

	if len(untested) > 0 && testing.Verbose() {
		t.Logf("documented statuses no exchange produced: %s", strings.Join(untested, ", "))
	}
}

// readAll reads a body and puts back a reader over the same bytes.
func readAll(body *io.ReadCloser) ([]byte, error) {
	if *body == nil || *body == http.NoBody {
		return nil, nil
	}

	b, err := io.ReadAll(*body)
	_ = (*body).Close()
	*body = io.NopCloser(bytes.NewReader(b))

	return b, err
}

// oneLine keeps a validator's multi-line error readable in one test log line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// Recorder is an in-process transport: the handler served into a recorder. It is
// what the router's own contract test uses.
func Recorder(h http.Handler) func(*http.Request) *http.Response {
	return func(req *http.Request) *http.Response {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		return rec.Result()
	}
}
