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
//	@Description Pages through products, newest first unless sort says otherwise. Use page for
//	@Description numbered pages or cursor (meta.next_cursor of the previous page) for deep
//	@Description scrolling; a cursor page leaves out page, total and total_pages. Anonymous
//	@Description callers see active products only; a vendor also sees its own others. Unknown
//	@Description parameters and repeated single-valued ones are a 400, never ignored.
//	@Produce application/json,application/problem+json
//	@Param page query int false "Page number" minimum(1) default(1)
//	@Param page_size query int false "Items per page" minimum(1) maximum(100) default(20)
//	@Param cursor query string false "Opaque cursor from meta.next_cursor"
//	@Param sort query string false "Sort" Enums(-created_at,created_at,price,-price,name,-name,stock,-stock) default(-created_at)
//	@Param category_id query int false "Only this category" minimum(1)
//	@Param include_subcategories query bool false "With category_id: its whole subtree"
//	@Param vendor_id query int false "Only this vendor" minimum(1)
//	@Param status query string false "Only this status" Enums(draft,active,inactive,archived)
//	@Param min_price query string false "Lowest price, such as 10.00"
//	@Param max_price query string false "Highest price, such as 99.99"
//	@Param in_stock query bool false "true: only stock above 0"
//	@Param tag query []string false "All must match; at most 10" collectionFormat(multi)
//	@Param q query string false "Search in name and description" maxLength(100)
//	@Success 200 {object} PageResponse[ProductResponse]
//	@Failure 400 {object} Problem "An unknown, repeated or invalid parameter"
//	@Failure 401 {object} Problem "A bearer token was sent and is not valid"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200 {string} Cache-Control "public, max-age=60 (private with a token)"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/products [get]
func (a productAPI) listProducts(c *gin.Context) { a.list(c) }

// createProduct godoc
//
//	@ID products_create
//	@Tags products
//	@Summary Create a product
//	@Description Creates a product; admin, or a vendor for its own vendor_id. An omitted slug
//	@Description is derived from the name (accents and case folded, -2, -3, ... appended while
//	@Description taken); an explicit slug that is taken is a 409. status defaults to draft.
//	@Description category_id and vendor_id must exist (422). price is exact: a string or a
//	@Description number with at most two decimals. Read-only fields (id, created_at,
//	@Description updated_at) are a 400 and unknown fields a 422 naming each of them.
//	@Description With an Idempotency-Key, a retry with the same key and body gets the first
//	@Description answer again (Idempotency-Replayed: true) without a second row; the same key
//	@Description with another body is a 422, and a retry while the first is still running
//	@Description a 409. Keys are kept for 24 hours, per caller.
//	@Security BearerAuth
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param Idempotency-Key header string false "Makes retries safe (see above)" maxlength(255)
//	@Param body body ProductRequest true "The product"
//	@Success 201 {object} ProductResponse
//	@Failure 400 {object} Problem "Malformed JSON or Idempotency-Key, or a read-only field"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 409 {object} Problem "Slug taken, or this Idempotency-Key is still running"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Invalid fields or ids, or a reused Idempotency-Key"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 201 {string} Location "Path of the new product"
//	@Header 201 {string} ETag "Strong entity tag of this version"
//	@Header 201 {string} Idempotency-Replayed "true: the stored answer to an earlier request"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/products [post]
func (a productAPI) createProduct(c *gin.Context) { a.create(c) }

// getProduct godoc
//
//	@ID products_get
//	@Tags products
//	@Summary Get a product
//	@Description Returns one product with its ETag. With If-None-Match naming the current ETag
//	@Description (or *) the answer is 304 with no body. A product that is not active is a 404
//	@Description to anonymous callers.
//	@Produce application/json,application/problem+json
//	@Param id path int true "Product id" minimum(1)
//	@Param If-None-Match header string false "Entity tags the client holds, or *"
//	@Success 200 {object} ProductResponse
//	@Success 304 "Not modified: the ETag sent is current"
//	@Failure 400 {object} Problem "The id is not a positive integer"
//	@Failure 401 {object} Problem "A bearer token was sent and is not valid"
//	@Failure 404 {object} Problem "No such product, or one hidden from this caller"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200,304 {string} ETag "Strong entity tag of this version"
//	@Header 200,304 {string} Cache-Control "public, max-age=60 (private with a token)"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/products/{id} [get]
func (a productAPI) getProduct(c *gin.Context) { a.get(c) }

// replaceProduct godoc
//
//	@ID products_update
//	@Tags products
//	@Summary Replace a product
//	@Description Full replace: every writable field takes the body's value, and an omitted
//	@Description field its default (description empty, stock 0, status draft, no images or
//	@Description tags), except slug: an omitted slug keeps the current one. With If-Match the
//	@Description write happens only while the product is still at that ETag (412 otherwise). A
//	@Description vendor may replace only its own products. Part of the products_update
//	@Description operation.
//	@Security BearerAuth
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Product id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body ProductRequest true "The whole product"
//	@Success 200 {object} ProductResponse
//	@Failure 400 {object} Problem "Bad id, JSON or If-Match, or a read-only field"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 404 {object} Problem "No such product, or one hidden from this caller"
//	@Failure 409 {object} Problem "Slug taken"
//	@Failure 412 {object} Problem "If-Match does not match the current ETag"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Invalid fields"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200 {string} ETag "Strong entity tag of the new version"
//	@Header 412 {string} ETag "The current entity tag"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/products/{id} [put]
//	@x-operation "products_update"
func (a productAPI) replaceProduct(c *gin.Context) { a.replace(c) }

// patchProduct godoc
//
//	@ID products_update_patch
//	@Tags products
//	@Summary Change some fields of a product
//	@Description JSON merge patch (RFC 7396): only the fields sent change; null resets a field
//	@Description to its default. Without If-Match a concurrent write is retried on the fresh
//	@Description version, so no change is lost (a product that keeps changing is a 409 after a
//	@Description few tries); with If-Match a changed product is a 412. Part of the
//	@Description products_update operation.
//	@Security BearerAuth
//	@Accept application/merge-patch+json,application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Product id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body ProductPatch true "The fields to change; null resets one"
//	@Success 200 {object} ProductResponse
//	@Failure 400 {object} Problem "Bad id, JSON or If-Match, or a read-only field"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 404 {object} Problem "No such product, or one hidden from this caller"
//	@Failure 409 {object} Problem "Slug taken, or it kept changing: retry"
//	@Failure 412 {object} Problem "If-Match does not match the current ETag"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not JSON"
//	@Failure 422 {object} Problem "Invalid fields"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200 {string} ETag "Strong entity tag of the new version"
//	@Header 412 {string} ETag "The current entity tag"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/products/{id} [patch]
//	@x-operation "products_update"
func (a productAPI) patchProduct(c *gin.Context) { a.patch(c) }

// deleteProduct godoc
//
//	@ID products_delete
//	@Tags products
//	@Summary Delete a product
//	@Description Deletes a product and lowers its vendor's total_products in the same
//	@Description transaction. With If-Match only while still at that ETag. A vendor may delete
//	@Description only its own products.
//	@Security BearerAuth
//	@Produce application/problem+json
//	@Param id path int true "Product id" minimum(1)
//	@Param If-Match header string false "Entity tag the delete expects, or *"
//	@Success 204 "Deleted"
//	@Failure 400 {object} Problem "Bad id or If-Match"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 404 {object} Problem "No such product, or one hidden from this caller"
//	@Failure 412 {object} Problem "If-Match does not match the current ETag"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 412 {string} ETag "The current entity tag"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/products/{id} [delete]
func (a productAPI) deleteProduct(c *gin.Context) { a.remove(c) }
