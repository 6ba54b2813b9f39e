//go:build reliability

package reliability

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// INP-2: JSON edge cases through the router. Every row gets its status, nothing is a
// 5xx, and no row is written (the body of each is otherwise a valid create).
func TestINP2JSONEdgeCases(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 10*time.Second)
	f := newFixture(t, c, 1)
	valid := validBody(t, f)
	before := columnInt(t, s.DB, "SELECT count(*) FROM products")

	long := strings.Repeat("ñ", 256)
	deep := `{"name":"x","tags":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`
	big := `{"name":"` + strings.Repeat("a", 1<<20) + `"}`
	tests := []struct {
		name string
		body string
		want []int
	}{
		{"duplicate key", splice(valid, `"price":"1.00","price":"2.00"`), []int{400}},
		{"case-variant key", splice(valid, `"VENDOR_ID":1`), []int{400}},
		{"case-variant of a known key alone", strings.Replace(valid, `"name"`, `"Name"`, 1),
			[]int{400}},
		{"trailing data", valid + ` x`, []int{400}},
		{"two objects", valid + valid, []int{400}},
		{"unknown field", splice(valid, `"prise":"1.00"`), []int{422}},
		{"invalid UTF-8", strings.Replace(valid, `Product`, "Prod\xffuct", 1), []int{400}},
		{"NUL escape", strings.Replace(valid, `Product`, `Prod\u0000uct`, 1), []int{400}},
		{"lone surrogate", strings.Replace(valid, `Product`, `Prod\ud800uct`, 1),
			[]int{400}},
		{"NaN", splice(valid, `"stock":NaN`), []int{400}},
		{"Infinity", splice(valid, `"stock":Infinity`), []int{400}},
		{"1e400", splice(valid, `"stock":1e400`), []int{400}},
		{"stock beyond int32", splice(valid, `"stock":2147483648`), []int{400}},
		{"price with 3 decimals", splice(valid, `"price":"1.234"`), []int{400, 422}},
		{"price 10^8", splice(valid, `"price":"100000000.00"`), []int{400, 422}},
		{"price 10^8 as a number", splice(valid, `"price":100000000`), []int{400, 422}},
		{"name of 256 runes", splice(valid, `"name":"`+long+`"`), []int{400, 422}},
		{"nesting 40 deep", deep, []int{400}},
		{"empty body", "", []int{400}},
		{"whitespace body", " \n\t ", []int{400}},
		{"not an object", `["a"]`, []int{400}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do("POST", "/api/v1/products", tt.body)
			if !slices.Contains(tt.want, r.Status) {
				t.Errorf("%s, want %v", r, tt.want)
			}

			if tt.name == "unknown field" && !strings.Contains(string(r.Body), "prise") {
				t.Errorf("the 422 does not name the field: %s", r.Body)
			}
		})
	}

	if r := c.do("POST", "/api/v1/products", big); r.Status != 413 {
		t.Errorf("body over 1 MiB: %s, want 413", r)
	}

	if r := c.do("POST", "/api/v1/products", valid, "Content-Type", "text/plain"); r.Status != 415 {
		t.Errorf("text/plain body: %s, want 415", r)
	}

	invalidJSONCorpus(t, c)

	if after := columnInt(t, s.DB, "SELECT count(*) FROM products"); after != before {
		t.Errorf("rejected bodies wrote %d rows", after-before)
	}
}

func validBody(t *testing.T, f fixture) string {
	data, err := json.Marshal(f.productBody("inp-valid", f.vendors[0]))
	if err != nil {
		t.Fatal(err)
	}

	return string(data)
}

// splice puts member into a JSON object, replacing the member of the same key if any.
func splice(obj, member string) string {
	return strings.Replace(obj, "{", "{"+member+",", 1)
}

// invalidJSON are hand-written malformed documents of every kind the grammar forbids
// (the families JSONTestSuite's n_ cases cover; written here, not copied).
var invalidJSON = []string{
	`{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`, `{"a":1,,"b":2}`, `{'a':1}`,
	`{a:1}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":+1}`, `{"a":0x10}`,
	`{"a":"\x41"}`, "{\"a\":\"tab\there\"}", "{\"a\":\"line\nbreak\"}", `{"a":tru}`,
	`{"a":nul}`, `{"a":False}`, `{"a" 1}`, `{"a":1 "b":2}`, `{"a":[1 2]}`,
	`{"a":"\uZZZZ"}`, `{"a":"\u12"}`, `/* c */{}`, `{"a":1}//`, `{"a":-Infinity}`,
	`{"a":1e}`, `{"a":1e+}`, "\xef\xbb\xbf{}", `"string"`, `123`, `null`, `[]`,
	`{"a":"b"}}`, `{"a":["b"}`, `{"a":{"b":1}`, `{"a":"b\"}`, `{"a":1}x`, `{"\u0000":1}`,
	`{"a":"\ud800\u0041"}`, `{"a":"\udc00"}`, "{\"a\":\"\x00\"}", `{"a":[1,]}`,
	`{"a":[,1]}`, `{"a":1}{"b":2}`, `{"a":--1}`, `{"a":1.5e308e}`, `{"":}`, `{:1}`,
}

// invalidJSONCorpus sends the hand-written cases and 1000 random corruptions of a
// valid body (each checked invalid first); every one must be a 400.
func invalidJSONCorpus(t *testing.T, c *client) {
	docs := append([]string(nil), invalidJSON...)
	rng := rand.New(rand.NewPCG(2026, 5))
	base := `{"name":"Chair","price":"12.50","stock":3,"tags":["a","b"],` +
		`"category_id":1,"vendor_id":1,"description":"x"}`
	for len(docs) < len(invalidJSON)+1000 {
		d := corrupt(rng, base)
		if !json.Valid([]byte(d)) {
			docs = append(docs, d)
		}
	}

	bad := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, d := range docs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()

			if r := c.do("POST", "/api/v1/products", d); r.Status != 400 {
				mu.Lock()
				bad[r.Status]++
				mu.Unlock()
				t.Errorf("invalid JSON %q: %s, want 400", d, r)
			}
		}()
	}
	wg.Wait()

	t.Logf("INP-2: %d malformed documents, non-400 answers %v", len(docs), bad)
}

// corrupt breaks a JSON document at random: truncation, a deleted or inserted
// structural byte, or a swapped pair.
func corrupt(rng *rand.Rand, doc string) string {
	b := []byte(doc)
	i := rng.IntN(len(b))
	junk := []byte(`{}[]:,"\ tnx0-.e+`)
	switch rng.IntN(4) {
	case 0:
		return string(b[:i])
	case 1:
		return string(b[:i]) + string(b[i+1:])
	case 2:
		return string(b[:i]) + string(junk[rng.IntN(len(junk))]) + string(b[i:])
	default:
		j := rng.IntN(len(b))
		b[i], b[j] = b[j], b[i]

		return string(b)
	}
}

// INP-3: list parameters and resource limits.
func TestINP3ListLimits(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 10*time.Second)
	f := newFixture(t, c, 1)
	seedProducts(t, c, f, 3)

	tags := strings.Repeat("tag=a&", 11)
	tests := []struct {
		query string
		want  int
	}{
		{"page_size=0", 400}, {"page_size=-1", 400}, {"page_size=101", 400},
		{"page_size=1e9", 400}, {"page_size=abc", 400}, {"page_size=100", 200},
		{"page=102&page_size=100", 400}, {"page=101&page_size=100", 200}, {"offset=10001", 400},
		{"sort=" + url.QueryEscape("name; DROP TABLE products"), 400}, {"sort=-price", 200},
		{"q=" + strings.Repeat("a", 101), 400}, {"q=" + strings.Repeat("a", 100), 200},
		{tags[:len(tags)-1], 400}, {strings.Repeat("tag=a&", 10) + "q=x", 200},
	}
	for _, tt := range tests {
		r := c.do("GET", "/api/v1/products?"+tt.query, nil)
		if r.Status != tt.want {
			t.Errorf("?%.60s: %s, want %d", tt.query, r, tt.want)
		}
	}

	meta, _ := c.must(200, "GET", "/api/v1/products", nil).JSON()["meta"].(map[string]any)
	if meta["page_size"] != float64(20) {
		t.Errorf("default page_size %v, want 20", meta["page_size"])
	}
}

// INP-3: a search over 100k products, the like-wildcards taken literally, within
// the statement timeout (or a 503), never a 500.
func TestINP3SearchOver100kRows(t *testing.T) {
	s := newService(t, map[string]string{"REQUEST_TIMEOUT": "5s"})
	c := newClient(t, s.URL, 10*time.Second)
	f := newFixture(t, c, 1)

	start := time.Now()
	superExec(t, s.DB, fmt.Sprintf(`INSERT INTO products (name, slug, description, price,
		stock, status, category_id, vendor_id, search_text)
		SELECT 'Item ' || g, 'item-' || g, 'Description of item ' || g, 1.00, 1, 'active',
			%d, %d, 'item ' || g || ' description of item ' || g
		FROM generate_series(1, 100000) g`, f.category, f.vendors[0]),
		fmt.Sprintf("UPDATE vendors SET total_products = 100000 WHERE id = %d", f.vendors[0]),
		"ANALYZE products")
	t.Logf("INP-3: 100k rows inserted in %s", time.Since(start))

	for _, q := range []string{"xyzzy", "item 9999", "tem 5", "%", "_", `\`, "%item%",
		"e", "descr"} {
		r := c.do("GET", "/api/v1/products?q="+url.QueryEscape(q), nil)
		total, _ := r.JSON()["meta"].(map[string]any)["total"].(float64)
		t.Logf("q=%q: %d in %s, total %v", q, r.Status, r.Took.Round(time.Millisecond), total)

		if r.Status != 200 && r.Status != 503 && r.Status != 400 {
			t.Errorf("q=%q: %s", q, r)
		}

		if r.Status == 200 && r.Took > roleStatementTimeout {
			t.Errorf("q=%q took %s, longer than the statement timeout", q, r.Took)
		}

		if (q == "%" || q == "_" || q == `\`) && r.Status == 200 && total != 0 {
			t.Errorf("q=%q matched %v rows: like wildcards must be literal", q, total)
		}
	}
}

// INP-3: 200 slowloris connections sending a header byte per second are all closed by
// ReadHeaderTimeout (5 s, within 10 s); memory and goroutines come back.
func TestINP3Slowloris(t *testing.T) {
	s := newService(t)
	addr := strings.TrimPrefix(s.URL, "http://")
	baseG := numGoroutine()
	baseRSS := rssKiB()

	const conns = 200
	closedAfter := make([]time.Duration, conns)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			closedAfter[i] = slowloris(addr, 15*time.Second)
		}()
	}

	time.Sleep(2 * time.Second)
	peakG, peakRSS := numGoroutine(), rssKiB()
	wg.Wait()
	time.Sleep(500 * time.Millisecond)
	endG, endRSS := numGoroutine(), rssKiB()

	sorted := append([]time.Duration(nil), closedAfter...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	t.Logf("INP-3 slowloris: %d connections closed after %s .. %s; goroutines %d -> %d "+
		"-> %d; RSS %d -> %d -> %d KiB", conns, sorted[0], sorted[conns-1], baseG, peakG,
		endG, baseRSS, peakRSS, endRSS)

	if sorted[conns-1] > 10*time.Second || sorted[0] < 0 {
		t.Errorf("slowest connection closed after %s, want within 10 s", sorted[conns-1])
	}

	if (peakRSS-baseRSS) > 50*1024 || (endRSS-baseRSS) > 50*1024 {
		t.Errorf("RSS grew by %d KiB, want < 50 MiB", max(peakRSS, endRSS)-baseRSS)
	}

	if endG > baseG+5 {
		t.Errorf("goroutines %d after the connections closed, baseline %d", endG, baseG)
	}
}

// slowloris sends a request line, then one header byte per second until the server
// closes the connection; it returns how long the server let it live (-1: never
// closed within limit).
func slowloris(addr string, limit time.Duration) time.Duration {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return -1
	}
	defer conn.Close()

	start := time.Now()
	closed := make(chan struct{})
	go func() {
		buf := make([]byte, 512)
		for {
			if _, err := conn.Read(buf); err != nil {
				close(closed)

				return
			}
		}
	}()

	_, _ = conn.Write([]byte("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "))
	tick := time.NewTicker(time.Second)
	defer tick.Stop()

	for time.Since(start) < limit {
		select {
		case <-closed:
			return time.Since(start)
		case <-tick.C:
			_, _ = conn.Write([]byte("a"))
		}
	}

	return -1
}

// INP-3: request headers over 1 MiB get a 431.
func TestINP3HugeHeaders(t *testing.T) {
	s := newService(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	go func() {
		fmt.Fprintf(conn, "GET /health HTTP/1.1\r\nHost: x\r\n")
		for range 1100 {
			fmt.Fprintf(conn, "X-Big-%d: %s\r\n", rand.IntN(1e9), strings.Repeat("b", 1000))
		}
		fmt.Fprintf(conn, "\r\n")
	}()

	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.Contains(status, "431") {
		t.Errorf("1.1 MiB of headers: %q %v, want 431", status, err)
	}
}

// INP-4: every line of the corpus into every string parameter and JSON string.
// Nothing is a 5xx or leaks database text (the client's ERR-1 check plus the words
// below), no payload is slower than the baseline by more than 1 s, and the catalog
// and the database's relations are unchanged but for the creates that succeeded.
func TestINP4InjectionCorpus(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 10*time.Second)
	f := newFixture(t, c, 1)
	seedProducts(t, c, f, 3)
	corpus := loadCorpus(t)
	words := []string{"SQLSTATE", "ERROR:", "syntax error", "pgx", "gorm", "pg_"}

	counts := func() string {
		return fmt.Sprint(columnInt(t, s.DB, "SELECT count(*) FROM categories"),
			columnInt(t, s.DB, "SELECT count(*) FROM vendors"),
			columnInt(t, s.DB, "SELECT count(*) FROM pg_class"))
	}
	productsBefore := columnInt(t, s.DB, "SELECT count(*) FROM products")
	before := counts()
	baseline := c.do("GET", "/api/v1/products?q=chair", nil).Took

	var mu sync.Mutex
	statuses := map[string]map[int]int{}
	created := 0
	var slowest time.Duration
	send := func(where, method, path string, body any, payload string) {
		r := c.do(method, path, body)

		mu.Lock()
		defer mu.Unlock()

		if statuses[where] == nil {
			statuses[where] = map[int]int{}
		}

		statuses[where][r.Status]++
		slowest = max(slowest, r.Took)
		if r.Status >= 500 || r.Err != nil {
			t.Errorf("%s %q: %s", where, payload, r)
		}

		for _, w := range words {
			if r.Status >= 400 && strings.Contains(string(r.Body), w) &&
				!strings.Contains(payload, w) {
				t.Errorf("%s %q: the answer contains %q: %s", where, payload, w, r.Body)
			}
		}

		if r.Took > baseline+time.Second {
			t.Errorf("%s %q took %s (baseline %s)", where, payload, r.Took, baseline)
		}

		if r.Status == 201 {
			created++
		}
	}

	params := []string{"q", "sort", "status", "category_id", "vendor_id", "tag", "cursor",
		"min_price", "page", "page_size", "in_stock"}
	for i, p := range corpus {
		esc := url.QueryEscape(p)
		for _, name := range params {
			send("?"+name, "GET", "/api/v1/products?"+name+"="+esc, nil, p)
		}

		send("{id}", "GET", "/api/v1/products/"+url.PathEscape(p), nil, p)
		send("categories ?q", "GET", "/api/v1/categories?q="+esc, nil, p)
		send("vendors ?q", "GET", "/api/v1/vendors?q="+esc, nil, p)
		send("PATCH {id}", "PATCH", "/api/v1/products/"+url.PathEscape(p),
			`{"description":"x"}`, p)

		body := f.productBody(fmt.Sprintf("inj-%d", i), f.vendors[0], "name", p,
			"description", p, "tags", []string{p})
		send("JSON name/description/tags", "POST", "/api/v1/products", body, p)
		send("JSON slug", "POST", "/api/v1/products",
			f.productBody(p, f.vendors[0]), p)
	}

	checkRoundTrip(t, s.DB, corpus)
	after := counts()
	products := columnInt(t, s.DB, "SELECT count(*) FROM products")
	t.Logf("INP-4: %d payloads; statuses %v; %d creates; slowest %s (baseline %s); "+
		"categories/vendors/pg_class %s -> %s", len(corpus), statuses, created, slowest,
		baseline, before, after)

	if after != before || products != productsBefore+int64(created) {
		t.Errorf("counts changed: %s -> %s; products %d -> %d with %d creates", before,
			after, productsBefore, products, created)
	}
}

// checkRoundTrip: every payload stored as a name comes back exactly as sent.
func checkRoundTrip(t *testing.T, db string, corpus []string) {
	rows, err := superDB(t, db).Query("SELECT slug, name FROM products WHERE slug LIKE 'inj-%'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()

	for rows.Next() {
		var slug, name string
		if err := rows.Scan(&slug, &name); err != nil {
			t.Fatal(err)
		}

		i, _ := strconv.Atoi(strings.TrimPrefix(slug, "inj-"))
		if want := asSent(corpus[i]); name != want {
			t.Errorf("payload %d stored as %q, sent %q", i, name, want)
		}
	}
}

// asSent is a payload as the server received it inside a JSON string (json.Marshal
// turns invalid UTF-8 into U+FFFD; raw invalid bytes are INP-2's case) and as a name is
// stored: trimmed.
func asSent(p string) string {
	data, _ := json.Marshal(p)

	var s string
	_ = json.Unmarshal(data, &s)

	return strings.TrimSpace(s)
}

// loadCorpus reads testdata/injection.txt, decoding \xNN escapes.
func loadCorpus(t *testing.T) []string {
	data, err := os.ReadFile("testdata/injection.txt")
	if err != nil {
		t.Fatal(err)
	}

	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}

		out = append(out, decodeEscapes(line))
	}

	return out
}

func decodeEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && s[i+1] == 'x' {
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3

				continue
			}
		}

		b.WriteByte(s[i])
	}

	return b.String()
}
