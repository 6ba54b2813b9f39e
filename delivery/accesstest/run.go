package accesstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Env is a transport and a view of the database.
type Env struct {
	// Do sends req as who: with a bearer token for who, or with the claims an API
	// Gateway authorizer would pass for it. Anonymous sends no credentials.
	Do func(req *http.Request, who Identity) *http.Response
	// Snapshot renders every stored row, versions and counters included, so a refused
	// request can be shown to have changed nothing.
	Snapshot func(t *testing.T) string
}

// Outcome is what a cell answered, in a form two transports can be compared by: the
// status and the shape of the body (its keys, a list item's keys, a problem's type).
type Outcome struct {
	Status int
	Schema string
}

// Run builds the fixture through env as an administrator and runs every cell of
// Expected as a subtest named op/caller/target. It returns each cell's outcome by that
// name, for parity checks between transports.
func Run(t *testing.T, env Env) map[string]Outcome {
	t.Helper()

	r := &runner{env: env, ids: map[Target]int64{}}
	r.setUp(t)

	out := map[string]Outcome{}
	for _, op := range Ops {
		for _, c := range Callers {
			for _, target := range Targets {
				name := fmt.Sprintf("%s/%s/%s", op, c, target)
				want := Expected[op][c][target]
				t.Run(name, func(t *testing.T) {
					out[name] = r.cell(t, op, r.identity(c), target, want)
				})
			}
		}
	}

	return out
}

// Response is a response as the checks read it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// JSON is the decoded body (numbers as json.Number); nil when it is not JSON.
	JSON any
}

// Object is the body as a JSON object, or nil.
func (r Response) Object() map[string]any {
	m, _ := r.JSON.(map[string]any)

	return m
}

type runner struct {
	env     Env
	ids     map[Target]int64
	vendorA int64
	vendorB int64
	seq     int
}

func (r *runner) identity(c Caller) Identity {
	switch c {
	case VendorA:
		return Identity{Caller: c, VendorID: r.vendorA}
	case VendorB:
		return Identity{Caller: c, VendorID: r.vendorB}
	}

	return Identity{Caller: c}
}

// setUp creates the fixture as an administrator.
func (r *runner) setUp(t *testing.T) {
	t.Helper()

	r.ids[ActiveCategory] = r.make(t, ActiveCategory)
	r.ids[HiddenCategory] = r.make(t, HiddenCategory)
	r.ids[ProfileA] = r.make(t, ProfileA)
	r.ids[ProfileB] = r.make(t, ProfileB)
	r.ids[HiddenVendor] = r.make(t, HiddenVendor)
	r.vendorA, r.vendorB = r.ids[ProfileA], r.ids[ProfileB]

	for _, target := range []Target{ProductOfA, DraftOfA, ProductOfB, DraftOfB} {
		r.ids[target] = r.make(t, target)
	}
}

// make creates a row like target as an administrator and returns its id.
func (r *runner) make(t *testing.T, target Target) int64 {
	t.Helper()

	res := r.Send(t, Identity{Caller: Admin}, http.MethodPost, "/api/v1/"+target.Resource(),
		r.bodyLike(target))
	if res.Status != http.StatusCreated {
		t.Fatalf("fixture %s: status %d: %s", target, res.Status, res.Body)
	}

	return idOf(t, res)
}

// bodyLike is a create body for a new row of target's kind, vendor and visibility.
func (r *runner) bodyLike(target Target) map[string]any {
	r.seq++
	name := fmt.Sprintf("Access %s %d", target, r.seq)

	switch target {
	case ActiveCategory, HiddenCategory:
		return map[string]any{"name": name, "is_active": target == ActiveCategory}
	case ProfileA, ProfileB, HiddenVendor:
		return map[string]any{"name": name, "is_active": target != HiddenVendor,
			"email": fmt.Sprintf("vendor%d@access.example.com", r.seq)}
	}

	vendor, status := r.vendorA, "active"
	if target == ProductOfB || target == DraftOfB {
		vendor = r.vendorB
	}

	if target == DraftOfA || target == DraftOfB {
		status = "draft"
	}

	return map[string]any{"name": name, "price": "19.90", "stock": 3, "status": status,
		"category_id": r.ids[ActiveCategory], "vendor_id": vendor}
}

// cell runs one cell and checks it.
func (r *runner) cell(t *testing.T, op Op, who Identity, target Target, want int) Outcome {
	id := r.ids[target]
	if op == Delete && want == http.StatusNoContent {
		id = r.make(t, target) // a fresh copy, so the fixture stays for later cells
	}

	refused := op != Get && op != List && want >= http.StatusBadRequest
	var before string
	if refused {
		before = r.env.Snapshot(t)
	}

	res := r.do(t, op, who, target, id)
	if op == List {
		r.checkList(t, res, who, target, id, want)
	} else if res.Status != want {
		t.Errorf("status %d, want %d: %s", res.Status, want, res.Body)
	}

	CheckResponse(t, res, who, target.Resource(), op == Get || op == List)
	if refused {
		if after := r.env.Snapshot(t); after != before {
			t.Errorf("a refused %s changed the database:\nbefore %s\nafter  %s", op,
				before, after)
		}
	}

	if res.Status == http.StatusCreated && target.Resource() == "products" {
		checkOwner(t, res, r.bodyLike(target)["vendor_id"])
	}

	return Outcome{Status: res.Status, Schema: Schema(res)}
}

// do sends the request of op on target (id).
func (r *runner) do(t *testing.T, op Op, who Identity, target Target, id int64) Response {
	t.Helper()

	item := fmt.Sprintf("/api/v1/%s/%d", target.Resource(), id)
	switch op {
	case Get:
		return r.Send(t, who, http.MethodGet, item, nil)
	case List:
		return r.Send(t, who, http.MethodGet, "/api/v1/"+target.Resource()+"?page_size=100",
			nil)
	case Patch:
		return r.Send(t, who, http.MethodPatch, item,
			map[string]any{"description": fmt.Sprintf("patched by %s", who.Caller)})
	case Put:
		return r.Send(t, who, http.MethodPut, item, r.replacement(t, item, who))
	case Create:
		return r.Send(t, who, http.MethodPost, "/api/v1/"+target.Resource(), r.bodyLike(target))
	}

	return r.Send(t, who, http.MethodDelete, item, nil)
}

// replacement is a full body for a PUT: the row as an administrator reads it, minus
// the read-only fields, with a new description.
func (r *runner) replacement(t *testing.T, item string, who Identity) map[string]any {
	t.Helper()

	res := r.Send(t, Identity{Caller: Admin}, http.MethodGet, item, nil)
	body := res.Object()
	if res.Status != http.StatusOK || body == nil {
		t.Fatalf("read %s for a PUT: %d %s", item, res.Status, res.Body)
	}

	for _, f := range []string{"id", "created_at", "updated_at", "total_products"} {
		delete(body, f)
	}

	body["description"] = fmt.Sprintf("replaced by %s", who.Caller)

	return body
}

func (r *runner) checkList(t *testing.T, res Response, who Identity, target Target,
	id int64, want int) {
	t.Helper()

	if res.Status != http.StatusOK {
		t.Fatalf("list: status %d: %s", res.Status, res.Body)
	}

	listed := slices.Contains(ListedIDs(t, res), id)
	if listed != (want == Listed) {
		t.Errorf("%s (id %d) listed=%v for %s, want %v", target, id, listed, who.Caller,
			want == Listed)
	}
}

// Send sends one request as who; body, when not nil, goes as JSON (a merge patch for
// PATCH).
func (r *runner) Send(t *testing.T, who Identity, method, path string, body any) Response {
	t.Helper()

	return Send(t, r.env, who, method, path, body)
}

// Send sends one request through env as who and reads the response.
func Send(t *testing.T, env Env, who Identity, method, path string, body any) Response {
	t.Helper()

	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("encode body: %v", err)
		}

		rd = bytes.NewReader(b)
	}

	req := httptest.NewRequest(method, path, rd)
	switch {
	case body != nil && method == http.MethodPatch:
		req.Header.Set("Content-Type", "application/merge-patch+json")
	case body != nil:
		req.Header.Set("Content-Type", "application/json")
	}

	resp := env.Do(req, who)
	if resp == nil {
		t.Fatalf("%s %s: no response", method, path)
	}

	defer func() { _ = resp.Body.Close() }()

	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}

	return Response{Status: resp.StatusCode, Header: resp.Header, Body: b, JSON: decode(b)}
}

func decode(b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()

	var v any
	if dec.Decode(&v) != nil {
		return nil
	}

	return v
}

// CheckResponse asserts what holds for every answer: problems are problem+json with
// their status, a 401 says how to authenticate, bodies carry public fields only, and a
// successful read is cached publicly only when an anonymous caller made it.
func CheckResponse(t *testing.T, res Response, who Identity, resource string, read bool) {
	t.Helper()

	if res.Status >= http.StatusBadRequest {
		checkProblem(t, res)

		return
	}

	if res.Status == http.StatusNoContent {
		return
	}

	checkFields(t, res, resource)
	if !read {
		return
	}

	cc := res.Header.Get("Cache-Control")
	if who.Caller == Anonymous && !strings.HasPrefix(cc, "public") {
		t.Errorf("an anonymous read has Cache-Control %q, want public", cc)
	}

	if who.Caller != Anonymous && !strings.HasPrefix(cc, "private") {
		t.Errorf("a read by %s has Cache-Control %q, want private: its answer depends "+
			"on the token", who.Caller, cc)
	}
}

func isPage(res Response) bool {
	_, ok := res.Object()["data"]

	return ok
}

func checkProblem(t *testing.T, res Response) {
	t.Helper()

	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct,
		"application/problem+json") {
		t.Errorf("error with Content-Type %q, want application/problem+json", ct)
	}

	p := res.Object()
	if p == nil {
		t.Fatalf("error body is not a JSON object: %s", res.Body)
	}

	if got, _ := p["status"].(json.Number); got.String() != strconv.Itoa(res.Status) {
		t.Errorf("problem status %v, response status %d", p["status"], res.Status)
	}

	if res.Status == http.StatusUnauthorized &&
		!strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("401 without WWW-Authenticate: Bearer (got %q)",
			res.Header.Get("WWW-Authenticate"))
	}
}

// checkFields holds a body to the public fields of resource: one resource, or every
// item of a page.
func checkFields(t *testing.T, res Response, resource string) {
	t.Helper()

	obj := res.Object()
	if obj == nil {
		t.Fatalf("body is not a JSON object: %s", res.Body)
	}

	items := []any{obj}
	if isPage(res) {
		CheckKeys(t, "page", obj, PageFields)
		meta, _ := obj["meta"].(map[string]any)
		CheckKeys(t, "meta", meta, MetaFields)
		items, _ = obj["data"].([]any)
	}

	for _, it := range items {
		m, _ := it.(map[string]any)
		CheckKeys(t, resource, m, PublicFields[resource])
	}
}

// CheckKeys fails when obj has a key outside allowed.
func CheckKeys(t *testing.T, what string, obj map[string]any, allowed []string) {
	t.Helper()

	for k := range obj {
		if !slices.Contains(allowed, k) {
			t.Errorf("%s has the non-public key %q", what, k)
		}
	}
}

func checkOwner(t *testing.T, res Response, want any) {
	t.Helper()

	got, _ := res.Object()["vendor_id"].(json.Number)
	if got.String() != fmt.Sprint(want) {
		t.Errorf("created product has vendor_id %v, want %v", got, want)
	}
}

// ListedIDs are the ids of a page's items.
func ListedIDs(t *testing.T, res Response) []int64 {
	t.Helper()

	items, _ := res.Object()["data"].([]any)
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		n, _ := m["id"].(json.Number)
		id, err := n.Int64()
		if err != nil {
			t.Fatalf("list item without an integer id: %v", it)
		}

		ids = append(ids, id)
	}

	return ids
}

func idOf(t *testing.T, res Response) int64 {
	t.Helper()

	n, _ := res.Object()["id"].(json.Number)
	id, err := n.Int64()
	if err != nil || id <= 0 {
		t.Fatalf("no id in %s", res.Body)
	}

	return id
}

// Schema describes a body's shape: "problem <type>", the sorted keys of an object,
// and for a page also the keys of meta and of its items.
func Schema(res Response) string {
	obj := res.Object()
	switch {
	case obj == nil:
		return fmt.Sprintf("%d non-json %d bytes", res.Status, len(res.Body))
	case res.Status >= http.StatusBadRequest:
		return fmt.Sprintf("%d problem %v %v", res.Status, obj["type"], keys(obj))
	case isPage(res):
		meta, _ := obj["meta"].(map[string]any)
		items, _ := obj["data"].([]any)
		itemKeys := ""
		if len(items) > 0 {
			m, _ := items[0].(map[string]any)
			itemKeys = keys(m)
		}

		return fmt.Sprintf("%d page %s meta %s items %s", res.Status, keys(obj), keys(meta),
			itemKeys)
	}

	return fmt.Sprintf("%d %s", res.Status, keys(obj))
}

func keys(m map[string]any) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}

	sort.Strings(out)

	return strings.Join(out, ",")
}
