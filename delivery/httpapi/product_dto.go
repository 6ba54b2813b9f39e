package httpapi

import (
	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// ProductRequest is the body of POST and PUT /products, and the shape a PATCH merge
// patch is applied to. PUT replaces every field: an omitted field takes its default,
// except slug, which an omitted value keeps as it is.
type ProductRequest struct {
	// Name is trimmed; 1 to 255 characters.
	Name string `json:"name" validate:"required" maxLength:"255" example:"Silla Nórdica"`
	// Slug matches ^[a-z0-9]+(-[a-z0-9]+)*$; derived from name when omitted on create.
	Slug        string `json:"slug" maxLength:"255" example:"silla-nordica"`
	Description string `json:"description" example:"Solid oak chair"`
	// Price is exact: a string or a number, at most two decimals, 0 to 99999999.99.
	Price      DecimalText `json:"price" validate:"required" swaggertype:"string" example:"29.99"`
	Stock      int32       `json:"stock" minimum:"0" example:"12"`
	Status     string      `json:"status" enums:"draft,active,inactive,archived" default:"draft"`
	CategoryID int64       `json:"category_id" validate:"required" minimum:"1" example:"3"`
	VendorID   int64       `json:"vendor_id" validate:"required" minimum:"1" example:"7"`
	// Images are absolute http(s) URLs.
	Images []string `json:"images" maxItems:"20"`
	// Tags are 1 to 50 characters each, stored lower-cased and de-duplicated.
	Tags []string `json:"tags" maxItems:"20"`
}

// ProductResponse is a product as the API returns it.
type ProductResponse struct {
	ID          int64    `json:"id" example:"42"`
	Name        string   `json:"name" example:"Silla Nórdica"`
	Slug        string   `json:"slug" example:"silla-nordica"`
	Description string   `json:"description" example:"Solid oak chair"`
	Price       string   `json:"price" example:"29.99"`
	Stock       int32    `json:"stock" example:"12"`
	Status      string   `json:"status" enums:"draft,active,inactive,archived"`
	CategoryID  int64    `json:"category_id" example:"3"`
	VendorID    int64    `json:"vendor_id" example:"7"`
	Images      []string `json:"images"`
	Tags        []string `json:"tags"`
	CreatedAt   string   `json:"created_at" format:"date-time" example:"2026-12-03T18:15:00Z"`
	UpdatedAt   string   `json:"updated_at" format:"date-time" example:"2026-12-03T18:15:00Z"`
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
