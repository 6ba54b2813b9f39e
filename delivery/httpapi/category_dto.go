package httpapi

import (
	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// CategoryRequest is the body of POST and PUT /categories. An omitted is_active is
// true; a null or omitted parent_id makes a root.
type CategoryRequest struct {
	// Trimmed; 1 to 255 characters.
	Name string `json:"name" validate:"required" minLength:"1" maxLength:"255" example:"Hogar"`
	// Lowercase words joined by hyphens, unique. Derived from name when a create omits
	// it; a PUT that omits it keeps the current one.
	Slug        string `json:"slug" maxLength:"255" example:"hogar"`
	Description string `json:"description" maxLength:"10000" example:"For the house"`
	// An existing category, never this one or one of its descendants; null for a root.
	ParentID  *int64 `json:"parent_id" minimum:"1" extensions:"x-nullable" example:"1"`
	SortOrder int32  `json:"sort_order" minimum:"0" maximum:"2147483647" example:"0"`
	IsActive  *bool  `json:"is_active" default:"true"`
}

// CategoryPatch documents the body of PATCH /categories/{id}: a JSON merge patch (RFC
// 7396) of a CategoryRequest; null resets a field to its default ({"parent_id": null}
// makes a root). The handler applies it as a JSON object: this type is for the spec.
type CategoryPatch struct {
	Name        *string `json:"name" minLength:"1" maxLength:"255" example:"Hogar"`
	Slug        *string `json:"slug" maxLength:"255" extensions:"x-nullable"`
	Description *string `json:"description" maxLength:"10000" extensions:"x-nullable"`
	ParentID    *int64  `json:"parent_id" minimum:"1" extensions:"x-nullable" example:"1"`
	SortOrder   *int32  `json:"sort_order" minimum:"0" extensions:"x-nullable"`
	IsActive    *bool   `json:"is_active" extensions:"x-nullable" example:"false"`
}

// CategoryResponse is a category as the API returns it; parent_id is null for a root.
type CategoryResponse struct {
	ID          int64  `json:"id" validate:"required" example:"3"`
	Name        string `json:"name" validate:"required" example:"Hogar"`
	Slug        string `json:"slug" validate:"required" example:"hogar"`
	Description string `json:"description" validate:"required" example:"For the house"`
	ParentID    *int64 `json:"parent_id" validate:"required" extensions:"x-nullable" example:"1"`
	SortOrder   int32  `json:"sort_order" validate:"required" example:"0"`
	IsActive    bool   `json:"is_active" validate:"required" example:"true"`
	CreatedAt   string `json:"created_at" validate:"required" format:"date-time"`
	UpdatedAt   string `json:"updated_at" validate:"required" format:"date-time"`
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
