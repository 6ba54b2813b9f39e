// Package httpapi is the HTTP face of the catalog: a Gin engine with the fifteen
// operations of the contract (shared/API.md), health and readiness probes, the OpenAPI
// documents, the Swagger UI and, when configured, Prometheus metrics. Handlers only
// bind, call a use case and respond; the rules of the contract that are about HTTP
// (strict JSON, problem details, ETags and conditional requests, merge patch, paging
// parameters, caching) live here, once, for every resource. The same engine serves the
// local server and, through an adapter, Lambda.
//
// The swag annotations on the handlers are the source of docs/ (make docs); the
// general API information is below.
package httpapi

//	@title Gamarriando product service
//	@version 1.0
//	@description Product catalog of the Gamarriando marketplace: products, categories
//	@description (a tree through parent_id) and vendors.
//	@description
//	@description Conventions. Money is exact: price is a string with two decimals
//	@description ("29.99"); input also takes a number, parsed without float64.
//	@description Timestamps are RFC 3339 in UTC. Every error is RFC 9457 problem
//	@description details (application/problem+json) whose errors list every invalid
//	@description field at once. Every response carries X-Request-Id: the one sent,
//	@description when it is up to 128 characters of [A-Za-z0-9._:=+/-], or a new one;
//	@description quote it when reporting a problem.
//	@description
//	@description Access. Reads are public and show only what is published (active
//	@description products, categories and vendors); a bearer token can widen that
//	@description (a vendor sees its own drafts). Writes need a bearer JWT whose role
//	@description claim is admin, or vendor for the caller's own products and profile.
//	@description A local server started without authentication treats every request
//	@description as admin (development only).
//	@description
//	@description Concurrency and retries. Single resources carry a strong ETag
//	@description ("v<version>"): If-None-Match gives 304 on reads, If-Match gives 412
//	@description on writes when the resource changed. POST takes an Idempotency-Key:
//	@description a retry with the same key and body replays the first response
//	@description (Idempotency-Replayed: true).
//	@description
//	@description Strict bodies: over 1 MiB is 413, a non-JSON media type 415,
//	@description malformed JSON, duplicate or case-variant keys and read-only fields
//	@description 400, unknown fields and wrong types 422. A known path with another
//	@description method is 405 with an Allow header; an unknown path is 404.
//	@contact.name Gamarriando catalog team
//	@contact.url https://github.com/gamarriando/product-service
//	@license.name Proprietary
//	@license.url https://github.com/gamarriando/product-service
//	@BasePath /
//	@schemes http https
//	@tag.name products
//	@tag.description Items for sale, each in one category and sold by one vendor.
//	@tag.name categories
//	@tag.description The category tree (parent_id); roots have a null parent_id.
//	@tag.name vendors
//	@tag.description Sellers, with an exact count of their products.
//	@tag.name operations
//	@tag.description Liveness and readiness probes, outside the versioned API.
//	@securityDefinitions.apikey BearerAuth
//	@in header
//	@name Authorization
//	@description A JWT sent as "Bearer <token>". Its role claim (or a Cognito group)
//	@description is admin or vendor; a vendor's id is in vendor_id.
