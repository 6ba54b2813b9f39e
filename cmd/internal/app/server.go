package app

import (
	"log/slog"
	"net/http"

	"github.com/gamarriando/product-service/cmd/internal/config"
)

// MaxHeaderBytes bounds the request line and headers; larger requests get a 431.
const MaxHeaderBytes = 1 << 20

// NewHTTPServer is the http.Server of the local server, with every timeout set: a
// client that trickles its headers (slowloris), its body or its reads cannot hold a
// connection longer than these allow. cmd/server and the reliability tests both build
// it here, so the tests exercise the limits the binary runs with.
func NewHTTPServer(h http.Handler, c config.HTTP, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: c.ReadHeaderTimeout,
		ReadTimeout:       c.ReadTimeout,
		WriteTimeout:      c.WriteTimeout,
		IdleTimeout:       c.IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
