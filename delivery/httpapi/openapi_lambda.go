//go:build lambda

package httpapi

import "github.com/gin-gonic/gin"

// documentationRoutes is empty in Lambda builds; see the !lambda version.
func documentationRoutes(*gin.Engine) {}
