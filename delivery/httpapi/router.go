package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/delivery/metrics"
)

// DefaultCacheMaxAge is the max-age of public reads when Config leaves it zero.
const DefaultCacheMaxAge = 60 * time.Second

// Config is what the router needs. Every service is required.
type Config struct {
	Products   ProductService
	Categories CategoryService
	Vendors    VendorService
	// Logger receives the access log, recovered panics and unexpected errors; nil
	// means slog.Default().
	Logger *slog.Logger
	// Ready reports whether the dependencies can serve requests (a database ping). It
	// gets its own 500 ms deadline; nil means always ready. An error that is or wraps a
	// *NotReadyError names the dependency that failed; any other is the database's.
	Ready func(context.Context) error
	// CacheMaxAge is the Cache-Control max-age of public reads; zero means
	// DefaultCacheMaxAge.
	CacheMaxAge time.Duration
	// Authenticator identifies the caller of every request. Nil makes every request
	// anonymous (reads see only published rows, writes are 401): a router built
	// without thought is closed, not open.
	Authenticator Authenticator
	// Metrics receives the method, route pattern, status and duration of every
	// request; nil records nothing.
	Metrics metrics.Recorder
	// MetricsHandler, when set, serves GET /metrics (the Prometheus endpoint of the
	// local server; Lambda writes its metrics to the log instead).
	MetricsHandler http.Handler
}

// Operation is one operation of the contract: one Lambda function in the deployment,
// with every method and the path it serves. Path is written as in OpenAPI and API
// Gateway ({id}); update serves both PUT and PATCH.
type Operation struct {
	Name    string
	Methods []string
	Path    string
}

// Operations are the fifteen operations, in the contract's order. The router is built
// from this table, so a deployment test can compare it with the template.
var Operations = []Operation{
	{Name: "products_list", Methods: []string{"GET"}, Path: "/api/v1/products"},
	{Name: "products_create", Methods: []string{"POST"}, Path: "/api/v1/products"},
	{Name: "products_get", Methods: []string{"GET"}, Path: "/api/v1/products/{id}"},
	{Name: "products_update", Methods: []string{"PUT", "PATCH"}, Path: "/api/v1/products/{id}"},
	{Name: "products_delete", Methods: []string{"DELETE"}, Path: "/api/v1/products/{id}"},
	{Name: "categories_list", Methods: []string{"GET"}, Path: "/api/v1/categories"},
	{Name: "categories_create", Methods: []string{"POST"}, Path: "/api/v1/categories"},
	{Name: "categories_get", Methods: []string{"GET"}, Path: "/api/v1/categories/{id}"},
	{Name: "categories_update", Methods: []string{"PUT", "PATCH"},
		Path: "/api/v1/categories/{id}"},
	{Name: "categories_delete", Methods: []string{"DELETE"}, Path: "/api/v1/categories/{id}"},
	{Name: "vendors_list", Methods: []string{"GET"}, Path: "/api/v1/vendors"},
	{Name: "vendors_create", Methods: []string{"POST"}, Path: "/api/v1/vendors"},
	{Name: "vendors_get", Methods: []string{"GET"}, Path: "/api/v1/vendors/{id}"},
	{Name: "vendors_update", Methods: []string{"PUT", "PATCH"}, Path: "/api/v1/vendors/{id}"},
	{Name: "vendors_delete", Methods: []string{"DELETE"}, Path: "/api/v1/vendors/{id}"},
}

// GinPath is Path in Gin's syntax: /api/v1/products/:id.
func (o Operation) GinPath() string {
	return strings.ReplaceAll(o.Path, "{id}", ":id")
}

// route names one method of one operation.
type route struct {
	operation string
	method    string
}

// NewRouter builds the HTTP API: the fifteen operations, /health, /ready, the OpenAPI
// documents, the Swagger UI and (when configured) /metrics, behind request ids, one
// access-log line and metrics observation per request, and panic recovery.
// The same engine serves the local server and the Lambda adapter.
func NewRouter(cfg Config) *gin.Engine {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}

	maxAge := cfg.CacheMaxAge
	if maxAge <= 0 {
		maxAge = DefaultCacheMaxAge
	}

	e := gin.New()
	e.ContextWithFallback = true // request deadlines (Lambda's) reach the queries
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = false // one spelling per resource, problem+json otherwise
	_ = e.SetTrustedProxies(nil)    // no client IP is taken from forwarded headers

	authn := cfg.Authenticator
	if authn == nil {
		authn = anonymous{}
	}

	e.Use(requestIDMiddleware(logger), accessLogMiddleware(logger, cfg.Metrics),
		recoveryMiddleware(logger), noStoreMiddleware)
	e.NoRoute(notFound)
	e.NoMethod(methodNotAllowed)

	api := e.Group("", authMiddleware(authn))
	handlers := operationHandlers(cfg, cacheControl(maxAge))
	for _, op := range Operations {
		for _, m := range op.Methods {
			h, ok := handlers[route{op.Name, m}]
			if !ok {
				panic(fmt.Sprintf("httpapi: no handler for %s %s", m, op.Name))
			}

			api.Handle(m, op.GinPath(), h)
		}
	}

	e.GET("/health", health)
	e.GET("/ready", ready(cfg.Ready, logger))
	documentationRoutes(e)
	if cfg.MetricsHandler != nil {
		e.GET("/metrics", gin.WrapH(cfg.MetricsHandler))
	}

	return e
}

func operationHandlers(cfg Config, cache string) map[route]gin.HandlerFunc {
	p := newProductAPI(cfg.Products, cache)
	c := newCategoryAPI(cfg.Categories, cache)
	v := newVendorAPI(cfg.Vendors, cache)

	return map[route]gin.HandlerFunc{
		{"products_list", "GET"}:      p.listProducts,
		{"products_create", "POST"}:   p.createProduct,
		{"products_get", "GET"}:       p.getProduct,
		{"products_update", "PUT"}:    p.replaceProduct,
		{"products_update", "PATCH"}:  p.patchProduct,
		{"products_delete", "DELETE"}: p.deleteProduct,

		{"categories_list", "GET"}:      c.listCategories,
		{"categories_create", "POST"}:   c.createCategory,
		{"categories_get", "GET"}:       c.getCategory,
		{"categories_update", "PUT"}:    c.replaceCategory,
		{"categories_update", "PATCH"}:  c.patchCategory,
		{"categories_delete", "DELETE"}: c.deleteCategory,

		{"vendors_list", "GET"}:      v.listVendors,
		{"vendors_create", "POST"}:   v.createVendor,
		{"vendors_get", "GET"}:       v.getVendor,
		{"vendors_update", "PUT"}:    v.replaceVendor,
		{"vendors_update", "PATCH"}:  v.patchVendor,
		{"vendors_delete", "DELETE"}: v.deleteVendor,
	}
}

func notFound(c *gin.Context) {
	writeProblem(c, newProblem(kindNotFound, "no route matches "+c.Request.URL.EscapedPath(), nil))
}

// methodNotAllowed answers a known path with a wrong method; Gin has already set the
// Allow header from the registered routes.
func methodNotAllowed(c *gin.Context) {
	detail := fmt.Sprintf("%s is not allowed here; allowed: %s", c.Request.Method,
		c.Writer.Header().Get("Allow"))
	writeProblem(c, newProblem(kindMethod, detail, nil))
}
