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
//	@Description Pages through vendors; page or cursor paging as for products. The
//	@Description default sort is name, ties on id. Unknown parameters and repeated ones
//	@Description are a 400.
//	@Produce application/json,application/problem+json
//	@Param page query int false "Page number" minimum(1) default(1)
//	@Param page_size query int false "Items per page" minimum(1) maximum(100) default(20)
//	@Param cursor query string false "Opaque cursor from meta.next_cursor"
//	@Param sort query string false "Sort" Enums(name,-name,rating,-rating,created_at,-created_at)
//	@Param is_active query bool false "Only active or only inactive vendors"
//	@Param is_verified query bool false "Only verified or only unverified vendors"
//	@Param min_rating query string false "Lowest rating, 0.00 to 5.00"
//	@Param q query string false "Search in name and description" maxLength(100)
//	@Success 200 {object} PageResponse[VendorResponse]
//	@Header 200 {string} Cache-Control "public, max-age=60"
//	@Failure 400 {object} Problem "Bad parameter"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/vendors [get]
func (a vendorAPI) listVendors(c *gin.Context) { a.list(c) }

// createVendor godoc
//
//	@ID vendors_create
//	@Tags vendors
//	@Summary Create a vendor
//	@Description Creates a vendor. email is stored lower-cased and must be unique
//	@Description regardless of case (409). rating is 0.00 to 5.00, a string or a number;
//	@Description total_products is read-only (400) and always the exact product count.
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param body body VendorRequest true "The vendor"
//	@Success 201 {object} VendorResponse
//	@Header 201 {string} Location "/api/v1/vendors/7"
//	@Header 201 {string} ETag "Strong entity tag of this version"
//	@Failure 400 {object} Problem "Malformed JSON or a read-only field"
//	@Failure 409 {object} Problem "Email taken"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Validation failed; errors lists every field"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/vendors [post]
func (a vendorAPI) createVendor(c *gin.Context) { a.create(c) }

// getVendor godoc
//
//	@ID vendors_get
//	@Tags vendors
//	@Summary Get a vendor
//	@Description Returns one vendor with its ETag; If-None-Match with the current ETag
//	@Description (or *) gives 304.
//	@Produce application/json,application/problem+json
//	@Param id path int true "Vendor id" minimum(1)
//	@Param If-None-Match header string false "Entity tags the client holds, or *"
//	@Success 200 {object} VendorResponse
//	@Header 200,304 {string} ETag "Strong entity tag of this version"
//	@Success 304 "Not modified"
//	@Failure 400 {object} Problem "Bad id"
//	@Failure 404 {object} Problem
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/vendors/{id} [get]
func (a vendorAPI) getVendor(c *gin.Context) { a.get(c) }

// replaceVendor godoc
//
//	@ID vendors_update
//	@Tags vendors
//	@Summary Replace a vendor
//	@Description Full replace: omitted fields take their defaults (empty text and
//	@Description address, is_active true, is_verified false, rating 0.00). With If-Match
//	@Description only while still at that ETag (412 otherwise).
//	@Accept application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Vendor id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body VendorRequest true "The whole vendor"
//	@Success 200 {object} VendorResponse
//	@Header 200 {string} ETag "Strong entity tag of this version"
//	@Failure 400 {object} Problem "Bad id, malformed JSON or a read-only field"
//	@Failure 404 {object} Problem
//	@Failure 409 {object} Problem "Email taken"
//	@Failure 412 {object} Problem "If-Match does not match"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not application/json"
//	@Failure 422 {object} Problem "Validation failed"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/vendors/{id} [put]
//	@x-operation "vendors_update"
func (a vendorAPI) replaceVendor(c *gin.Context) { a.replace(c) }

// patchVendor godoc
//
//	@ID vendors_update_patch
//	@Tags vendors
//	@Summary Change some fields of a vendor
//	@Description JSON merge patch (RFC 7396): only the fields sent change, address parts
//	@Description included; null resets a field to its default. Concurrent writes are
//	@Description retried without If-Match and a 412 with it. Part of vendors_update.
//	@Accept application/merge-patch+json,application/json
//	@Produce application/json,application/problem+json
//	@Param id path int true "Vendor id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Param body body VendorRequest true "The fields to change"
//	@Success 200 {object} VendorResponse
//	@Header 200 {string} ETag "Strong entity tag of this version"
//	@Failure 400 {object} Problem "Bad id, malformed JSON or a read-only field"
//	@Failure 404 {object} Problem
//	@Failure 409 {object} Problem "Email taken"
//	@Failure 412 {object} Problem "If-Match does not match"
//	@Failure 413 {object} Problem "Body over 1 MiB"
//	@Failure 415 {object} Problem "Body is not JSON"
//	@Failure 422 {object} Problem "Validation failed"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/vendors/{id} [patch]
//	@x-operation "vendors_update"
func (a vendorAPI) patchVendor(c *gin.Context) { a.patch(c) }

// deleteVendor godoc
//
//	@ID vendors_delete
//	@Tags vendors
//	@Summary Delete a vendor
//	@Description Deletes a vendor. One that still has products is a 409 whose detail
//	@Description says how many.
//	@Produce application/problem+json
//	@Param id path int true "Vendor id" minimum(1)
//	@Param If-Match header string false "Entity tag the write expects, or *"
//	@Success 204 "Deleted"
//	@Failure 400 {object} Problem "Bad id"
//	@Failure 404 {object} Problem
//	@Failure 409 {object} Problem "Still has products"
//	@Failure 412 {object} Problem "If-Match does not match"
//	@Failure 500 {object} Problem
//	@Failure 503 {object} Problem "Database unavailable (Retry-After)"
//	@Router /api/v1/vendors/{id} [delete]
func (a vendorAPI) deleteVendor(c *gin.Context) { a.remove(c) }
