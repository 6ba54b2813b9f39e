// Package httpapi is the HTTP face of the catalog: a Gin engine with the fifteen
// operations of the contract (shared/API.md), health and readiness probes and the
// Swagger UI. Handlers only bind, call a use case and respond; the rules of the
// contract that are about HTTP (strict JSON, problem details, ETags and conditional
// requests, merge patch, paging parameters, caching) live here, once, for every
// resource. The same engine serves the local server and, through an adapter, Lambda.
//
// Authentication is not applied here yet: every request acts with full rights.
package httpapi

//	@title			Gamarriando product service
//	@version		1.0
//	@description	Product catalog of the Gamarriando marketplace: products, categories
//	@description	(a tree through parent_id) and vendors. Money is exact (price is a
//	@description	string with two decimals), timestamps are RFC 3339 UTC, and every error
//	@description	is RFC 9457 problem details (application/problem+json) whose errors
//	@description	list every invalid field at once. Single resources carry a strong ETag
//	@description	("v<version>"); If-None-Match gives 304 on reads and If-Match 412 on
//	@description	writes when the resource changed. Bodies are strict: over 1 MiB is 413,
//	@description	a non-JSON media type 415, malformed JSON, duplicate or case-variant keys
//	@description	and read-only fields 400, unknown fields and wrong types 422.
//	@BasePath		/
//	@schemes		http https
