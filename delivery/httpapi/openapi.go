//go:build !lambda

package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/docs"
)

// documentationRoutes serves the OpenAPI 3 document and the Swagger UI. Lambda builds
// (tag lambda) leave both out: API Gateway routes only the fifteen operations to the
// functions, and the UI's assets and the spec are a fifth of the binary.
func documentationRoutes(e *gin.Engine) {
	e.GET("/openapi.json", openAPI)
	e.GET("/swagger/*file", swaggerUI())
}

// openAPI serves GET /openapi.json: the OpenAPI 3 document made from the swag output
// (docs/openapi.json, embedded), for client generators, gateways and the Swagger UI.
func openAPI(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/json; charset=utf-8", docs.OpenAPI)
}
