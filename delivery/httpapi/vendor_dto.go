package httpapi

import (
	"encoding/json"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// vendorReadOnlyFields adds the product counter, which only product writes change.
var vendorReadOnlyFields = append([]string{"total_products"}, readOnlyFields...)

// AddressBody is a vendor's postal address; every part is optional.
type AddressBody struct {
	Street  string `json:"street" example:"Av. Siempre Viva 742"`
	City    string `json:"city" example:"Lima"`
	State   string `json:"state" example:"Lima"`
	ZipCode string `json:"zip_code" example:"15001"`
	Country string `json:"country" example:"PE"`
}

// VendorRequest is the body of POST and PUT /vendors and the target of a PATCH. An
// omitted is_active is true; rating is 0.00 to 5.00, as a string or a number.
type VendorRequest struct {
	// Name is trimmed; 1 to 255 characters.
	Name string `json:"name" validate:"required" maxLength:"255" example:"Muebles Andinos"`
	// Email is stored lower-cased and unique regardless of case.
	Email       string      `json:"email" validate:"required" example:"ventas@andinos.pe"`
	Phone       string      `json:"phone" example:"+51 1 555 0100"`
	Address     AddressBody `json:"address"`
	Description string      `json:"description" example:"Handmade furniture"`
	IsActive    *bool       `json:"is_active" default:"true"`
	IsVerified  bool        `json:"is_verified" example:"false"`
	// Rating is 0.00 to 5.00 with at most two decimals, as a string or a number.
	Rating DecimalText `json:"rating" swaggertype:"number" maximum:"5" example:"4.5"`
}

// VendorResponse is a vendor as the API returns it. rating is a JSON number with two
// decimals (4.50); total_products is the exact number of the vendor's products.
type VendorResponse struct {
	ID            int64       `json:"id" example:"7"`
	Name          string      `json:"name" example:"Muebles Andinos"`
	Email         string      `json:"email" example:"ventas@andinos.pe"`
	Phone         string      `json:"phone" example:"+51 1 555 0100"`
	Address       AddressBody `json:"address"`
	Description   string      `json:"description" example:"Handmade furniture"`
	IsActive      bool        `json:"is_active" example:"true"`
	IsVerified    bool        `json:"is_verified" example:"false"`
	Rating        json.Number `json:"rating" swaggertype:"number" example:"4.5"`
	TotalProducts int64       `json:"total_products" example:"12"`
	CreatedAt     string      `json:"created_at" format:"date-time" example:"2026-12-03T18:15:00Z"`
	UpdatedAt     string      `json:"updated_at" format:"date-time" example:"2026-12-03T18:15:00Z"`
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
		Address: AddressBody{
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
