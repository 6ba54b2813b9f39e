package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/gamarriando/product-service/docs"
)

// TestSpecProblemExamplesMatchKinds keeps the problem examples of docs/openapi.json
// (written by docs/cmd/openapi3) true to the kinds this package sends: the same type,
// title and status, under the status they document, and the fixed details of 5xx.
func TestSpecProblemExamplesMatchKinds(t *testing.T) {
	kinds := map[string]problemKind{}
	for _, k := range []problemKind{kindMalformed, kindParameter, kindInvalidToken,
		kindUnauthorized, kindForbidden, kindNotFound, kindMethod, kindConflict,
		kindKeyInFlight, kindKeyReused, kindBlocked, kindPrecond, kindTooLarge, kindMediaType,
		kindValidation, kindUnknownBody, kindInternal, kindUnavailable, kindNotReady} {
		kinds[problemTypeBase+k.slug] = k
	}

	fixed := map[string]string{kindInternal.slug: detailInternal,
		kindUnavailable.slug: detailUnavailable, kindNotReady.slug: detailNotReady}

	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Example *Problem `json:"example"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(docs.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}

	var checked int
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for code, resp := range op.Responses {
				ex := resp.Content[ProblemContentType].Example
				if ex == nil {
					continue
				}

				checked++
				where := strings.ToUpper(method) + " " + path + " " + code
				k, ok := kinds[ex.Type]
				status, _ := strconv.Atoi(code)
				switch {
				case !ok:
					t.Errorf("%s: example type %q is no kind of problem", where, ex.Type)
				case k.title != ex.Title || k.status != ex.Status || status != ex.Status:
					t.Errorf("%s: example %q %d, the kind is %q %d", where, ex.Title,
						ex.Status, k.title, k.status)
				case fixed[k.slug] != "" && fixed[k.slug] != ex.Detail:
					t.Errorf("%s: example detail %q, the fixed detail is %q", where,
						ex.Detail, fixed[k.slug])
				}
			}
		}
	}

	if checked < 100 {
		t.Errorf("only %d problem examples in the spec", checked)
	}
}
