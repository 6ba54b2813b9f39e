package httpapi_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gamarriando/product-service/delivery/auth"
	"github.com/gamarriando/product-service/delivery/auth/authtest"
	"github.com/gamarriando/product-service/delivery/conformance"
	"github.com/gamarriando/product-service/delivery/contract"
	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
)

// TestContractMatchesSpec runs the shared contract through the router and checks every
// exchange against docs/openapi.json: undocumented statuses, bodies that do not fit
// their schema and requests the spec rejects but the server accepts all fail, and so
// does a documented operation the contract never reaches.
func TestContractMatchesSpec(t *testing.T) {
	spec := conformance.New(t)
	contract.Run(t, spec.Transport(t, conformance.Recorder(newEngine(dbtest.SQLite(t)))))
	spec.CheckCoverage(t)
}

// TestAccessAnswersMatchSpec checks the 401 and 403 answers, which the contract (run as
// an administrator) never produces, against the spec: through the router with the JWT
// verifier the local server uses, as an anonymous caller, a caller with a bad token and
// a vendor acting on what is not its own.
func TestAccessAnswersMatchSpec(t *testing.T) {
	const secret = "spec-test-secret-of-at-least-32-bytes"

	verifier, err := auth.NewJWT(context.Background(), auth.JWTConfig{HS256Secret: secret})
	if err != nil {
		t.Fatal(err)
	}

	svc := usecase.NewServices(gormstore.New(dbtest.SQLite(t)))
	h := httpapi.NewRouter(httpapi.Config{Products: svc.Products, Categories: svc.Categories,
		Vendors: svc.Vendors, Logger: slog.New(slog.DiscardHandler), Authenticator: verifier})

	token := func(claims jwt.MapClaims) string {
		claims["exp"] = time.Now().Add(time.Hour).Unix()

		return "Bearer " + authtest.SignHS256(t, []byte(secret), claims)
	}
	admin := token(jwt.MapClaims{"sub": "admin-1", "role": "admin"})
	vendor := token(jwt.MapClaims{"sub": "vendor-1", "role": "vendor", "vendor_id": 999})

	as := func(c contract.Case, bearer string) contract.Case {
		c.Header = map[string]string{"Authorization": bearer}

		return c
	}
	product := `{"name":"Silla","price":"10.00","status":"active",` +
		`"category_id":${cat},"vendor_id":${ven}}`

	cases := []contract.Case{
		as(contract.Case{Name: "admin creates a category", Method: "POST",
			Path: "/api/v1/categories", Body: `{"name":"Sillas"}`, Status: 201,
			Save: map[string]string{"cat": "id"}}, admin),
		as(contract.Case{Name: "admin creates a vendor", Method: "POST",
			Path: "/api/v1/vendors", Body: `{"name":"Acme","email":"a@acme.pe"}`,
			Status: 201, Save: map[string]string{"ven": "id"}}, admin),
		as(contract.Case{Name: "admin creates a product", Method: "POST",
			Path: "/api/v1/products", Body: product, Status: 201,
			Save: map[string]string{"prod": "id"}}, admin),
		{Name: "anonymous create", Method: "POST", Path: "/api/v1/products", Body: product,
			Status: 401},
		{Name: "anonymous delete", Method: "DELETE", Path: "/api/v1/vendors/${ven}",
			Status: 401},
		as(contract.Case{Name: "bad token on a read", Method: "GET",
			Path: "/api/v1/products", Status: 401}, "Bearer not-a-jwt"),
		as(contract.Case{Name: "bad token on a get", Method: "GET",
			Path: "/api/v1/vendors/${ven}", Status: 401}, "Bearer not-a-jwt"),
		as(contract.Case{Name: "vendor creates for another vendor", Method: "POST",
			Path: "/api/v1/products", Body: product, Status: 403}, vendor),
		as(contract.Case{Name: "vendor replaces another's product", Method: "PUT",
			Path: "/api/v1/products/${prod}", Body: product, Status: 403}, vendor),
		as(contract.Case{Name: "vendor deletes a category", Method: "DELETE",
			Path: "/api/v1/categories/${cat}", Status: 403}, vendor),
		as(contract.Case{Name: "vendor patches a category", Method: "PATCH",
			Path: "/api/v1/categories/${cat}", Body: `{"name":"X"}`, Status: 403}, vendor),
	}

	spec := conformance.New(t)
	do := spec.Transport(t, conformance.Recorder(h))
	contract.RunGroups(t, do, []contract.Group{{Name: "access", Cases: cases}})
}
