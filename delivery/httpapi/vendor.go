package httpapi

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// VendorService is the vendor use case as the handlers use it.
type VendorService interface {
	CreateIdempotent(ctx context.Context, in usecase.VendorInput, k usecase.IdempotencyKey,
		render usecase.Render[domain.Vendor]) (usecase.StoredResponse, bool, error)
	Get(ctx context.Context, id int64) (domain.Vendor, error)
	Replace(ctx context.Context, id int64, in usecase.VendorInput,
		o usecase.WriteOptions) (domain.Vendor, error)
	Delete(ctx context.Context, id int64, o usecase.WriteOptions) error
	List(ctx context.Context, p usecase.VendorListParams) (usecase.Page[domain.Vendor], error)
}

// vendorAPI carries the vendor operations and their Swagger annotations.
type vendorAPI struct {
	*resource[domain.Vendor, VendorRequest, VendorResponse, usecase.VendorInput,
		usecase.VendorListParams]
}

func newVendorAPI(svc VendorService, cache string) vendorAPI {
	return vendorAPI{&resource[domain.Vendor, VendorRequest, VendorResponse,
		usecase.VendorInput, usecase.VendorListParams]{
		kind:       domain.ResourceVendor,
		path:       "/api/v1/vendors",
		svc:        svc,
		readOnly:   vendorReadOnlyFields,
		toResp:     vendorResponse,
		meta:       func(v domain.Vendor) (int64, int64) { return v.ID, v.Version },
		listParams: vendorListParams,
		cache:      cache,
	}}
}

// listVendors godoc
//
//	@ID vendors_list
//	@Tags vendors
//	@Summary List vendors
//	@Description Pages through vendors, by name unless sort says otherwise; page or cursor
//	@Description paging as for products. Anonymous callers see active vendors only. Unknown
//	@Description parameters and repeated ones are a 400.
//	@Produce application/json,application/problem+json
//	@Param page query int false "Page number" minimum(1) default(1)
//	@Param page_size query int false "Items per page" minimum(1) maximum(100) default(20)
//	@Param cursor query string false "Opaque cursor from meta.next_cursor"
//	@Param sort query string false "Sort" Enums(name,-name,rating,-rating,created_at,-created_at) default(name)
//	@Param is_active query bool false "Only active or only inactive vendors"
//	@Param is_verified query bool false "Only verified or only unverified vendors"
//	@Param min_rating query string false "Lowest rating, 0.00 to 5.00"
//	@Param q query string false "Search in name and description" maxLength(100)
//	@Success 200 {object} PageResponse[VendorResponse]
//	@Failure 400 {object} Problem "An unknown, repeated or invalid parameter"
//	@Failure 401 {object} Problem "A bearer token was sent and is not valid"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200 {string} Cache-Control "public, max-age=60 (private with a token)"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/vendors [get]
func (a vendorAPI) listVendors(c *gin.Context) { a.list(c) }

// createVendor godoc
//
//	@ID vendors_create
//	@Tags vendors
//	@Summary Create a vendor
//	@Description Creates a vendor (admin only). email is stored lower-cased and must be unique
//	@Description regardless of case (409). rating is 0.00 to 5.00, a string or a number;
//	@Description total_products is read-only (400) and always the exact number of the vendor's
//	@Description products.
//	@Description With an Idempotency-Key, a retry with the same key and body gets the first
//	@Description answer again (Idempotency-Replayed: true) without a second row; the same key
//	@Description with another body is a 422, and a retry while the first is still running
//	@Description a 409. Keys are kept for 24 hours, per caller.
//	@Security BearerAuth
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param Idempotency-Key header string false "Makes retries safe (see above)" maxlength(255)
//	@Param body body VendorRequest true "The vendor"
//	@Success 201 {object} VendorResponse
//	@Failure 400 {object} Problem "Malformed JSON or Idempotency-Key, or a read-only field"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 409 {object} Problem "Email taken, or this Idempotency-Key is still running"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Invalid fields, or a reused Idempotency-Key"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 201 {string} Location "Path of the new vendor"
//	@Header 201 {string} ETag "Strong entity tag of this version"
//	@Header 201 {string} Idempotency-Replayed "true: the stored answer to an earlier request"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/vendors [post]
func (a vendorAPI) createVendor(c *gin.Context) { a.create(c) }

// getVendor godoc
//
//	@ID vendors_get
//	@Tags vendors
//	@Summary Get a vendor
//	@Description Returns one vendor with its ETag; If-None-Match with the current ETag (or *)
//	@Description gives 304. An inactive vendor is a 404 to anonymous callers.
//	@Produce application/json,application/problem+json
//	@Param id path int true "Vendor id" minimum(1)
//	@Param If-None-Match header string false "Entity tags the client holds, or *"
//	@Success 200 {object} VendorResponse
//	@Success 304 "Not modified: the ETag sent is current"
//	@Failure 400 {object} Problem "The id is not a positive integer"
//	@Failure 401 {object} Problem "A bearer token was sent and is not valid"
//	@Failure 404 {object} Problem "No such vendor, or one hidden from this caller"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 200,304 {string} ETag "Strong entity tag of this version"
//	@Header 200,304 {string} Cache-Control "public, max-age=60 (private with a token)"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/vendors/{id} [get]
func (a vendorAPI) getVendor(c *gin.Context) { a.get(c) }

// replaceVendor godoc
//
//	@ID vendors_update
//	@Tags vendors
//	@Summary Replace a vendor
//	@Description Full replace: omitted fields take their defaults (empty text and address,
//	@Description is_active true, is_verified false, rating 0.00). A vendor may replace its own
//	@Description profile but not is_verified or rating (403). With If-Match only while still at
//	@Description that ETag (412 otherwise). Part of the vendors_update operation.
//	@Security BearerAuth
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Vendor id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body VendorRequest true "The whole vendor"
//	@Success 200 {object} VendorResponse
//	@Failure 400 {object} Problem "Bad id, JSON or If-Match, or a read-only field"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 404 {object} Problem "No such vendor, or one hidden from this caller"
//	@Failure 409 {object} Problem "Email taken"
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
//	@Router /api/v1/vendors/{id} [put]
//	@x-operation "vendors_update"
func (a vendorAPI) replaceVendor(c *gin.Context) { a.replace(c) }

// patchVendor godoc
//
//	@ID vendors_update_patch
//	@Tags vendors
//	@Summary Change some fields of a vendor
//	@Description JSON merge patch (RFC 7396): only the fields sent change, address parts
//	@Description included; null resets a field to its default. A vendor may change its own
//	@Description profile but not is_verified or rating (403). Concurrent writes are retried
//	@Description without If-Match and a 412 with it. Part of the vendors_update operation.
//	@Security BearerAuth
//	@Accept application/merge-patch+json,application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Vendor id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body VendorPatch true "The fields to change; null resets one"
//	@Success 200 {object} VendorResponse
//	@Failure 400 {object} Problem "Bad id, JSON or If-Match, or a read-only field"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 404 {object} Problem "No such vendor, or one hidden from this caller"
//	@Failure 409 {object} Problem "Email taken, or it kept changing: retry"
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
//	@Router /api/v1/vendors/{id} [patch]
//	@x-operation "vendors_update"
func (a vendorAPI) patchVendor(c *gin.Context) { a.patch(c) }

// deleteVendor godoc
//
//	@ID vendors_delete
//	@Tags vendors
//	@Summary Delete a vendor
//	@Description Deletes a vendor (admin only). One that still has products is a 409 whose
//	@Description detail says how many.
//	@Security BearerAuth
//	@Produce application/problem+json
//	@Param id path int true "Vendor id" minimum(1)
//	@Param If-Match header string false "Entity tag the delete expects, or *"
//	@Success 204 "Deleted"
//	@Failure 400 {object} Problem "Bad id or If-Match"
//	@Failure 401 {object} Problem "No bearer token, or one that is not valid"
//	@Failure 403 {object} Problem "The caller's role may not do this"
//	@Failure 404 {object} Problem "No such vendor, or one hidden from this caller"
//	@Failure 409 {object} Problem "Still has products"
//	@Failure 412 {object} Problem "If-Match does not match the current ETag"
//	@Failure 500 {object} Problem "A bug; quote the request_id"
//	@Failure 503 {object} Problem "Database unreachable; retry after Retry-After"
//	@Header 412 {string} ETag "The current entity tag"
//	@Header 401 {string} WWW-Authenticate "Bearer challenge"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /api/v1/vendors/{id} [delete]
func (a vendorAPI) deleteVendor(c *gin.Context) { a.remove(c) }
