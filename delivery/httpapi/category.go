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
//	@Description Pages through categories, by sort_order unless sort says otherwise;
//	@Description parent_id=0 lists the roots. Page or cursor paging as for products. Anonymous
//	@Description callers see active categories only. Unknown parameters and repeated ones are
//	@Description a 400.
//	@Produce application/json,application/problem+json
//	@Param page query int false "Page number" minimum(1) default(1)
//	@Param page_size query int false "Items per page" minimum(1) maximum(100) default(20)
//	@Param cursor query string false "Opaque cursor from meta.next_cursor"
//	@Param sort query string false "Sort" Enums(sort_order,-sort_order,name,-name) default(sort_order)
//	@Param parent_id query int false "Children of this category; 0 for the roots" minimum(0)
//	@Param is_active query bool false "Only active or only inactive categories"
//	@Param q query string false "Search in name and description" maxLength(100)
//	@Success 200 {object} PageResponse[CategoryResponse]
//	@Failure 400 {object} Problem "An unknown, repeated or invalid parameter"
//	@Failure 401 {object} Problem "A bearer token was sent and is not valid"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200 {string} Cache-Control "public, max-age=60 (private with a token)"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/categories [get]
func (a categoryAPI) listCategories(c *gin.Context) { a.list(c) }

// createCategory godoc
//
//	@ID categories_create
//	@Tags categories
//	@Summary Create a category
//	@Description Creates a category (admin only). A null or omitted parent_id makes a root;
//	@Description otherwise the parent must exist (422). An omitted slug is derived from the
//	@Description name with -2, -3, ... while taken; an explicit slug that is taken is a 409.
//	@Description is_active defaults to true.
//	@Description With an Idempotency-Key, a retry with the same key and body gets the first
//	@Description answer again (Idempotency-Replayed: true) without a second row; the same key
//	@Description with another body is a 422, and a retry while the first is still running
//	@Description a 409. Keys are kept for 24 hours, per caller.
//	@Security BearerAuth
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param Idempotency-Key header string false "Makes retries safe (see above)" maxlength(255)
//	@Param body body CategoryRequest true "The category"
//	@Success 201 {object} CategoryResponse
//	@Failure 400 {object} Problem "Malformed JSON or Idempotency-Key, or a read-only field"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 409 {object} Problem "Slug taken, or this Idempotency-Key is still running"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Invalid fields or parent, or a reused Idempotency-Key"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 201 {string} Location "Path of the new category"
//	@Header 201 {string} ETag "Strong entity tag of this version"
//	@Header 201 {string} Idempotency-Replayed "true: the stored answer to an earlier request"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/categories [post]
func (a categoryAPI) createCategory(c *gin.Context) { a.create(c) }

// getCategory godoc
//
//	@ID categories_get
//	@Tags categories
//	@Summary Get a category
//	@Description Returns one category with its ETag; If-None-Match with the current ETag (or *)
//	@Description gives 304. An inactive category is a 404 to anonymous callers.
//	@Produce application/json,application/problem+json
//	@Param id path int true "Category id" minimum(1)
//	@Param If-None-Match header string false "Entity tags the client holds, or *"
//	@Success 200 {object} CategoryResponse
//	@Success 304 "Not modified: the ETag sent is current"
//	@Failure 400 {object} Problem "The id is not a positive integer"
//	@Failure 401 {object} Problem "A bearer token was sent and is not valid"
//	@Failure 404 {object} Problem "No such category, or one hidden from this caller"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200,304 {string} ETag "Strong entity tag of this version"
//	@Header 200,304 {string} Cache-Control "public, max-age=60 (private with a token)"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/categories/{id} [get]
func (a categoryAPI) getCategory(c *gin.Context) { a.get(c) }

// replaceCategory godoc
//
//	@ID categories_update
//	@Tags categories
//	@Summary Replace a category
//	@Description Full replace (admin only): omitted fields take their defaults (parent_id null,
//	@Description so a root; is_active true), except slug, which an omitted value keeps. A
//	@Description parent that is the category itself or one of its descendants is a 422. With
//	@Description If-Match only while still at that ETag (412 otherwise). Part of the
//	@Description categories_update operation.
//	@Security BearerAuth
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Category id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body CategoryRequest true "The whole category"
//	@Success 200 {object} CategoryResponse
//	@Failure 400 {object} Problem "Bad id, JSON or If-Match, or a read-only field"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 404 {object} Problem "No such category, or one hidden from this caller"
//	@Failure 409 {object} Problem "Slug taken"
//	@Failure 412 {object} Problem "If-Match does not match the current ETag"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Invalid fields, or the parent makes a cycle"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200 {string} ETag "Strong entity tag of the new version"
//	@Header 412 {string} ETag "The current entity tag"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/categories/{id} [put]
//	@x-operation "categories_update"
func (a categoryAPI) replaceCategory(c *gin.Context) { a.replace(c) }

// patchCategory godoc
//
//	@ID categories_update_patch
//	@Tags categories
//	@Summary Change some fields of a category
//	@Description JSON merge patch (RFC 7396), admin only: only the fields sent change;
//	@Description {"parent_id": null} makes the category a root. Concurrent writes are retried
//	@Description without If-Match and a 412 with it. Part of the categories_update operation.
//	@Security BearerAuth
//	@Accept application/merge-patch+json,application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Category id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body CategoryPatch true "The fields to change; null resets one"
//	@Success 200 {object} CategoryResponse
//	@Failure 400 {object} Problem "Bad id, JSON or If-Match, or a read-only field"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 404 {object} Problem "No such category, or one hidden from this caller"
//	@Failure 409 {object} Problem "Slug taken, or it kept changing: retry"
//	@Failure 412 {object} Problem "If-Match does not match the current ETag"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not JSON"
//	@Failure 422 {object} Problem "Invalid fields, or the parent makes a cycle"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200 {string} ETag "Strong entity tag of the new version"
//	@Header 412 {string} ETag "The current entity tag"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/categories/{id} [patch]
//	@x-operation "categories_update"
func (a categoryAPI) patchCategory(c *gin.Context) { a.patch(c) }

// deleteCategory godoc
//
//	@ID categories_delete
//	@Tags categories
//	@Summary Delete a category
//	@Description Deletes a category (admin only). One that still has products or child
//	@Description categories is a 409 whose detail says what blocks it.
//	@Security BearerAuth
//	@Produce application/problem+json
//	@Param id path int true "Category id" minimum(1)
//	@Param If-Match header string false "Entity tag the delete expects, or *"
//	@Success 204 "Deleted"
//	@Failure 400 {object} Problem "Bad id or If-Match"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 404 {object} Problem "No such category, or one hidden from this caller"
//	@Failure 409 {object} Problem "Still has products or child categories"
//	@Failure 412 {object} Problem "If-Match does not match the current ETag"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 412 {string} ETag "The current entity tag"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/categories/{id} [delete]
func (a categoryAPI) deleteCategory(c *gin.Context) { a.remove(c) }
