package httpapi

import (
	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// CategoryRequest is the body of POST and PUT /categories and the target of a PATCH.
// An omitted is_active is true; a null or omitted parent_id makes a root.
type CategoryRequest struct {
	// Name is trimmed; 1 to 255 characters.
	Name string `json:"name" validate:"required" maxLength:"255" example:"Hogar y Jardín"`
	// Slug matches ^[a-z0-9]+(-[a-z0-9]+)*$; derived from name when omitted on create.
	Slug        string `json:"slug" maxLength:"255" example:"hogar-y-jardin"`
	Description string `json:"description" example:"Everything for the house"`
	ParentID    *int64 `json:"parent_id" minimum:"1" extensions:"x-nullable" example:"1"`
	SortOrder   int32  `json:"sort_order" example:"0"`
	IsActive    *bool  `json:"is_active" default:"true"`
}

// CategoryResponse is a category as the API returns it; parent_id is null for a root.
type CategoryResponse struct {
	ID          int64  `json:"id" example:"3"`
	Name        string `json:"name" example:"Hogar y Jardín"`
	Slug        string `json:"slug" example:"hogar-y-jardin"`
	Description string `json:"description" example:"Everything for the house"`
	ParentID    *int64 `json:"parent_id" extensions:"x-nullable" example:"1"`
	SortOrder   int32  `json:"sort_order" example:"0"`
	IsActive    bool   `json:"is_active" example:"true"`
	CreatedAt   string `json:"created_at" format:"date-time" example:"2026-12-03T18:15:00Z"`
	UpdatedAt   string `json:"updated_at" format:"date-time" example:"2026-12-03T18:15:00Z"`
}

func (r CategoryRequest) toInput() usecase.CategoryInput {
	return usecase.CategoryInput{
		Name:        r.Name,
		Slug:        r.Slug,
		Description: r.Description,
		ParentID:    r.ParentID,
		SortOrder:   int64(r.SortOrder),
		IsActive:    boolOr(r.IsActive, true),
	}
}

func categoryResponse(c domain.Category) CategoryResponse {
	return CategoryResponse{
		ID:          c.ID,
		Name:        c.Name,
		Slug:        string(c.Slug),
		Description: c.Description,
		ParentID:    c.ParentID,
		SortOrder:   c.SortOrder,
		IsActive:    c.IsActive,
		CreatedAt:   formatTime(c.CreatedAt),
		UpdatedAt:   formatTime(c.UpdatedAt),
	}
}
