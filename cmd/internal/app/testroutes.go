//go:build !reliability

package app

import (
	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

// addTestRoutes adds nothing to a normal build; builds with the reliability tag add
// the fault-injection routes of testroutes_reliability.go.
func addTestRoutes(*gin.Engine, *gorm.DB) {}
