package httpapi

// Benchmarks of the per-request work of the hot paths, without a database: decoding a
// create body, encoding a product and a page, parsing list parameters, and a whole GET
// through the router with its middleware. Run with allocations, so that a regression
// shows in allocs/op as well as in ns/op:
//
//	go test -run '^$' -bench . -benchmem ./delivery/httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

const benchCreateBody = `{"name":"Zapatillas Urbanas de Cuero Negro","description":"Zapatillas ` +
	`Urbanas de Cuero Negro. Plantilla acolchada para caminar todo el día.","price":"189.90",` +
	`"stock":12,"status":"active","category_id":13,"vendor_id":7,"images":["https://cdn.` +
	`example.com/gamarriando/products/1/1.jpg","https://cdn.example.com/gamarriando/products/` +
	`1/2.jpg"],"tags":["calzado","zapatillas","cuero","negro"]}`

func benchProduct(id int64) domain.Product {
	at := time.Date(2026, time.June, 1, 12, 30, 0, 0, time.UTC)

	return domain.Product{ID: id, Name: "Zapatillas Urbanas de Cuero Negro",
		Slug:        domain.Slug(fmt.Sprintf("zapatillas-urbanas-de-cuero-negro-%d", id)),
		Description: "Zapatillas Urbanas de Cuero Negro. Plantilla acolchada para caminar.",
		Price:       domain.MustMoney("189.90"), Stock: 12, Status: domain.ProductActive,
		CategoryID: 13, VendorID: 7, Version: 1, CreatedAt: at, UpdatedAt: at,
		Images: []string{"https://cdn.example.com/gamarriando/products/1/1.jpg"},
		Tags:   []string{"calzado", "zapatillas", "cuero", "negro"}}
}

func benchPage() usecase.Page[domain.Product] {
	const next = "eyJzIjoiLWNyZWF0ZWRfYXQiLCJ2IjoiMjAyNi0wNi0wMVQxMjozMDowMFoifQ"
	p := usecase.Page[domain.Product]{Page: 1, PageSize: 20, Total: 16_000, TotalPages: 800,
		HasTotal: true, NextCursor: next}
	for i := range 20 {
		p.Items = append(p.Items, benchProduct(int64(1000+i)))
	}

	return p
}

func BenchmarkDecodeProductRequest(b *testing.B) {
	body := []byte(benchCreateBody)
	b.SetBytes(int64(len(body)))

	for b.Loop() {
		var req ProductRequest
		if err := decodeJSON(body, &req, readOnlyFields); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeProduct(b *testing.B) {
	p := benchProduct(1)

	for b.Loop() {
		if _, err := json.Marshal(productResponse(p)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeProductPage(b *testing.B) {
	page := benchPage()

	for b.Loop() {
		if _, err := json.Marshal(pageFrom(page, productResponse)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProductListParams(b *testing.B) {
	const raw = "category_id=13&status=active&page=2&page_size=20&sort=-price&tag=cuero" +
		"&tag=negro&q=zapatillas&min_price=10&max_price=500"

	for b.Loop() {
		if _, err := productListParams(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// benchProducts answers from memory, so the router benchmarks measure only the HTTP
// side: Gin, the middleware chain, parameters, ETags and encoding.
type benchProducts struct{ ProductService }

func (benchProducts) Get(_ context.Context, id int64) (domain.Product, error) {
	return benchProduct(id), nil
}

func (benchProducts) List(context.Context,
	usecase.ProductListParams) (usecase.Page[domain.Product], error) {
	return benchPage(), nil
}

type benchCategories struct{ CategoryService }

type benchVendors struct{ VendorService }

func benchRouter() http.Handler {
	return NewRouter(Config{Products: benchProducts{}, Categories: benchCategories{},
		Vendors: benchVendors{}, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
}

func benchServe(b *testing.B, h http.Handler, path string) {
	b.Helper()

	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
	}
}

func BenchmarkRouterGetProduct(b *testing.B) {
	benchServe(b, benchRouter(), "/api/v1/products/12345")
}

func BenchmarkRouterListProducts(b *testing.B) {
	benchServe(b, benchRouter(), "/api/v1/products?category_id=13&status=active")
}
