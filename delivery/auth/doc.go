// Package auth turns a request's credentials into a domain.Principal. Three sources
// exist: a bearer JWT the service verifies itself (local server: a JWKS URL, or an
// HS256 secret for development and tests), the claims API Gateway's JWT authorizer has
// already verified (Lambda), and a development stand-in that makes everyone an
// administrator when no authentication is configured. The rules of what a principal
// may do live in the use cases, not here.
package auth
