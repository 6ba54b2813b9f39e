package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/gamarriando/product-service/repository/dbtest"
)

// leakPattern is ERR-1's: database, driver and runtime text that must never reach a
// client.
var leakPattern = regexp.MustCompile(`(?i)SQLSTATE|ERROR:|pgx|pgconn|gorm|pq:|` +
	`postgres(ql)?://|password|goroutine |\.go:\d+|panic|runtime\.|sslmode|user=|` +
	`database=|SELECT |INSERT |UPDATE |constraint|violates|syntax error|pg_`)

// fuzzServer is the real router over PostgreSQL (TEST_DATABASE_URL), with one
// category and one vendor (both id 1) for creates to refer to.
func fuzzServer(f *testing.F) (http.Handler, *gorm.DB) {
	db := dbtest.Postgres(f)
	h := newEngine(db)
	for path, body := range map[string]string{
		"/api/v1/categories": `{"name":"Fuzz","slug":"fuzz"}`,
		"/api/v1/vendors":    `{"name":"Fuzz","email":"fuzz@example.com"}`,
	} {
		if rec := send(h, "POST", path, body); rec.Code != 201 {
			f.Fatalf("setup %s: %d %s", path, rec.Code, rec.Body)
		}
	}

	return h, db
}

func send(h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/", strings.NewReader(body))
	req.URL, _ = url.Parse(target) // NewRequest panics on targets the fuzzer makes
	req.RequestURI = target
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	return rec
}

// checkAnswer holds for every answer: no 5xx, a JSON or problem+json body, and no
// leak, except text the client itself sent and got echoed (a field name, a path).
func checkAnswer(t *testing.T, rec *httptest.ResponseRecorder, sent ...string) {
	t.Helper()

	if rec.Code >= 500 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}

	ct := rec.Header().Get("Content-Type")
	if !strings.HasPrefix(ct, "application/json") &&
		!strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("content type %q for %d", ct, rec.Code)
	}

	if !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("body is not JSON: %q", rec.Body)
	}

	for _, m := range leakPattern.FindAllString(rec.Body.String(), -1) {
		if !echoed(m, sent) {
			t.Fatalf("answer leaks %q: %s", m, rec.Body)
		}
	}
}

func echoed(match string, sent []string) bool {
	for _, s := range sent {
		for _, form := range []string{s, url.PathEscape(s), url.QueryEscape(s)} {
			if strings.Contains(strings.ToLower(form), strings.ToLower(match)) {
				return true
			}
		}
	}

	return false
}

// FuzzCreateProduct posts any body to POST /products through the router and the
// database: never a 5xx or a leak, and a row exists exactly when the answer is 201.
func FuzzCreateProduct(f *testing.F) {
	for _, s := range []string{
		`{"name":"Chair","price":"12.50","category_id":1,"vendor_id":1}`,
		`{"name":"Chair","slug":"chair","price":12.5,"stock":3,"category_id":1,"vendor_id":1}`,
		`{"name":"\u00e9","price":"0.01","category_id":1,"vendor_id":1,"tags":["A","a"]}`,
		`{"name":"x","price":"99999999.99","category_id":1,"vendor_id":2}`,
		`{"name":"x","price":"1","category_id":9223372036854775807,"vendor_id":1}`,
		`{"name":"x","price":"1","category_id":1,"vendor_id":1,"slug":"\u00eb"}`,
		`{"name":"x","price":"1","category_id":1,"vendor_id":1,"status":"gone"}`,
		`{"name":"x","price":"1","category_id":1,"vendor_id":1,"images":["javascript:1"]}`,
		`{"name":"x","price":"1","category_id":1,"vendor_id":1,"stock":-1}`,
		"{\"name\":\"\xeb\"}", `{"name":"a","name":"b"}`, `{"VENDOR_ID":1}`, `[]`, ``,
	} {
		f.Add([]byte(s))
	}

	h, db := fuzzServer(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var before int64
		db.Table("products").Count(&before)

		rec := send(h, "POST", "/api/v1/products", string(body))
		checkAnswer(t, rec, string(body))

		var after int64
		db.Table("products").Count(&after)
		if rec.Code == 201 {
			var created struct{ ID int64 }
			_ = json.Unmarshal(rec.Body.Bytes(), &created)

			var n int64
			db.Table("products").Where("id = ?", created.ID).Count(&n)
			if n != 1 || after != before+1 {
				t.Fatalf("201 but row %d count %d (table %d -> %d)", created.ID, n, before,
					after)
			}

			return
		}

		if after != before {
			t.Fatalf("status %d but the table went %d -> %d", rec.Code, before, after)
		}
	})
}

// FuzzListProducts puts any slug, page size and sort into a get by path and a list:
// never a 5xx, a leak or a body that is not JSON. (slug="\xeb" is the input that turns
// a naive handler into a 500 from SQLSTATE 22021.)
func FuzzListProducts(f *testing.F) {
	for _, s := range [][3]string{{"chair", "20", "-created_at"}, {"\xeb", "1", "price"},
		{"1", "0", "name; DROP TABLE products"}, {"%", "101", "-"}, {"9223372036854775808",
			"1e9", "stock,id"}, {"\x00", "-1", "NAME"}, {"a/b", "abc", "created_at desc"},
		{"' OR 1=1 --", "100", "--price"}} {
		f.Add(s[0], s[1], s[2])
	}

	h, _ := fuzzServer(f)
	f.Fuzz(func(t *testing.T, slug, pageSize, sort string) {
		byPath := send(h, "GET", "/api/v1/products/"+url.PathEscape(slug), "")
		checkAnswer(t, byPath, slug)

		q := url.Values{"page_size": {pageSize}, "sort": {sort}, "q": {slug}}
		list := send(h, "GET", "/api/v1/products?"+q.Encode(), "")
		checkAnswer(t, list, slug, pageSize, sort)

		if list.Code == 200 && !bytes.Contains(list.Body.Bytes(), []byte(`"data"`)) {
			t.Fatalf("a 200 list without data: %s", list.Body)
		}
	})
}
