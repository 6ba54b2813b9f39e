package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// maxPatchAttempts bounds the re-read-and-retry loop of a PATCH sent without If-Match.
// Each retry waits a little longer, with jitter, so colliding writers spread out.
const maxPatchAttempts = 8

// crudService is what the handlers of one resource need from its use case.
// ProductService, CategoryService and VendorService are this shape for their types.
type crudService[E, In, P any] interface {
	CreateIdempotent(ctx context.Context, in In, k usecase.IdempotencyKey,
		render usecase.Render[E]) (usecase.StoredResponse, bool, error)
	Get(ctx context.Context, id int64) (E, error)
	Replace(ctx context.Context, id int64, in In, o usecase.WriteOptions) (E, error)
	Delete(ctx context.Context, id int64, o usecase.WriteOptions) error
	List(ctx context.Context, p P) (usecase.Page[E], error)
}

// requestBody is a resource's request type: it knows its use-case input.
type requestBody[In any] interface {
	toInput() In
}

// resource holds the HTTP rules the three resources share: strict bodies, ETags and
// conditional requests, merge patch, status codes and caching. Each resource plugs in
// its shapes: entity E, request Req, response Resp, use-case input In and list
// parameters P.
type resource[E any, Req requestBody[In], Resp, In, P any] struct {
	kind       domain.Resource
	path       string // collection path, for Location headers
	svc        crudService[E, In, P]
	readOnly   []string
	toResp     func(E) Resp
	meta       func(E) (id, version int64)
	listParams func(rawQuery string) (P, error)
	cache      string // Cache-Control of public reads
}

func (r *resource[E, Req, Resp, In, P]) list(c *gin.Context) {
	params, err := r.listParams(c.Request.URL.RawQuery)
	if err != nil {
		fail(c, err)

		return
	}

	page, err := r.svc.List(c.Request.Context(), params)
	if err != nil {
		fail(c, err)

		return
	}

	c.Header("Cache-Control", readCacheControl(c, r.cache))
	c.JSON(http.StatusOK, pageFrom(page, r.toResp))
}

// create inserts a resource. With an Idempotency-Key the response is rendered inside
// the use case's transaction and stored with the row, so a retry gets it byte for byte.
func (r *resource[E, Req, Resp, In, P]) create(c *gin.Context) {
	body, err := readBody(c, mediaJSON)
	if err != nil {
		fail(c, err)

		return
	}

	var req Req
	if err := decodeJSON(body, &req, r.readOnly); err != nil {
		fail(c, err)

		return
	}

	key, err := idempotencyKey(c, body)
	if err != nil {
		fail(c, err)

		return
	}

	resp, replayed, err := r.svc.CreateIdempotent(c.Request.Context(), req.toInput(), key,
		r.renderCreated)
	if err != nil {
		fail(c, err)

		return
	}

	writeStored(c, resp, replayed)
}

// renderCreated is the 201 response to a create, as bytes that can be stored.
func (r *resource[E, Req, Resp, In, P]) renderCreated(e E) (usecase.StoredResponse, error) {
	body, err := json.Marshal(r.toResp(e))
	if err != nil {
		return usecase.StoredResponse{}, fmt.Errorf("render %s: %w", r.kind, err)
	}

	id, version := r.meta(e)

	return usecase.StoredResponse{Status: http.StatusCreated, Body: body,
		Location: r.path + "/" + strconv.FormatInt(id, 10), ETag: formatETag(version)}, nil
}

func (r *resource[E, Req, Resp, In, P]) get(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, err)

		return
	}

	e, err := r.svc.Get(c.Request.Context(), id)
	if err != nil {
		fail(c, err)

		return
	}

	c.Header("Cache-Control", readCacheControl(c, r.cache))

	// A malformed If-None-Match is ignored: the full response is always a safe answer.
	_, version := r.meta(e)
	inm, err := parseTagList(c.Request.Header.Values("If-None-Match"))
	if err == nil && inm.present && inm.matchesWeak(version) {
		c.Header("ETag", formatETag(version))
		c.Status(http.StatusNotModified)

		return
	}

	r.respond(c, http.StatusOK, e)
}

func (r *resource[E, Req, Resp, In, P]) replace(c *gin.Context) {
	id, match, err := targetOf(c)
	if err != nil {
		fail(c, err)

		return
	}

	req, err := r.bind(c)
	if err != nil {
		fail(c, err)

		return
	}

	opts, err := r.writeOptions(c.Request.Context(), id, match)
	if err != nil {
		fail(c, err)

		return
	}

	e, err := r.svc.Replace(c.Request.Context(), id, req.toInput(), opts)
	if err != nil {
		fail(c, r.conditional(id, match, err))

		return
	}

	r.respond(c, http.StatusOK, e)
}

// patch applies a JSON merge patch (RFC 7396) to the current representation and
// replaces the resource with the result, guarded by the version it read. Without
// If-Match a concurrent write makes it re-read and try again, so two PATCHes of
// different fields both land; with If-Match the client asked to fail instead.
func (r *resource[E, Req, Resp, In, P]) patch(c *gin.Context) {
	id, match, err := targetOf(c)
	if err != nil {
		fail(c, err)

		return
	}

	patch, err := r.bindPatch(c)
	if err != nil {
		fail(c, err)

		return
	}

	for attempt := 1; ; attempt++ {
		e, err := r.patchOnce(c.Request.Context(), id, match, patch)
		lost := errors.Is(err, domain.ErrPreconditionFailed) && !match.present
		if lost && attempt < maxPatchAttempts && backoff(c.Request.Context(), attempt) {
			continue
		}

		switch {
		case lost:
			// The client set no precondition, so a 412 would name one it never sent.
			fail(c, newRequestError(kindConflict, fmt.Sprintf("%s %d kept changing while "+
				"this PATCH was applied; send it again", r.kind, id)))
		case err != nil:
			fail(c, r.conditional(id, match, err))
		default:
			r.respond(c, http.StatusOK, e)
		}

		return
	}
}

// backoff waits before the next PATCH attempt: a few milliseconds, growing with the
// attempt, with jitter. It reports false when the request's context ends first.
func backoff(ctx context.Context, attempt int) bool {
	d := time.Duration(attempt) * time.Millisecond
	d += rand.N(d + time.Millisecond)

	t := time.NewTimer(d)
	defer t.Stop()

	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (r *resource[E, Req, Resp, In, P]) patchOnce(ctx context.Context, id int64,
	match tagList, patch map[string]any) (E, error) {
	var zero E

	current, err := r.svc.Get(ctx, id)
	if err != nil {
		return zero, err
	}

	_, version := r.meta(current)
	if match.present && !match.matchesStrong(version) {
		return zero, &domain.PreconditionError{Resource: r.kind, ID: id, Current: version}
	}

	req, err := r.merge(current, patch)
	if err != nil {
		return zero, err
	}

	return r.svc.Replace(ctx, id, req.toInput(), usecase.WriteOptions{IfVersion: version})
}

// merge renders current as the client sees it, applies the patch, drops the read-only
// fields and reads the result as a full request.
func (r *resource[E, Req, Resp, In, P]) merge(current E, patch map[string]any) (Req, error) {
	var req Req

	doc, err := json.Marshal(r.toResp(current))
	if err != nil {
		return req, fmt.Errorf("render %s for patch: %w", r.kind, err)
	}

	var target map[string]any
	if err := unmarshalNumbers(doc, &target); err != nil {
		return req, fmt.Errorf("reread %s for patch: %w", r.kind, err)
	}

	merged := mergePatch(target, patch)
	for _, f := range r.readOnly {
		delete(merged, f)
	}

	doc, err = json.Marshal(merged)
	if err != nil {
		return req, fmt.Errorf("render patched %s: %w", r.kind, err)
	}

	return req, decodeFields(doc, &req, r.readOnly)
}

func (r *resource[E, Req, Resp, In, P]) remove(c *gin.Context) {
	id, match, err := targetOf(c)
	if err != nil {
		fail(c, err)

		return
	}

	opts, err := r.writeOptions(c.Request.Context(), id, match)
	if err != nil {
		fail(c, err)

		return
	}

	if err := r.svc.Delete(c.Request.Context(), id, opts); err != nil {
		fail(c, r.conditional(id, match, err))

		return
	}

	c.Status(http.StatusNoContent)
}

// bind reads a POST or PUT body strictly into a request.
func (r *resource[E, Req, Resp, In, P]) bind(c *gin.Context) (Req, error) {
	var req Req

	body, err := readBody(c, mediaJSON)
	if err != nil {
		return req, err
	}

	return req, decodeJSON(body, &req, r.readOnly)
}

// bindPatch reads a merge patch. Its fields get the same checks as a full body (a null
// is always allowed: it resets the field), so a bad patch fails before any read.
func (r *resource[E, Req, Resp, In, P]) bindPatch(c *gin.Context) (map[string]any, error) {
	body, err := readBody(c, mediaJSON, mediaMergePatch)
	if err != nil {
		return nil, err
	}

	var probe Req
	if err := decodeJSON(body, &probe, r.readOnly); err != nil {
		return nil, err
	}

	var patch map[string]any
	if err := unmarshalNumbers(body, &patch); err != nil {
		return nil, malformed("the body is not a JSON object")
	}

	return patch, nil
}

// writeOptions turns If-Match into the version a write must find. A single tag needs
// no read: the use case checks it in the write's own transaction. "*" or a list is
// checked against the version read now, which the write must then still find.
func (r *resource[E, Req, Resp, In, P]) writeOptions(ctx context.Context, id int64,
	match tagList) (usecase.WriteOptions, error) {
	if !match.present {
		return usecase.WriteOptions{}, nil
	}

	versions := match.strongVersions()
	if !match.any && len(versions) == 0 {
		return usecase.WriteOptions{}, newRequestError(kindPrecond,
			"If-Match names no version of this resource (weak tags never match)")
	}

	if !match.any && len(versions) == 1 {
		return usecase.WriteOptions{IfVersion: versions[0]}, nil
	}

	current, err := r.svc.Get(ctx, id)
	if err != nil {
		return usecase.WriteOptions{}, r.conditional(id, match, err)
	}

	_, version := r.meta(current)
	if !match.matchesStrong(version) {
		return usecase.WriteOptions{},
			&domain.PreconditionError{Resource: r.kind, ID: id, Current: version}
	}

	return usecase.WriteOptions{IfVersion: version}, nil
}

// conditional makes a missing resource a 412 when the client sent If-Match: a
// precondition on a resource that does not exist is false (RFC 9110 §13.1.1).
func (r *resource[E, Req, Resp, In, P]) conditional(id int64, match tagList,
	err error) error {
	if match.present && errors.Is(err, domain.ErrNotFound) {
		return newRequestError(kindPrecond,
			fmt.Sprintf("%s %d does not exist, so If-Match cannot match", r.kind, id))
	}

	return err
}

// respond writes one resource with its ETag.
func (r *resource[E, Req, Resp, In, P]) respond(c *gin.Context, status int, e E) {
	_, version := r.meta(e)
	c.Header("ETag", formatETag(version))
	c.JSON(status, r.toResp(e))
}

// targetOf reads what every write to one resource starts with: its id and If-Match.
func targetOf(c *gin.Context) (int64, tagList, error) {
	id, err := pathID(c)
	if err != nil {
		return 0, tagList{}, err
	}

	match, err := parseTagList(c.Request.Header.Values("If-Match"))
	if err != nil {
		return 0, tagList{}, newRequestError(kindMalformed, "If-Match "+err.Error(),
			FieldProblem{Field: "If-Match", Message: err.Error()})
	}

	return id, match, nil
}

func pathID(c *gin.Context) (int64, error) {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return 0, newRequestError(kindParameter, "the id in the path must be a positive "+
			"64-bit integer", FieldProblem{Field: "id", Message: "must be a positive integer"})
	}

	return id, nil
}

// mergePatch applies patch to target as RFC 7396 says: null removes a member, objects
// merge recursively, anything else replaces.
func mergePatch(target, patch map[string]any) map[string]any {
	if target == nil {
		target = map[string]any{}
	}

	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(target, k)
		case map[string]any:
			tv, _ := target[k].(map[string]any)
			target[k] = mergePatch(tv, pv)
		default:
			target[k] = v
		}
	}

	return target
}

// unmarshalNumbers decodes JSON keeping numbers as their text, so a rating or price
// survives a round trip exactly.
func unmarshalNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()

	return dec.Decode(v)
}

func cacheControl(maxAge time.Duration) string {
	return fmt.Sprintf("public, max-age=%d", int(maxAge.Seconds()))
}
