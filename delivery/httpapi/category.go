package httpapi

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// CategoryService is the category use case as the handlers use it.
type CategoryService interface {
	CreateIdempotent(ctx context.Context, in usecase.CategoryInput, k usecase.IdempotencyKey,
		render usecase.Render[domain.Category]) (usecase.StoredResponse, bool, error)
	Get(ctx context.Context, id int64) (domain.Category, error)
	Replace(ctx context.Context, id int64, in usecase.CategoryInput,
		o usecase.WriteOptions) (domain.Category, error)
	Delete(ctx context.Context, id int64, o usecase.WriteOptions) error
	List(ctx context.Context,
		p usecase.CategoryListParams) (usecase.Page[domain.Category], error)
}

// categoryAPI carries the category operations and their Swagger annotations.
type categoryAPI struct {
	*resource[domain.Category, CategoryRequest, CategoryResponse, usecase.CategoryInput,
		usecase.CategoryListParams]
}

func newCategoryAPI(svc CategoryService, cache string) categoryAPI {
	return categoryAPI{&resource[domain.Category, CategoryRequest, CategoryResponse,
		usecase.CategoryInput, usecase.CategoryListParams]{
		kind:       domain.ResourceCategory,
		path:       "/api/v1/categories",
		svc:        svc,
		readOnly:   readOnlyFields,
		toResp:     categoryResponse,
		meta:       func(c domain.Category) (int64, int64) { return c.ID, c.Version },
		listParams: categoryListParams,
		cache:      cache,
	}}
}

// listCategories godoc
//
//	@ID categories_list
//	@Tags categories
//	@Summary List categories
//	@Description Pages through categories. parent_id=0 lists the roots; page or cursor
//	@Description paging as for products. The default sort is sort_order, ties on id.
//	@Description Unknown parameters and repeated ones are a 400.
//	@Produce application/json,application/problem+json
//	@Param page query int false "Page number" minimum(1) default(1)
//	@Param page_size query int false "Items per page" minimum(1) maximum(100) default(20)
//	@Param cursor query string false "Opaque cursor from meta.next_cursor"
//	@Param sort query string false "Sort" Enums(sort_order,-sort_order,name,-name)
//	@Param parent_id query int false "Children of this category; 0 for roots" minimum(0)
//	@Param is_active query bool false "Only active or only inactive categories"
//	@Param q query string false "Search in name and description" maxLength(100)
//	@Success 200 {object} PageResponse[CategoryResponse]
//	@Header 200 {string} Cache-Control "public, max-age=60"
//	@Failure 400 {object} Problem "Bad parameter"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/categories [get]
func (a categoryAPI) listCategories(c *gin.Context) { a.list(c) }

// createCategory godoc
//
//	@ID categories_create
//	@Tags categories
//	@Summary Create a category
//	@Description Creates a category; parent_id null or omitted makes a root and must
//	@Description otherwise exist (422). An omitted slug is derived from the name with
//	@Description -2, -3, … while taken; an explicit taken slug is a 409. is_active
//	@Description defaults to true.
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param body body CategoryRequest true "The category"
//	@Success 201 {object} CategoryResponse
//	@Header 201 {string} Location "/api/v1/categories/3"
//	@Header 201 {string} ETag "Strong entity tag of this version"
//	@Failure 400 {object} Problem "Malformed JSON or a read-only field"
//	@Failure 409 {object} Problem "Slug taken"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Validation failed; errors lists every field"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/categories [post]
func (a categoryAPI) createCategory(c *gin.Context) { a.create(c) }

// getCategory godoc
//
//	@ID categories_get
//	@Tags categories
//	@Summary Get a category
//	@Description Returns one category with its ETag; If-None-Match with the current
//	@Description ETag (or *) gives 304.
//	@Produce application/json,application/problem+json
//	@Param id path int true "Category id" minimum(1)
//	@Param If-None-Match header string false "Entity tags the client holds, or *"
//	@Success 200 {object} CategoryResponse
//	@Header 200,304 {string} ETag "Strong entity tag of this version"
//	@Success 304 "Not modified"
//	@Failure 400 {object} Problem "Bad id"
//	@Failure 404 {object} Problem
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/categories/{id} [get]
func (a categoryAPI) getCategory(c *gin.Context) { a.get(c) }

// replaceCategory godoc
//
//	@ID categories_update
//	@Tags categories
//	@Summary Replace a category
//	@Description Full replace: omitted fields take their defaults (parent_id null, so a
//	@Description root; is_active true), except slug, which an omitted value keeps. A
//	@Description parent that is the category itself or one of its descendants is a 422.
//	@Description With If-Match only while still at that ETag (412 otherwise).
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Category id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body CategoryRequest true "The whole category"
//	@Success 200 {object} CategoryResponse
//	@Header 200 {string} ETag "Strong entity tag of this version"
//	@Failure 400 {object} Problem "Bad id, malformed JSON or a read-only field"
//	@Failure 404 {object} Problem
//	@Failure 409 {object} Problem "Slug taken"
//	@Failure 412 {object} Problem "If-Match does not match"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Validation failed, or the move would make a cycle"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/categories/{id} [put]
//	@x-operation "categories_update"
func (a categoryAPI) replaceCategory(c *gin.Context) { a.replace(c) }

// patchCategory godoc
//
//	@ID categories_update_patch
//	@Tags categories
//	@Summary Change some fields of a category
//	@Description JSON merge patch (RFC 7396): only the fields sent change;
//	@Description {"parent_id": null} makes the category a root. Concurrent writes are
//	@Description retried without If-Match and a 412 with it. Part of categories_update.
//	@Accept application/merge-patch+json,application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Category id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body CategoryRequest true "The fields to change"
//	@Success 200 {object} CategoryResponse
//	@Header 200 {string} ETag "Strong entity tag of this version"
//	@Failure 400 {object} Problem "Bad id, malformed JSON or a read-only field"
//	@Failure 404 {object} Problem
//	@Failure 409 {object} Problem "Slug taken"
//	@Failure 412 {object} Problem "If-Match does not match"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not JSON"
//	@Failure 422 {object} Problem "Validation failed, or the move would make a cycle"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/categories/{id} [patch]
//	@x-operation "categories_update"
func (a categoryAPI) patchCategory(c *gin.Context) { a.patch(c) }

// deleteCategory godoc
//
//	@ID categories_delete
//	@Tags categories
//	@Summary Delete a category
//	@Description Deletes a category. One that still has products or child categories
//	@Description is a 409 whose detail says what blocks it.
//	@Produce application/problem+json
//	@Param id path int true "Category id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Success 204 "Deleted"
//	@Failure 400 {object} Problem "Bad id"
//	@Failure 404 {object} Problem
//	@Failure 409 {object} Problem "Still has products or child categories"
//	@Failure 412 {object} Problem "If-Match does not match"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/categories/{id} [delete]
func (a categoryAPI) deleteCategory(c *gin.Context) { a.remove(c) }
