package httpapi

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// Authenticator turns a request's credentials into the caller. No credentials is an
// anonymous reader (the zero Principal) and no error; an error means the credentials
// were present and refused, which is a 401 whatever the route.
type Authenticator interface {
	Authenticate(r *http.Request) (domain.Principal, error)
}

// authMiddleware puts the caller into the request's context, where every use case
// reads it. The reason a token was refused goes to the log, never to the client.
//
// A write without credentials is a 401 here, before anything reads the row: the use
// cases refuse it too, but a PATCH reads the row first, and for a row hidden from
// anonymous readers that read would answer 404 where the contract says 401.
func authMiddleware(a Authenticator) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, err := a.Authenticate(c.Request)
		if err != nil {
			loggerFrom(c).InfoContext(c.Request.Context(), "credentials refused",
				"request_id", requestIDFrom(c), "reason", err.Error())
			writeProblem(c, newProblem(kindInvalidToken,
				"the bearer token is missing, malformed, expired or not valid here", nil))

			return
		}

		if p.Anonymous() && !safeMethod(c.Request.Method) {
			fail(c, domain.ErrUnauthenticated)

			return
		}

		ctx := usecase.WithPrincipal(c.Request.Context(), p)
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// safeMethod tells the methods that only read (RFC 9110 §9.2.1).
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// readCacheControl is the Cache-Control of a successful read: public for anonymous
// readers, private when the answer may depend on who asks (a vendor sees its drafts).
func readCacheControl(c *gin.Context, public string) string {
	if usecase.PrincipalFrom(c.Request.Context()).Anonymous() {
		return public
	}

	return strings.Replace(public, "public", "private", 1)
}

// anonymous is the Authenticator of a router configured without one.
type anonymous struct{}

func (anonymous) Authenticate(*http.Request) (domain.Principal, error) {
	return domain.Principal{}, nil
}
