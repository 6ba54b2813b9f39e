//go:build !lambda

package httpapi

import (
	"embed"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/docs"
)

// swaggerUIFiles are the Swagger UI page and the swagger-ui-dist assets it needs
// (swaggerui/README.md says which and from which version).
//
//go:embed swaggerui/index.html swaggerui/catalog.js swaggerui/catalog.css
//go:embed swaggerui/swagger-ui-bundle.js swaggerui/swagger-ui.css swaggerui/favicon-32x32.png
var swaggerUIFiles embed.FS

// swaggerUICSP keeps the page to its own origin: scripts, styles, images and the spec
// come from this server, and "Try it out" calls this server only. Swagger UI sets
// inline styles and draws some icons as data: URLs.
const swaggerUICSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self' data:; form-action 'self'; " +
	"base-uri 'none'; frame-ancestors 'none'"

// swaggerUIMaxAge lets browsers keep the assets for an hour: they change only with the
// binary.
const swaggerUIMaxAge = "public, max-age=3600"

// swaggerUI serves GET /swagger/*file: the page, its assets, and doc.json (the
// Swagger 2.0 document, where gin-swagger served it, for tools that still want 2.0).
func swaggerUI() gin.HandlerFunc {
	return func(c *gin.Context) {
		name := strings.TrimPrefix(path.Clean(c.Param("file")), "/")
		switch name {
		case "", ".":
			c.Redirect(http.StatusMovedPermanently, "/swagger/index.html")

			return
		case "doc.json":
			c.Header("Cache-Control", "public, max-age=300")
			c.Data(http.StatusOK, "application/json; charset=utf-8",
				[]byte(docs.SwaggerInfo.ReadDoc()))

			return
		}

		body, err := swaggerUIFiles.ReadFile("swaggerui/" + name)
		if err != nil {
			notFound(c)

			return
		}

		c.Header("Cache-Control", swaggerUIMaxAge)
		c.Header("Content-Security-Policy", swaggerUICSP)
		c.Header("X-Content-Type-Options", "nosniff")
		c.Header("Referrer-Policy", "no-referrer")
		c.Data(http.StatusOK, mime.TypeByExtension(path.Ext(name)), body)
	}
}
