package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/docs"
)

// openAPI serves GET /openapi.json: the OpenAPI 3 document made from the swag output
// (docs/openapi.json, embedded), for client generators, gateways and the Swagger UI.
func openAPI(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/json; charset=utf-8", docs.OpenAPI)
}
