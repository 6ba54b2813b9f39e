package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/usecase"
)

// IdempotencyKeyHeader lets a client retry a POST safely: the same key and body get
// the first response again, without a second row.
const IdempotencyKeyHeader = "Idempotency-Key"

// maxIdempotencyKey is the longest key accepted, as Stripe's and the IETF draft's.
const maxIdempotencyKey = 255

// idempotencyKey reads the optional Idempotency-Key of a POST. The fingerprint covers
// method, path and the body in canonical form (object keys sorted, insignificant
// whitespace dropped), so a retry that re-serializes the same JSON still matches.
func idempotencyKey(c *gin.Context, body []byte) (usecase.IdempotencyKey, error) {
	values := c.Request.Header.Values(IdempotencyKeyHeader)
	if len(values) == 0 {
		return usecase.IdempotencyKey{}, nil
	}

	key := values[0]
	if len(values) > 1 || !validIdempotencyKey(key) {
		return usecase.IdempotencyKey{}, newRequestError(kindMalformed,
			"Idempotency-Key must be 1 to 255 visible ASCII characters, sent once",
			FieldProblem{Field: IdempotencyKeyHeader, Message: "is malformed"})
	}

	canonical, err := canonicalJSON(body)
	if err != nil {
		return usecase.IdempotencyKey{}, malformed("the body is not valid JSON")
	}

	sum := sha256.Sum256(append([]byte(c.Request.Method+" "+c.Request.URL.Path+"\n"),
		canonical...))

	return usecase.IdempotencyKey{Key: key, Fingerprint: hex.EncodeToString(sum[:])}, nil
}

func validIdempotencyKey(k string) bool {
	if k == "" || len(k) > maxIdempotencyKey {
		return false
	}

	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}

	return true
}

// canonicalJSON re-encodes a JSON document with sorted keys and exact numbers.
func canonicalJSON(body []byte) ([]byte, error) {
	var v any
	if err := unmarshalNumbers(body, &v); err != nil {
		return nil, err
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)

	return buf.Bytes(), err
}

// writeStored sends a stored (or freshly stored) create response.
func writeStored(c *gin.Context, resp usecase.StoredResponse, replayed bool) {
	if resp.Location != "" {
		c.Header("Location", resp.Location)
	}

	if resp.ETag != "" {
		c.Header("ETag", resp.ETag)
	}

	if replayed {
		c.Header("Idempotency-Replayed", "true")
	}

	c.Data(resp.Status, "application/json; charset=utf-8", resp.Body)
}
