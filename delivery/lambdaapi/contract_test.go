package lambdaapi_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/gamarriando/product-service/delivery/auth"
	"github.com/gamarriando/product-service/delivery/conformance"
	"github.com/gamarriando/product-service/delivery/contract"
	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi/lambdatest"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
)

// routes are the operations' paths as API Gateway resources, so the events name the
// route that matched, as a deployed API's do.
func routes() []string {
	var out []string
	for _, op := range httpapi.Operations {
		out = append(out, op.Path)
	}

	return out
}

// behindGateway tells whether the source is API Gateway, where the deployment trusts
// the authorizer's claims (auth.Gateway); a function URL or an ALB verifies tokens
// itself, which the contract replaces by the development administrator.
func behindGateway(src lambdaapi.Source) bool {
	return src == lambdaapi.RESTAPI || src == lambdaapi.HTTPAPI
}

// newRouterHandler serves the real router on a fresh PostgreSQL schema through the
// adapter, wired as cmd/lambda wires it.
func newRouterHandler(t *testing.T, src lambdaapi.Source, basePath string) *lambdaapi.Handler {
	t.Helper()

	// The shared contract acts as an administrator; access rules have their own matrix.
	var authn httpapi.Authenticator = auth.Development{}
	if behindGateway(src) {
		authn = auth.Gateway{}
	}

	svc := usecase.NewServices(gormstore.New(dbtest.Postgres(t)))
	router := httpapi.NewRouter(httpapi.Config{
		Products:      svc.Products,
		Categories:    svc.Categories,
		Vendors:       svc.Vendors,
		Logger:        slog.New(slog.DiscardHandler),
		Authenticator: authn,
	})

	h, err := lambdaapi.New(router, lambdaapi.Options{
		Source:   src,
		BasePath: basePath,
		RequestContext: func(ctx context.Context, inv lambdaapi.Invocation) context.Context {
			return auth.WithGatewayClaims(ctx, inv.Authorized, inv.Claims)
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	return h
}

// withAdmin gives API Gateway events an administrator's authorizer claims.
func withAdmin(src lambdaapi.Source, opts lambdatest.Options) lambdatest.Options {
	if behindGateway(src) {
		opts.Claims = lambdatest.AdminClaims()
	}

	return opts
}

// TestContractThroughLambda runs the one table of HTTP contract cases, the same one the
// router's own tests run, through the Lambda adapter for every event source, each on
// its own database.
func TestContractThroughLambda(t *testing.T) {
	tests := []struct {
		name     string
		src      lambdaapi.Source
		basePath string
		opts     lambdatest.Options
	}{
		{"rest-api", lambdaapi.RESTAPI, "", lambdatest.Options{Stage: "prod"}},
		{"rest-api-custom-domain", lambdaapi.RESTAPI, "/catalog",
			lambdatest.Options{BasePath: "/catalog"}},
		{"http-api-named-stage", lambdaapi.HTTPAPI, "", lambdatest.Options{Stage: "prod"}},
		{"function-url", lambdaapi.FunctionURL, "", lambdatest.Options{}},
		// Repeated query parameters (tag=a&tag=b) need multi-value headers on the
		// target group; the template turns them on.
		{"alb", lambdaapi.ALB, "", lambdatest.Options{MultiValue: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Routes = routes()
			tt.opts = withAdmin(tt.src, tt.opts)
			c := lambdatest.Client{
				Invoker: newRouterHandler(t, tt.src, tt.basePath),
				Source:  tt.src,
				Options: tt.opts,
			}

			groups := deliverable(t, tt.src, contract.Groups())
			spec := conformance.New(t)
			contract.RunGroups(t, spec.Transport(t, func(req *http.Request) *http.Response {
				resp, _, err := c.Do(req)
				if err != nil {
					t.Fatalf("%s %s: %v", req.Method, req.URL, err)
				}

				return resp
			}), groups)
		})
	}
}

// deliverable leaves out the cases whose request the source never hands to a function
// (see lambdatest.Representable): a REST API answers a malformed query escape itself.
// Each one left out is logged, so the gap stays visible.
func deliverable(t *testing.T, src lambdaapi.Source, groups []contract.Group) []contract.Group {
	out := make([]contract.Group, 0, len(groups))
	for _, g := range groups {
		kept := g
		kept.Cases = nil
		for _, c := range g.Cases {
			_, query, _ := strings.Cut(c.Path, "?")
			if err := lambdatest.Representable(src, query); err != nil {
				t.Logf("%s/%s: not run through %s: %v", g.Name, c.Name, src, err)
				continue
			}
			kept.Cases = append(kept.Cases, c)
		}
		out = append(out, kept)
	}

	return out
}
