//go:build lambdaruntime

package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/gamarriando/product-service/delivery/lambdaapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi/lambdatest"
)

// BenchmarkColdStart measures, for each iteration, a fresh execution environment under
// the emulator: from the invoke that starts the bootstrap process to its first
// response (cold-ms), and the emulator's INIT REPORT (init-ms), for the catalog and
// for a minimal aws-lambda-go function built the same way on the same machine. The
// catalog's first request is a product list, so it includes a query.
//
//	go test -tags lambdaruntime -run '^$' -bench ColdStart -benchtime 10x ./cmd/lambda
func BenchmarkColdStart(b *testing.B) {
	funcs := []struct {
		name string
		pkg  string
		env  func(testing.TB) map[string]string
		path string
	}{
		{"minimal", "./cmd/lambda/testdata/minimal", func(testing.TB) map[string]string {
			return nil
		}, "/"},
		{"catalog", "./cmd/lambda", catalogEnv, "/api/v1/products"},
	}
	for _, fn := range funcs {
		b.Run(fn.name, func(b *testing.B) {
			bootstrap := buildBootstrap(b, fn.pkg)
			env := fn.env(b)

			req := httptest.NewRequest(http.MethodGet, fn.path, nil)
			payload, err := lambdatest.Event(lambdaapi.HTTPAPI, req, lambdatest.Options{})
			if err != nil {
				b.Fatal(err)
			}

			var cold, initTotal time.Duration
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				f := startFunction(b, bootstrap, env)
				b.StartTimer()

				start := time.Now()
				out, err := f.invoke(payload)
				elapsed := time.Since(start)

				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				resp, err := lambdatest.DecodeResponse(lambdaapi.HTTPAPI, out)
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("first response %s (%v)\nlogs:\n%s", out, err, f.logs)
				}
				d, _ := f.initDuration()
				cold += elapsed
				initTotal += d
				f.stop()
				b.StartTimer()
			}
			b.StopTimer()

			if st, err := os.Stat(bootstrap); err == nil {
				b.ReportMetric(float64(st.Size())/(1<<20), "bootstrap-MiB")
			}
			n := float64(b.N)
			b.ReportMetric(float64(cold.Microseconds())/1000/n, "cold-ms")
			b.ReportMetric(float64(initTotal.Microseconds())/1000/n, "init-ms")
		})
	}
}
