package lambdaapi_test

import (
	"os"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode) // no debug banner or route dump in test output
	os.Exit(m.Run())
}
