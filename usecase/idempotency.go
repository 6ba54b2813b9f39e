package usecase

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/gamarriando/product-service/domain"
)

// IdempotencyTTL is how long a POST's Idempotency-Key is remembered. After it, the same
// key runs as a new request.
const IdempotencyTTL = 24 * time.Hour

// purgeChance is the share of idempotent creates that also delete expired keys, which
// keeps the table small without a scheduler (Lambda has none).
const purgeChance = 0.01

// Errors of idempotent requests.
var (
	// ErrKeyInFlight: another request with the same key is still running (409).
	ErrKeyInFlight = errors.New("idempotency key in use by a request still running")
	// ErrKeyReused: the key was used before with a different request (422).
	ErrKeyReused = errors.New("idempotency key was used with a different request")
)

// IdempotencyKey identifies a create for retries. Fingerprint is a hash of the
// request (method, path and canonical body) made by the entry point; an empty Key
// makes the create an ordinary one.
type IdempotencyKey struct {
	Key         string
	Fingerprint string
}

// StoredResponse is the first response to an idempotent request, replayed byte for
// byte to every retry.
type StoredResponse struct {
	Status   int
	Location string
	ETag     string
	Body     []byte
}

// IdempotencyRecord is a remembered request. Scope is the caller, so one caller's key
// never answers another's request.
type IdempotencyRecord struct {
	Scope       string
	Key         string
	Fingerprint string
	Response    StoredResponse
	CreatedAt   time.Time
}

// IdempotencyRepository stores idempotency records in the transaction of the write
// they belong to: a create that rolls back leaves no record, so its retry runs again.
type IdempotencyRepository interface {
	// TryLock takes a transaction-scoped lock on the key and reports false at once
	// when another transaction holds it.
	TryLock(ctx context.Context, scope, key string) (bool, error)
	// Find returns the record of the key created at or after notBefore, or nil.
	Find(ctx context.Context, scope, key string, notBefore time.Time) (*IdempotencyRecord,
		error)
	// Save inserts the record, replacing an expired record of the same key.
	Save(ctx context.Context, rec IdempotencyRecord) error
	// Purge deletes the records created before the given time.
	Purge(ctx context.Context, before time.Time) (int64, error)
}

// Render turns a created entity into the response to store and send.
type Render[E any] func(E) (StoredResponse, error)

// createOnce runs one create in a transaction together with its idempotency record:
// a retry with the same key and request gets the stored response (replayed true), a
// retry with another request ErrKeyReused, a retry while the first still runs
// ErrKeyInFlight.
func createOnce[E any](ctx context.Context, store Store, k IdempotencyKey,
	create func(Repos) (E, error), render Render[E]) (StoredResponse, bool, error) {
	var (
		out      StoredResponse
		replayed bool
	)

	err := store.Tx(ctx, func(r Repos) error {
		if k.Key == "" {
			e, err := create(r)
			if err != nil {
				return err
			}

			out, err = render(e)

			return err
		}

		var err error
		out, replayed, err = createWithKey(ctx, r, k, create, render)

		return err
	})

	return out, replayed, err
}

func createWithKey[E any](ctx context.Context, r Repos, k IdempotencyKey,
	create func(Repos) (E, error), render Render[E]) (StoredResponse, bool, error) {
	scope := idempotencyScope(PrincipalFrom(ctx))
	keys := r.Idempotency()

	locked, err := keys.TryLock(ctx, scope, k.Key)
	if err != nil {
		return StoredResponse{}, false, err
	}

	if !locked {
		return StoredResponse{}, false, ErrKeyInFlight
	}

	now := time.Now().UTC()
	rec, err := keys.Find(ctx, scope, k.Key, now.Add(-IdempotencyTTL))
	switch {
	case err != nil:
		return StoredResponse{}, false, err
	case rec != nil && rec.Fingerprint != k.Fingerprint:
		return StoredResponse{}, false, ErrKeyReused
	case rec != nil:
		return rec.Response, true, nil
	}

	e, err := create(r)
	if err != nil {
		return StoredResponse{}, false, err
	}

	resp, err := render(e)
	if err != nil {
		return StoredResponse{}, false, err
	}

	err = keys.Save(ctx, IdempotencyRecord{Scope: scope, Key: k.Key,
		Fingerprint: k.Fingerprint, Response: resp, CreatedAt: now})
	if err != nil {
		return StoredResponse{}, false, err
	}

	if rand.Float64() < purgeChance {
		if _, err := keys.Purge(ctx, now.Add(-IdempotencyTTL)); err != nil {
			return StoredResponse{}, false, err
		}
	}

	return resp, false, nil
}

// idempotencyScope names the caller a key belongs to.
func idempotencyScope(p domain.Principal) string {
	return string(p.Role) + ":" + strconv.FormatInt(p.VendorID, 10) + ":" + p.Subject
}
