package httpapi

import (
	"encoding/json"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// vendorReadOnlyFields adds the product counter, which only product writes change.
var vendorReadOnlyFields = append([]string{"total_products"}, readOnlyFields...)

// AddressBody is a vendor's postal address; every part is optional, at most 255
// characters.
type AddressBody struct {
	Street  string `json:"street" maxLength:"255" example:"Av. Grau 742"`
	City    string `json:"city" maxLength:"255" example:"Lima"`
	State   string `json:"state" maxLength:"255" example:"Lima"`
	ZipCode string `json:"zip_code" maxLength:"255" example:"15001"`
	Country string `json:"country" maxLength:"255" example:"PE"`
}

// AddressResponse is a vendor's address as the API returns it: every part is present,
// empty when unknown.
type AddressResponse struct {
	Street  string `json:"street" validate:"required" example:"Av. Grau 742"`
	City    string `json:"city" validate:"required" example:"Lima"`
	State   string `json:"state" validate:"required" example:"Lima"`
	ZipCode string `json:"zip_code" validate:"required" example:"15001"`
	Country string `json:"country" validate:"required" example:"PE"`
}

// VendorRequest is the body of POST and PUT /vendors. An omitted is_active is true.
type VendorRequest struct {
	// Trimmed; 1 to 255 characters.
	Name string `json:"name" validate:"required" minLength:"1" maxLength:"255" example:"Acme"`
	// Stored lower-cased; unique regardless of case.
	Email       string      `json:"email" validate:"required" format:"email" maxLength:"255"`
	Phone       string      `json:"phone" maxLength:"50" example:"+51 1 555 0100"`
	Address     AddressBody `json:"address"`
	Description string      `json:"description" maxLength:"10000" example:"Handmade furniture"`
	IsActive    *bool       `json:"is_active" default:"true"`
	IsVerified  bool        `json:"is_verified" example:"false"`
	// 0.00 to 5.00 with at most two decimals, as a number or a string.
	Rating DecimalText `json:"rating" swaggertype:"number" minimum:"0" maximum:"5" example:"4.5"`
}

// VendorPatch documents the body of PATCH /vendors/{id}: a JSON merge patch (RFC 7396)
// of a VendorRequest. The address merges part by part; null resets a field to its
// default. The handler applies it as a JSON object: this type is for the spec.
type VendorPatch struct {
	Name        *string      `json:"name" minLength:"1" maxLength:"255" example:"Acme"`
	Email       *string      `json:"email" format:"email" maxLength:"255"`
	Phone       *string      `json:"phone" maxLength:"50" extensions:"x-nullable"`
	Address     *AddressBody `json:"address" extensions:"x-nullable"`
	Description *string      `json:"description" maxLength:"10000" extensions:"x-nullable"`
	IsActive    *bool        `json:"is_active" extensions:"x-nullable"`
	IsVerified  *bool        `json:"is_verified" extensions:"x-nullable"`
	Rating      *DecimalText `json:"rating" swaggertype:"number" minimum:"0" maximum:"5"`
}

// VendorResponse is a vendor as the API returns it. rating is a JSON number with two
// decimals (4.50); total_products is the exact number of the vendor's products.
type VendorResponse struct {
	ID            int64           `json:"id" validate:"required" example:"7"`
	Name          string          `json:"name" validate:"required" example:"Acme"`
	Email         string          `json:"email" validate:"required" format:"email"`
	Phone         string          `json:"phone" validate:"required" example:"+51 1 555 0100"`
	Address       AddressResponse `json:"address" validate:"required"`
	Description   string          `json:"description" validate:"required"`
	IsActive      bool            `json:"is_active" validate:"required" example:"true"`
	IsVerified    bool            `json:"is_verified" validate:"required" example:"false"`
	Rating        json.Number     `json:"rating" validate:"required" swaggertype:"number"`
	TotalProducts int64           `json:"total_products" validate:"required" minimum:"0"`
	CreatedAt     string          `json:"created_at" validate:"required" format:"date-time"`
	UpdatedAt     string          `json:"updated_at" validate:"required" format:"date-time"`
}

func (r VendorRequest) toInput() usecase.VendorInput {
	return usecase.VendorInput{
		Name:  r.Name,
		Email: r.Email,
		Phone: r.Phone,
		Address: usecase.AddressInput{
			Street:  r.Address.Street,
			City:    r.Address.City,
			State:   r.Address.State,
			ZipCode: r.Address.ZipCode,
			Country: r.Address.Country,
		},
		Description: r.Description,
		IsActive:    boolOr(r.IsActive, true),
		IsVerified:  r.IsVerified,
		Rating:      string(r.Rating),
	}
}

func vendorResponse(v domain.Vendor) VendorResponse {
	return VendorResponse{
		ID:    v.ID,
		Name:  v.Name,
		Email: v.Email,
		Phone: v.Phone,
		Address: AddressResponse{
			Street:  v.Address.Street,
			City:    v.Address.City,
			State:   v.Address.State,
			ZipCode: v.Address.ZipCode,
			Country: v.Address.Country,
		},
		Description:   v.Description,
		IsActive:      v.IsActive,
		IsVerified:    v.IsVerified,
		Rating:        json.Number(v.Rating.String()),
		TotalProducts: v.TotalProducts,
		CreatedAt:     formatTime(v.CreatedAt),
		UpdatedAt:     formatTime(v.UpdatedAt),
	}
}
