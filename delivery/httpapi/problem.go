package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// ProblemContentType is the media type of every error body (RFC 9457).
const ProblemContentType = "application/problem+json"

// problemTypeBase prefixes every problem type. A URN makes each kind a stable, fixed
// identifier without promising a web page behind it.
const problemTypeBase = "urn:gamarriando:problem:"

// Problem is an RFC 9457 problem details body. Errors lists every offending field at
// once, so a client can fix them all in one round trip.
type Problem struct {
	Type      string         `json:"type" binding:"required" example:"urn:gamarriando:problem:validation-failed"`
	Title     string         `json:"title" binding:"required" example:"Validation failed"`
	Status    int            `json:"status" binding:"required" example:"422"`
	Detail    string         `json:"detail" binding:"required" example:"2 fields are invalid"`
	Instance  string         `json:"instance" binding:"required" example:"/api/v1/products"`
	RequestID string         `json:"request_id" binding:"required" example:"4f9c2a7d0b1e4c3a9d8e7f6a5b4c3d2e"`
	Errors    []FieldProblem `json:"errors,omitempty"`
}

// FieldProblem is one broken rule of one field or parameter.
type FieldProblem struct {
	Field   string `json:"field" binding:"required" example:"price"`
	Message string `json:"message" binding:"required" example:"must have at most two decimals"`
}

// problemKind is one fixed kind of problem: its type URI, title and status never vary,
// so clients can branch on the type alone.
type problemKind struct {
	slug   string
	title  string
	status int
}

var (
	kindMalformed    = problemKind{"malformed-request", "Malformed request", 400}
	kindParameter    = problemKind{"invalid-parameter", "Invalid parameter", 400}
	kindInvalidToken = problemKind{"invalid-token", "Unauthorized", 401}
	kindUnauthorized = problemKind{"unauthorized", "Unauthorized", 401}
	kindForbidden    = problemKind{"forbidden", "Forbidden", 403}
	kindNotFound     = problemKind{"not-found", "Not found", 404}
	kindMethod       = problemKind{"method-not-allowed", "Method not allowed", 405}
	kindConflict     = problemKind{"conflict", "Conflict", 409}
	kindKeyInFlight  = problemKind{"idempotency-key-in-use", "Idempotency key in use", 409}
	kindKeyReused    = problemKind{"idempotency-key-reused", "Idempotency key reused", 422}
	kindBlocked      = problemKind{"delete-blocked", "Delete blocked", 409}
	kindPrecond      = problemKind{"precondition-failed", "Precondition failed", 412}
	kindTooLarge     = problemKind{"payload-too-large", "Payload too large", 413}
	kindMediaType    = problemKind{"unsupported-media-type", "Unsupported media type", 415}
	kindValidation   = problemKind{"validation-failed", "Validation failed", 422}
	kindUnknownBody  = problemKind{"unknown-field", "Unknown field", 422}
	kindInternal     = problemKind{"internal", "Internal server error", 500}
	kindUnavailable  = problemKind{"unavailable", "Service unavailable", 503}
	kindNotReady     = problemKind{"not-ready", "Not ready", 503}
)

// Fixed details of the server-side failures: they never carry the cause, which goes to
// the log instead.
const (
	detailInternal    = "an unexpected error occurred; quote the request_id when reporting it"
	detailUnavailable = "a dependency is temporarily unavailable; retry shortly"
	detailNotReady    = "a dependency is not ready; errors names it and why"
)

// requestError is a failure found by the HTTP layer itself, before any use case runs:
// a malformed body, a bad header, an unsupported media type.
type requestError struct {
	kind   problemKind
	detail string
	fields []FieldProblem
}

func (e *requestError) Error() string { return e.detail }

func newRequestError(kind problemKind, detail string, fields ...FieldProblem) *requestError {
	return &requestError{kind: kind, detail: detail, fields: fields}
}

// problemFor turns any error into the problem a client sees. It is the only place that
// knows which error is which status. The bool reports an unexpected error, whose cause
// the caller must log because the body does not carry it.
func problemFor(err error) (Problem, bool) {
	var (
		reqErr     *requestError
		valErr     *domain.ValidationError
		paramErr   *domain.ParameterError
		notFound   *domain.NotFoundError
		blocked    *domain.BlockedDeleteError
		conflict   *domain.ConflictError
		preconditn *domain.PreconditionError
		forbidden  *domain.ForbiddenError
	)

	switch {
	case errors.As(err, &reqErr):
		return newProblem(reqErr.kind, reqErr.detail, reqErr.fields), false
	case errors.As(err, &valErr):
		return newProblem(kindValidation, validationDetail(valErr), fieldProblems(valErr)),
			false
	case errors.As(err, &paramErr):
		fields := []FieldProblem{{Field: paramErr.Name, Message: paramErr.Message}}
		return newProblem(kindParameter, paramErr.Error(), fields), false
	case errors.As(err, &notFound):
		return newProblem(kindNotFound, notFound.Error(), nil), false
	case errors.As(err, &blocked):
		return newProblem(kindBlocked, blockedDetail(blocked), nil), false
	case errors.As(err, &conflict):
		return conflictProblem(conflict), false
	case errors.As(err, &preconditn):
		return newProblem(kindPrecond, preconditn.Error(), nil), false
	case errors.As(err, &forbidden):
		return newProblem(kindForbidden, "not allowed: "+forbidden.Reason, nil), false
	}

	return problemForSentinel(err)
}

// problemForSentinel covers errors that match a sentinel without carrying a typed
// error, and the unexpected rest.
func problemForSentinel(err error) (Problem, bool) {
	switch {
	case errors.Is(err, usecase.ErrKeyInFlight):
		return newProblem(kindKeyInFlight, "a request with this Idempotency-Key is still "+
			"running; retry after it finishes", nil), false
	case errors.Is(err, usecase.ErrKeyReused):
		return newProblem(kindKeyReused, "this Idempotency-Key was used with a different "+
			"request; use a new key for a new request", nil), false
	case errors.Is(err, domain.ErrUnauthenticated):
		return newProblem(kindUnauthorized, "this operation needs a bearer token", nil), false
	case errors.Is(err, domain.ErrForbidden):
		return newProblem(kindForbidden, "this caller may not do that", nil), false
	case errors.Is(err, domain.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return newProblem(kindUnavailable, detailUnavailable, nil), false
	case errors.Is(err, domain.ErrNotFound):
		return newProblem(kindNotFound, "the resource does not exist", nil), false
	case errors.Is(err, domain.ErrPreconditionFailed):
		return newProblem(kindPrecond, "the resource has changed since that ETag", nil),
			false
	case errors.Is(err, domain.ErrBadParameter):
		return newProblem(kindParameter, "a parameter is invalid", nil), false
	case errors.Is(err, domain.ErrInvalid):
		return newProblem(kindValidation, "the input is invalid", nil), false
	case errors.Is(err, domain.ErrConflict):
		return newProblem(kindConflict, "the write conflicts with existing data", nil), false
	}

	return newProblem(kindInternal, detailInternal, nil), true
}

func newProblem(k problemKind, detail string, fields []FieldProblem) Problem {
	return Problem{
		Type:   problemTypeBase + k.slug,
		Title:  k.title,
		Status: k.status,
		Detail: detail,
		Errors: fields,
	}
}

func conflictProblem(e *domain.ConflictError) Problem {
	msg := e.Message
	if msg == "" {
		msg = "is already taken"
	}

	detail := fmt.Sprintf("%s %s %s", e.Resource, e.Field, msg)
	if e.Field == "" {
		detail = fmt.Sprintf("the %s conflicts with existing data", e.Resource)
	}

	return newProblem(kindConflict, detail, []FieldProblem{{Field: e.Field, Message: msg}})
}

func fieldProblems(e *domain.ValidationError) []FieldProblem {
	out := make([]FieldProblem, len(e.Fields))
	for i, f := range e.Fields {
		out[i] = FieldProblem{Field: f.Field, Message: f.Message}
	}

	return out
}

func validationDetail(e *domain.ValidationError) string {
	if len(e.Fields) == 1 {
		return e.Fields[0].Field + ": " + e.Fields[0].Message
	}

	return fmt.Sprintf("%d fields are invalid", len(e.Fields))
}

func blockedDetail(e *domain.BlockedDeleteError) string {
	if len(e.Blockers) == 0 {
		return fmt.Sprintf("%s %d is still referenced by other rows", e.Resource, e.ID)
	}

	return fmt.Sprintf("%s %d cannot be deleted: it still has %s", e.Resource, e.ID,
		strings.Join(e.Blockers, " and "))
}

// fail answers the request with the problem for err and stops the handler chain. An
// unexpected error is logged here, once, with the request id; its text never reaches
// the client.
func fail(c *gin.Context, err error) {
	p, unexpected := problemFor(err)
	if unexpected {
		loggerFrom(c).ErrorContext(c.Request.Context(), "request failed",
			slog.String("request_id", requestIDFrom(c)),
			slog.String("route", c.FullPath()),
			slog.String("error", err.Error()))
	}

	var precond *domain.PreconditionError
	if errors.As(err, &precond) && precond.Current > 0 {
		c.Header("ETag", formatETag(precond.Current))
	}

	writeProblem(c, p)
}

// writeProblem sends p with the headers every error carries.
func writeProblem(c *gin.Context, p Problem) {
	// instance is a URI reference (RFC 9457 §3.1.5), so the path goes in escaped: a
	// hostile path is not reflected as text a client might render or log.
	p.Instance = c.Request.URL.EscapedPath()
	p.RequestID = requestIDFrom(c)

	switch {
	case p.Status == http.StatusServiceUnavailable:
		c.Header("Retry-After", "1")
	case p.Type == problemTypeBase+kindInvalidToken.slug:
		c.Header("WWW-Authenticate", `Bearer error="invalid_token"`)
	case p.Status == http.StatusUnauthorized:
		c.Header("WWW-Authenticate", `Bearer realm="gamarriando"`)
	}

	c.Header("Cache-Control", "no-store")

	body, err := json.Marshal(p)
	if err != nil {
		body = []byte(`{"title":"Internal server error","status":500}`)
	}

	c.Abort()
	c.Data(p.Status, ProblemContentType, body)
}
