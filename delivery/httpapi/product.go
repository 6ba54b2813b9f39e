package httpapi

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// ProductService is the product use case as the handlers use it.
type ProductService interface {
	CreateIdempotent(ctx context.Context, in usecase.ProductInput, k usecase.IdempotencyKey,
		render usecase.Render[domain.Product]) (usecase.StoredResponse, bool, error)
	Get(ctx context.Context, id int64) (domain.Product, error)
	Replace(ctx context.Context, id int64, in usecase.ProductInput,
		o usecase.WriteOptions) (domain.Product, error)
	Delete(ctx context.Context, id int64, o usecase.WriteOptions) error
	List(ctx context.Context, p usecase.ProductListParams) (usecase.Page[domain.Product], error)
}

// productAPI carries the product operations; the methods only hold the Swagger
// annotations and hand over to the shared resource rules.
type productAPI struct {
	*resource[domain.Product, ProductRequest, ProductResponse, usecase.ProductInput,
		usecase.ProductListParams]
}

func newProductAPI(svc ProductService, cache string) productAPI {
	return productAPI{&resource[domain.Product, ProductRequest, ProductResponse,
		usecase.ProductInput, usecase.ProductListParams]{
		kind:       domain.ResourceProduct,
		path:       "/api/v1/products",
		svc:        svc,
		readOnly:   readOnlyFields,
		toResp:     productResponse,
		meta:       func(p domain.Product) (int64, int64) { return p.ID, p.Version },
		listParams: productListParams,
		cache:      cache,
	}}
}

// listProducts godoc
//
//	@ID products_list
//	@Tags products
//	@Summary List products
//	@Description Pages through products with filters. Use page for numbered pages or
//	@Description cursor (meta.next_cursor of the previous page) for deep scrolling;
//	@Description a cursor page leaves out page, total and total_pages. Every sort
//	@Description breaks ties on id. Unknown parameters and repeated single-valued
//	@Description ones are a 400. The default sort is -created_at; q is case- and
//	@Description accent-insensitive.
//	@Produce application/json,application/problem+json
//	@Param page query int false "Page number" minimum(1) default(1)
//	@Param page_size query int false "Items per page" minimum(1) maximum(100) default(20)
//	@Param cursor query string false "Opaque cursor from meta.next_cursor"
//	@Param sort query string false "Sort" Enums(-created_at,created_at,price,-price,name,-name,stock,-stock)
//	@Param category_id query int false "Only this category" minimum(1)
//	@Param include_subcategories query bool false "With category_id, the whole subtree"
//	@Param vendor_id query int false "Only this vendor" minimum(1)
//	@Param status query string false "Only this status" Enums(draft,active,inactive,archived)
//	@Param min_price query string false "Lowest price, such as 10.00"
//	@Param max_price query string false "Highest price, such as 99.99"
//	@Param in_stock query bool false "true: only stock > 0"
//	@Param tag query []string false "All must match" collectionFormat(multi) maxItems(10)
//	@Param q query string false "Search in name and description" maxLength(100)
//	@Success 200 {object} PageResponse[ProductResponse]
//	@Header 200 {string} Cache-Control "public, max-age=60"
//	@Failure 400 {object} Problem "Bad parameter"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/products [get]
func (a productAPI) listProducts(c *gin.Context) { a.list(c) }

// createProduct godoc
//
//	@ID products_create
//	@Tags products
//	@Summary Create a product
//	@Description Creates a product. An omitted slug is derived from the name (accents and
//	@Description case folded, -2, -3, … appended while taken); an explicit slug that is
//	@Description taken is a 409. status defaults to draft. category_id and vendor_id must
//	@Description exist (422). price is exact: a string or a number with at most two
//	@Description decimals. Read-only fields (id, created_at, updated_at) are a 400 and
//	@Description unknown fields a 422 naming each of them.
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param body body ProductRequest true "The product"
//	@Success 201 {object} ProductResponse
//	@Header 201 {string} Location "/api/v1/products/42"
//	@Header 201 {string} ETag "Strong entity tag of this version"
//	@Failure 400 {object} Problem "Malformed JSON or a read-only field"
//	@Failure 409 {object} Problem "Slug taken"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Validation failed; errors lists every field"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/products [post]
func (a productAPI) createProduct(c *gin.Context) { a.create(c) }

// getProduct godoc
//
//	@ID products_get
//	@Tags products
//	@Summary Get a product
//	@Description Returns one product with its ETag. With If-None-Match naming the current
//	@Description ETag (or *) the answer is 304 with no body.
//	@Produce application/json,application/problem+json
//	@Param id path int true "Product id" minimum(1)
//	@Param If-None-Match header string false "Entity tags the client holds, or *"
//	@Success 200 {object} ProductResponse
//	@Header 200,304 {string} ETag "Strong entity tag of this version"
//	@Success 304 "Not modified"
//	@Failure 400 {object} Problem "Bad id"
//	@Failure 404 {object} Problem
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/products/{id} [get]
func (a productAPI) getProduct(c *gin.Context) { a.get(c) }

// replaceProduct godoc
//
//	@ID products_update
//	@Tags products
//	@Summary Replace a product
//	@Description Full replace: every writable field takes the body's value, and an omitted
//	@Description field its default (description empty, status draft, no images or tags),
//	@Description except slug: an omitted slug keeps the current one. With If-Match the
//	@Description write happens only while the product is still at that ETag (412
//	@Description otherwise); weak tags never match.
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Product id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body ProductRequest true "The whole product"
//	@Success 200 {object} ProductResponse
//	@Header 200 {string} ETag "Strong entity tag of this version"
//	@Failure 400 {object} Problem "Bad id, malformed JSON or a read-only field"
//	@Failure 404 {object} Problem
//	@Failure 409 {object} Problem "Slug taken"
//	@Failure 412 {object} Problem "If-Match does not match"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Validation failed"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/products/{id} [put]
//	@x-operation "products_update"
func (a productAPI) replaceProduct(c *gin.Context) { a.replace(c) }

// patchProduct godoc
//
//	@ID products_update_patch
//	@Tags products
//	@Summary Change some fields of a product
//	@Description JSON merge patch (RFC 7396): only the fields sent change; null resets a
//	@Description field to its default. Without If-Match a concurrent write is retried on
//	@Description the fresh version, so no change is lost; with If-Match a changed product
//	@Description is a 412. Part of the products_update operation.
//	@Accept application/merge-patch+json,application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Product id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body ProductRequest true "The fields to change"
//	@Success 200 {object} ProductResponse
//	@Header 200 {string} ETag "Strong entity tag of this version"
//	@Failure 400 {object} Problem "Bad id, malformed JSON or a read-only field"
//	@Failure 404 {object} Problem
//	@Failure 409 {object} Problem "Slug taken"
//	@Failure 412 {object} Problem "If-Match does not match"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not JSON"
//	@Failure 422 {object} Problem "Validation failed"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/products/{id} [patch]
//	@x-operation "products_update"
func (a productAPI) patchProduct(c *gin.Context) { a.patch(c) }

// deleteProduct godoc
//
//	@ID products_delete
//	@Tags products
//	@Summary Delete a product
//	@Description Deletes a product and lowers its vendor's total_products in the same
//	@Description transaction. With If-Match only while still at that ETag.
//	@Produce application/problem+json
//	@Param id path int true "Product id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Success 204 "Deleted"
//	@Failure 400 {object} Problem "Bad id"
//	@Failure 404 {object} Problem
//	@Failure 412 {object} Problem "If-Match does not match"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/products/{id} [delete]
func (a productAPI) deleteProduct(c *gin.Context) { a.remove(c) }
