package httpapi

import (
	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// ProductRequest is the body of POST and PUT /products. PUT replaces every field: an
// omitted field takes its default, except slug, which an omitted value keeps as it is.
//
// The swag tags are the limits the use case enforces, as the spec shows them. What
// swag cannot write (the slug pattern, price as a string or a number) the OpenAPI 3
// document adds by field name (docs/openapi3).
type ProductRequest struct {
	// Trimmed; 1 to 255 characters.
	Name string `json:"name" validate:"required" minLength:"1" maxLength:"255" example:"Silla"`
	// Lowercase words joined by hyphens, unique. Derived from name when a create omits
	// it; a PUT that omits it keeps the current one.
	Slug        string `json:"slug" maxLength:"255" example:"silla"`
	Description string `json:"description" maxLength:"10000" example:"Solid oak chair"`
	// Exact: a string or a number with at most two decimals, 0 to 99999999.99.
	Price DecimalText `json:"price" validate:"required" swaggertype:"string" example:"29.99"`
	Stock int32       `json:"stock" minimum:"0" maximum:"2147483647" example:"12"`
	// Only active products are visible to anonymous readers.
	Status     string `json:"status" enums:"draft,active,inactive,archived" default:"draft"`
	CategoryID int64  `json:"category_id" validate:"required" minimum:"1" example:"3"`
	VendorID   int64  `json:"vendor_id" validate:"required" minimum:"1" example:"7"`
	// Absolute http(s) URLs of at most 2048 characters; at most 20.
	Images []string `json:"images" validate:"max=20" format:"uri" maxLength:"2048"`
	// 1 to 50 characters each, at most 20; stored lower-cased and de-duplicated.
	Tags []string `json:"tags" validate:"max=20" minLength:"1" maxLength:"50" example:"madera"`
}

// ProductPatch documents the body of PATCH /products/{id}: a JSON merge patch (RFC
// 7396) of a ProductRequest. Every field is optional; null resets a field to its
// default, which is a 422 on a required one. The handler applies the patch as a JSON
// object, so this type exists for the spec alone.
type ProductPatch struct {
	Name        *string      `json:"name" minLength:"1" maxLength:"255" example:"Silla"`
	Slug        *string      `json:"slug" maxLength:"255" extensions:"x-nullable"`
	Description *string      `json:"description" maxLength:"10000" extensions:"x-nullable"`
	Price       *DecimalText `json:"price" swaggertype:"string" example:"24.90"`
	Stock       *int32       `json:"stock" minimum:"0" maximum:"2147483647" extensions:"x-nullable"`

	Status *string `json:"status" enums:"draft,active,inactive,archived" extensions:"x-nullable"`

	CategoryID *int64   `json:"category_id" minimum:"1"`
	VendorID   *int64   `json:"vendor_id" minimum:"1"`
	Images     []string `json:"images" validate:"max=20" format:"uri" extensions:"x-nullable"`
	Tags       []string `json:"tags" validate:"max=20" maxLength:"50" extensions:"x-nullable"`
}

// ProductResponse is a product as the API returns it; every field is always present.
type ProductResponse struct {
	ID   int64  `json:"id" validate:"required" example:"42"`
	Name string `json:"name" validate:"required" example:"Silla"`
	Slug string `json:"slug" validate:"required" example:"silla"`
	// Empty when there is none.
	Description string `json:"description" validate:"required" example:"Solid oak chair"`
	// Exact, always with two decimals.
	Price      string   `json:"price" validate:"required" example:"29.99"`
	Stock      int32    `json:"stock" validate:"required" minimum:"0" example:"12"`
	Status     string   `json:"status" validate:"required" enums:"draft,active,inactive,archived"`
	CategoryID int64    `json:"category_id" validate:"required" example:"3"`
	VendorID   int64    `json:"vendor_id" validate:"required" example:"7"`
	Images     []string `json:"images" validate:"required" format:"uri"`
	Tags       []string `json:"tags" validate:"required" example:"madera"`
	CreatedAt  string   `json:"created_at" validate:"required" format:"date-time"`
	UpdatedAt  string   `json:"updated_at" validate:"required" format:"date-time"`
}

func (r ProductRequest) toInput() usecase.ProductInput {
	return usecase.ProductInput{
		Name:        r.Name,
		Slug:        r.Slug,
		Description: r.Description,
		Price:       string(r.Price),
		Stock:       int64(r.Stock),
		Status:      r.Status,
		CategoryID:  r.CategoryID,
		VendorID:    r.VendorID,
		Images:      r.Images,
		Tags:        r.Tags,
	}
}

func productResponse(p domain.Product) ProductResponse {
	return ProductResponse{
		ID:          p.ID,
		Name:        p.Name,
		Slug:        string(p.Slug),
		Description: p.Description,
		Price:       p.Price.String(),
		Stock:       p.Stock,
		Status:      string(p.Status),
		CategoryID:  p.CategoryID,
		VendorID:    p.VendorID,
		Images:      emptyIfNil(p.Images),
		Tags:        emptyIfNil(p.Tags),
		CreatedAt:   formatTime(p.CreatedAt),
		UpdatedAt:   formatTime(p.UpdatedAt),
	}
}
