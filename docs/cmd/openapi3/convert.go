package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// bearerScheme is the name of the security scheme the annotations declare.
const bearerScheme = "BearerAuth"

const problemMedia = "application/problem+json"

// Patterns and limits the API enforces that swag has no tag for.
const (
	slugPattern      = `^[a-z0-9]+(-[a-z0-9]+)*$`
	decimalInPattern = `^[0-9]+(\.[0-9]{1,2})?$`
	moneyOutPattern  = `^[0-9]+\.[0-9]{2}$`
	maxMoney         = 99999999.99
	maxRating        = 5
	maxTagFilters    = 10
	maxTagLength     = 50
)

// Convert turns swag's Swagger 2.0 document into the refined OpenAPI 3 document and
// checks that the result is a valid OpenAPI 3 document.
func Convert(ctx context.Context, swagger2 []byte) ([]byte, error) {
	var doc2 openapi2.T
	if err := json.Unmarshal(swagger2, &doc2); err != nil {
		return nil, fmt.Errorf("read Swagger 2.0: %w", err)
	}

	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, fmt.Errorf("convert to OpenAPI 3: %w", err)
	}

	if err := refine(doc3); err != nil {
		return nil, err
	}

	if err := doc3.Validate(ctx); err != nil {
		return nil, fmt.Errorf("the OpenAPI 3 document is invalid: %w", err)
	}

	return marshal(doc3)
}

func refine(doc *openapi3.T) error {
	if err := declareBearer(doc); err != nil {
		return err
	}

	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if err := refineOperation(method, path, op); err != nil {
				return fmt.Errorf("%s %s: %w", method, path, err)
			}
		}
	}

	for name, s := range doc.Components.Schemas {
		refineSchema(name, s.Value)
	}

	return nil
}

// declareBearer replaces the API-key form of the scheme, all Swagger 2.0 can say,
// with HTTP bearer authentication, which clients and gateways understand as such.
func declareBearer(doc *openapi3.T) error {
	ref, ok := doc.Components.SecuritySchemes[bearerScheme]
	if !ok || ref.Value == nil {
		return fmt.Errorf("no %s security scheme in the annotations", bearerScheme)
	}

	ref.Value = &openapi3.SecurityScheme{
		Type:         "http",
		Scheme:       "bearer",
		BearerFormat: "JWT",
		Description:  ref.Value.Description,
	}

	return nil
}

func refineOperation(method, path string, op *openapi3.Operation) error {
	if op.Security == nil {
		op.Security = defaultSecurity(path)
	}

	for _, p := range op.Parameters {
		refineParameter(p.Value)
	}

	// The converter's note of the Swagger 2.0 parameter name means nothing to readers.
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		delete(op.RequestBody.Value.Extensions, "x-originalParamName")
	}

	for code, resp := range op.Responses.Map() {
		status, err := strconv.Atoi(code)
		if err != nil {
			return fmt.Errorf("response %q: not a status code", code)
		}

		keepMedia(resp.Value, status)
		setProblemExample(resp.Value, status, method, path)
	}

	return nil
}

// refineParameter gives query parameters the limits swag has no attribute for: id
// formats, decimal patterns and the bound on repeated tags.
func refineParameter(p *openapi3.Parameter) {
	if p == nil || p.Schema == nil || p.Schema.Value == nil {
		return
	}

	s := p.Schema.Value
	switch {
	case isID(p.Name) && s.Type.Is(openapi3.TypeInteger):
		s.Format = "int64"
	case p.Name == "min_price" || p.Name == "max_price" || p.Name == "min_rating":
		s.Pattern = decimalInPattern
	case p.Name == "tag" && s.Items != nil && s.Items.Value != nil:
		s.WithMaxItems(maxTagFilters)
		s.Items.Value.WithMaxLength(maxTagLength)
	}
}

// defaultSecurity is the security of an operation the annotations leave open: the
// API's reads take an optional bearer token (it widens what a vendor sees); the probes
// take none.
func defaultSecurity(path string) *openapi3.SecurityRequirements {
	if strings.HasPrefix(path, "/api/") {
		return &openapi3.SecurityRequirements{{}, {bearerScheme: []string{}}}
	}

	return &openapi3.SecurityRequirements{}
}

// keepMedia leaves each response only the media type it is sent with: problem
// details for errors, the others for successes.
func keepMedia(resp *openapi3.Response, status int) {
	if resp == nil || len(resp.Content) == 0 {
		return
	}

	isError := status >= 400
	for media := range resp.Content {
		if (media == problemMedia) != isError {
			delete(resp.Content, media)
		}
	}
}

// refineSchema applies the field rules that hold across the catalog: ids are 64-bit,
// a slug has one pattern everywhere, a price leaves as a two-decimal string, and
// decimal inputs take a string or a number.
func refineSchema(name string, s *openapi3.Schema) {
	if s == nil {
		return
	}

	input := strings.HasSuffix(name, "Request") || strings.HasSuffix(name, "Patch")
	for field, prop := range s.Properties {
		if prop.Ref != "" || prop.Value == nil {
			continue
		}

		// OpenAPI 3.0 reads nullable only beside a type: a nullable reference to an
		// object (a merge patch's address: null) needs the type spelled out.
		if prop.Value.Nullable && prop.Value.Type == nil && len(prop.Value.AllOf) > 0 {
			prop.Value.Type = &openapi3.Types{openapi3.TypeObject}
		}

		switch {
		case isID(field) && prop.Value.Type.Is(openapi3.TypeInteger):
			prop.Value.Format = "int64"
		case field == "slug":
			prop.Value.Pattern = slugPattern
		case field == "price" && input:
			s.Properties[field] = decimalInput(prop.Value, maxMoney)
		case field == "rating" && input:
			s.Properties[field] = decimalInput(prop.Value, maxRating)
		case field == "price" && strings.HasSuffix(name, "Response"):
			prop.Value.Pattern = moneyOutPattern
		}
	}
}

// decimalInput is a decimal the API reads exactly from a JSON string or number.
func decimalInput(orig *openapi3.Schema, maximum float64) *openapi3.SchemaRef {
	text := openapi3.NewStringSchema().WithPattern(decimalInPattern)
	number := openapi3.NewFloat64Schema().WithMin(0).WithMax(maximum)

	return &openapi3.SchemaRef{Value: &openapi3.Schema{
		Description: strings.TrimSpace(orig.Description + " A JSON string or number."),
		Example:     orig.Example,
		Nullable:    orig.Nullable,
		AnyOf:       openapi3.SchemaRefs{text.NewRef(), number.NewRef()},
	}}
}

// isID tells the fields that hold ids, 64-bit integers everywhere in the API (and the
// counters that count rows): swag writes every Go integer as a bare integer.
func isID(field string) bool {
	return field == "id" || strings.HasSuffix(field, "_id") || field == "total" ||
		field == "total_products"
}
