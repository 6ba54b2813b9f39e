package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error the use cases return matches one of them with errors.Is,
// and the delivery layer maps exactly these to HTTP statuses, in one place.
var (
	// ErrNotFound: the resource does not exist, or is hidden from the caller.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the write collides with existing data (a taken slug or email, a
	// delete that would orphan rows).
	ErrConflict = errors.New("conflict")
	// ErrInvalid: a body field breaks a rule; see ValidationError for the list.
	ErrInvalid = errors.New("invalid")
	// ErrBadParameter: a query or path parameter is malformed or not allowed.
	ErrBadParameter = errors.New("bad parameter")
	// ErrPreconditionFailed: the caller's expected version is not the current one.
	ErrPreconditionFailed = errors.New("precondition failed")
	// ErrUnavailable: the database cannot be reached or timed out; retrying later helps.
	ErrUnavailable = errors.New("temporarily unavailable")
)

// Resource names the kind of entity an error is about.
type Resource string

// The three resources of the catalog.
const (
	ResourceProduct  Resource = "product"
	ResourceCategory Resource = "category"
	ResourceVendor   Resource = "vendor"
)

// NotFoundError says which row is missing.
type NotFoundError struct {
	Resource Resource
	ID       int64
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s %d not found", e.Resource, e.ID)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// ConflictError is a unique value already taken. Field names the input field, so a
// client can show the message next to it.
type ConflictError struct {
	Resource Resource
	Field    string
	Message  string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %s conflict: %s", e.Resource, e.Field, e.Message)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// BlockedDeleteError is a delete refused because other rows still depend on the row.
type BlockedDeleteError struct {
	Resource Resource
	ID       int64
	// Blockers says what blocks it, such as "3 products" or "2 child categories".
	Blockers []string
}

func (e *BlockedDeleteError) Error() string {
	return fmt.Sprintf("%s %d is still referenced by %s", e.Resource, e.ID,
		strings.Join(e.Blockers, " and "))
}

// Is makes errors.Is(err, ErrConflict) true: a blocked delete is a 409.
func (e *BlockedDeleteError) Is(target error) bool { return target == ErrConflict }

// FieldError is one broken rule of one input field.
type FieldError struct {
	Field   string
	Message string
}

// ValidationError lists every invalid field of an input at once, so a client can fix
// them all in one round trip.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}

	return "invalid input: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Add records a broken rule. It is a no-op when err is nil, which keeps the callers'
// lists of checks flat.
func (e *ValidationError) Add(field string, err error) {
	if err != nil {
		e.Fields = append(e.Fields, FieldError{Field: field, Message: err.Error()})
	}
}

// Addf records a broken rule with a message of its own.
func (e *ValidationError) Addf(field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err is nil when no rule was broken, and the ValidationError itself otherwise.
func (e *ValidationError) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}

	return e
}

// ParameterError is a bad query or path parameter: a 400, unlike a body's 422.
type ParameterError struct {
	Name    string
	Message string
}

func (e *ParameterError) Error() string {
	return fmt.Sprintf("parameter %s: %s", e.Name, e.Message)
}

// Is makes errors.Is(err, ErrBadParameter) true.
func (e *ParameterError) Is(target error) bool { return target == ErrBadParameter }

// PreconditionError is a write whose expected version is stale.
type PreconditionError struct {
	Resource Resource
	ID       int64
	Current  int64
}

func (e *PreconditionError) Error() string {
	return fmt.Sprintf("%s %d has changed (now version %d)", e.Resource, e.ID, e.Current)
}

// Is makes errors.Is(err, ErrPreconditionFailed) true.
func (e *PreconditionError) Is(target error) bool { return target == ErrPreconditionFailed }
