//go:build reliability

package app

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
)

// addTestRoutes adds, in builds with the reliability tag only, the handlers the
// reliability tests need and the API does not have: a panic, a handler that ignores
// its context, and a transaction left idle. They live under /_test and are never in
// a normal build.
func addTestRoutes(e *gin.Engine, db *gorm.DB) {
	e.GET("/_test/crash", func(*gin.Context) { panic("forced test panic") })
	e.GET("/_test/stall", stall(db))
	e.POST("/_test/idle-tx", idleTransaction(db))
}

// stall runs pg_sleep for ?seconds while ignoring the request's context, the handler
// a graceful shutdown cannot wait for.
func stall(db *gorm.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		seconds, _ := strconv.Atoi(c.Query("seconds"))
		ctx := context.WithoutCancel(c.Request.Context())
		err := db.WithContext(ctx).Exec("SELECT pg_sleep(?)", seconds).Error
		respond(c, err)
	}
}

// idleTransaction locks ?product in a transaction of the real store, leaves the
// transaction idle for ?ms, then reads in it again.
func idleTransaction(db *gorm.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		ms, _ := strconv.Atoi(c.Query("ms"))
		id, _ := strconv.ParseInt(c.Query("product"), 10, 64)
		ctx := c.Request.Context()

		err := gormstore.New(db).Tx(ctx, func(r usecase.Repos) error {
			if _, err := r.Products().GetForUpdate(ctx, id); err != nil {
				return err
			}

			time.Sleep(time.Duration(ms) * time.Millisecond)
			_, err := r.Products().GetForUpdate(ctx, id)

			return err
		})
		respond(c, err)
	}
}

// respond answers like the API does for the two outcomes these routes can have.
func respond(c *gin.Context, err error) {
	if err == nil {
		c.JSON(http.StatusOK, gin.H{"status": "ok"})

		return
	}

	status := http.StatusInternalServerError
	if errors.Is(err, domain.ErrUnavailable) {
		status = http.StatusServiceUnavailable
		c.Header("Retry-After", "1")
	}

	c.Data(status, "application/problem+json", []byte(`{"type":"urn:test:problem",`+
		`"title":"Test route failed","status":`+strconv.Itoa(status)+`,"instance":"`+
		c.Request.URL.Path+`"}`))
}
