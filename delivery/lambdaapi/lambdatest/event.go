// Package lambdatest turns an *http.Request into the JSON event that API Gateway, a
// function URL or an ALB would send to Lambda for it, and reads the function's reply
// back into an *http.Response. Tests use it to drive the Lambda handler, in-process or
// under the runtime emulator, with the same requests they send to the local server.
//
// The events carry the fields AWS sends, with the quirks that matter to an adapter: an
// HTTP API delivers rawPath decoded and with a named stage in front, while REST APIs,
// function URLs and ALBs keep the path encoded; REST APIs decode query values, an ALB
// passes them on still percent-encoded; header names are lower-cased in payload 2.0
// and ALB events.
package lambdatest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gamarriando/product-service/delivery/lambdaapi"
)

// Options shapes an event beyond what the request itself says.
type Options struct {
	// Route is the API Gateway resource or route path, "/api/v1/products/{id}"; empty
	// picks the first of Routes that matches the request's path, and failing that a
	// greedy proxy resource (payload 1.0) or the $default route (payload 2.0).
	Route string
	// Routes are the templates Route is picked from.
	Routes []string
	// Stage is the API Gateway stage: "prod" by default for a REST API, "$default"
	// for an HTTP API. An HTTP API's named stage appears as the first path segment.
	Stage string
	// BasePath goes in front of the path, as a custom domain's base path mapping puts it.
	BasePath string
	// Base64 sends the body base64-encoded, as for a binary media type.
	Base64 bool
	// RequestID is API Gateway's request id; empty gives a fresh one.
	RequestID string
	// MultiValue is an ALB target group with multi-value headers turned on.
	MultiValue bool
	// Claims are the claims of an API Gateway JWT (or Cognito) authorizer; nil means
	// the route has no authorizer.
	Claims map[string]string
}

const (
	apiID     = "a1b2c3d4e5"
	accountID = "123456789012"
	sourceIP  = "203.0.113.10"
	region    = "eu-west-1"
	targetARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:" +
		"targetgroup/catalog/6d0ecf831eec9f09"
)

// AdminClaims are an administrator's access token claims as API Gateway's JWT
// authorizer passes them on: every value a string, Cognito groups in brackets.
func AdminClaims() map[string]string {
	return map[string]string{
		"sub":            "6b1c3f0e-2d4a-4e8b-9c7d-5a6f7e8d9c0b",
		"token_use":      "access",
		"client_id":      "4k9example2app3client",
		"cognito:groups": "[admin]",
		"scope":          "catalog/write",
	}
}

// ErrNotRepresentable marks a request that the source never delivers to a function. A
// REST API answers a query with a malformed percent-escape with its own 400, and
// payload 1.0 carries decoded query values in JSON strings, which cannot hold the bytes
// of a value that is not UTF-8.
var ErrNotRepresentable = errors.New("lambdatest: the source never delivers this request")

// Representable tells whether src delivers a request with this raw query string to a
// function at all; an error wraps ErrNotRepresentable and says why.
func Representable(src lambdaapi.Source, rawQuery string) error {
	if src != lambdaapi.RESTAPI {
		return nil
	}

	for _, pair := range strings.Split(rawQuery, "&") {
		for _, part := range strings.SplitN(pair, "=", 2) {
			v, err := url.QueryUnescape(part)
			if err != nil {
				return fmt.Errorf("%w: %q is not a valid escape", ErrNotRepresentable, part)
			}
			if !utf8.ValidString(v) {
				return fmt.Errorf("%w: %q is not UTF-8 once decoded", ErrNotRepresentable, part)
			}
		}
	}

	return nil
}

// Event returns the event that src would deliver for r. It reads r's body.
func Event(src lambdaapi.Source, r *http.Request, opts Options) ([]byte, error) {
	if err := Representable(src, r.URL.RawQuery); err != nil {
		return nil, err
	}

	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	if opts.RequestID == "" {
		opts.RequestID = newID()
	}
	if opts.Route == "" {
		opts.Route = matchRoute(opts.Routes, r.URL.Path)
	}

	var ev any
	switch src {
	case lambdaapi.RESTAPI:
		ev = restEvent(r, body, opts)
	case lambdaapi.HTTPAPI:
		domain := apiID + ".execute-api." + region + ".amazonaws.com"
		ev = httpEvent(r, body, opts, domain, r.URL.Path)
	case lambdaapi.FunctionURL:
		opts.Route, opts.Stage, opts.Claims = "", "", nil
		domain := apiID + "xyz0123456789.lambda-url." + region + ".on.aws"
		ev = httpEvent(r, body, opts, domain, r.URL.EscapedPath())
	case lambdaapi.ALB:
		ev = albEvent(r, body, opts)
	default:
		return nil, fmt.Errorf("lambdatest: unknown source %q", src)
	}

	return json.Marshal(ev)
}

func restEvent(r *http.Request, body []byte, opts Options) map[string]any {
	stage := opts.Stage
	if stage == "" {
		stage = "prod"
	}
	path := joinPath(opts.BasePath, r.URL.EscapedPath())
	resource, params := route(opts.Route, r.URL.Path)
	domain := apiID + ".execute-api." + region + ".amazonaws.com"
	headers := gatewayHeaders(r, domain, false)
	now := time.Now().UTC()

	rc := map[string]any{
		"resourceId":        "k3lq9f",
		"resourcePath":      resource,
		"httpMethod":        r.Method,
		"extendedRequestId": "Ab1CdEfGhIjKlMn=",
		"requestTime":       now.Format("02/Jan/2006:15:04:05 -0700"),
		"path":              "/" + stage + path,
		"accountId":         accountID,
		"protocol":          "HTTP/1.1",
		"stage":             stage,
		"domainPrefix":      apiID,
		"requestTimeEpoch":  now.UnixMilli(),
		"requestId":         opts.RequestID,
		"identity": map[string]any{
			"cognitoIdentityPoolId": nil, "accountId": nil, "cognitoIdentityId": nil,
			"caller": nil, "sourceIp": sourceIP, "principalOrgId": nil, "accessKey": nil,
			"cognitoAuthenticationType": nil, "cognitoAuthenticationProvider": nil,
			"userArn": nil, "userAgent": r.UserAgent(), "user": nil,
		},
		"domainName": domain,
		"apiId":      apiID,
	}
	if opts.Claims != nil {
		rc["authorizer"] = map[string]any{"claims": opts.Claims}
	}

	query := r.URL.Query()
	b, encoded := encodeBody(body, opts.Base64)

	return map[string]any{
		"resource":                        resource,
		"path":                            path,
		"httpMethod":                      r.Method,
		"headers":                         nullIfEmpty(lastValues(headers)),
		"multiValueHeaders":               nullIfEmpty(map[string][]string(headers)),
		"queryStringParameters":           nullIfEmpty(lastValues(query)),
		"multiValueQueryStringParameters": nullIfEmpty(map[string][]string(query)),
		"pathParameters":                  nullIfEmpty(params),
		"stageVariables":                  nil,
		"requestContext":                  rc,
		"body":                            b,
		"isBase64Encoded":                 encoded,
	}
}

// httpEvent builds payload 2.0; path is the request's path as this source delivers it
// (decoded by an HTTP API, encoded by a function URL).
func httpEvent(r *http.Request, body []byte, opts Options, domain, path string) map[string]any {
	stage := opts.Stage
	if stage == "" {
		stage = "$default"
	}
	path = joinPath(opts.BasePath, path)
	if stage != "$default" {
		path = "/" + stage + path
	}
	routeKey := "$default"
	resource, params := "", map[string]string(nil)
	if opts.Route != "" {
		resource, params = route(opts.Route, r.URL.Path)
		routeKey = r.Method + " " + resource
	}
	now := time.Now().UTC()

	rc := map[string]any{
		"accountId":    accountID,
		"apiId":        apiID,
		"domainName":   domain,
		"domainPrefix": strings.SplitN(domain, ".", 2)[0],
		"http": map[string]any{
			"method":    r.Method,
			"path":      path,
			"protocol":  "HTTP/1.1",
			"sourceIp":  sourceIP,
			"userAgent": r.UserAgent(),
		},
		"requestId": opts.RequestID,
		"routeKey":  routeKey,
		"stage":     stage,
		"time":      now.Format("02/Jan/2006:15:04:05 -0700"),
		"timeEpoch": now.UnixMilli(),
	}
	if opts.Claims != nil {
		rc["authorizer"] = map[string]any{
			"jwt": map[string]any{"claims": opts.Claims, "scopes": nil},
		}
	}

	headers := map[string]string{}
	for name, values := range gatewayHeaders(r, domain, true) {
		if name != "cookie" {
			headers[name] = strings.Join(values, ",")
		}
	}
	ev := map[string]any{
		"version":        "2.0",
		"routeKey":       routeKey,
		"rawPath":        path,
		"rawQueryString": r.URL.RawQuery,
		"headers":        headers,
		"requestContext": rc,
	}
	if cookies := r.Header.Values("Cookie"); len(cookies) > 0 {
		ev["cookies"] = splitCookies(cookies)
	}
	if q := r.URL.Query(); len(q) > 0 {
		joined := map[string]string{}
		for k, vs := range q {
			joined[k] = strings.Join(vs, ",")
		}
		ev["queryStringParameters"] = joined
	}
	if len(params) > 0 {
		ev["pathParameters"] = params
	}
	if len(body) > 0 || opts.Base64 {
		ev["body"], ev["isBase64Encoded"] = encodeBody(body, opts.Base64)
	} else {
		ev["isBase64Encoded"] = false
	}

	return ev
}

func albEvent(r *http.Request, body []byte, opts Options) map[string]any {
	headers := gatewayHeaders(r, "catalog-alb-1234567890."+region+".elb.amazonaws.com", true)
	query := rawQuery(r.URL.RawQuery)
	b, encoded := encodeBody(body, opts.Base64)
	ev := map[string]any{
		"requestContext":  map[string]any{"elb": map[string]any{"targetGroupArn": targetARN}},
		"httpMethod":      r.Method,
		"path":            joinPath(opts.BasePath, r.URL.EscapedPath()),
		"body":            b,
		"isBase64Encoded": encoded,
	}
	if b == nil {
		ev["body"] = ""
	}

	if opts.MultiValue {
		ev["multiValueHeaders"] = map[string][]string(headers)
		ev["multiValueQueryStringParameters"] = map[string][]string(query)
		return ev
	}
	ev["headers"] = lastValues(headers)
	ev["queryStringParameters"] = lastValues(query)

	return ev
}

// gatewayHeaders gives r's headers plus the ones the gateway adds, lower-cased when
// the event kind lower-cases names.
func gatewayHeaders(r *http.Request, host string, lower bool) http.Header {
	h := http.Header{}
	for name, values := range r.Header {
		h[name] = append([]string(nil), values...)
	}
	h.Set("Host", host)
	h.Set("X-Forwarded-For", sourceIP)
	h.Set("X-Forwarded-Port", "443")
	h.Set("X-Forwarded-Proto", "https")
	h.Set("X-Amzn-Trace-Id", "Root=1-"+fmt.Sprintf("%x", time.Now().Unix())+"-"+newID()[:24])
	if r.ContentLength > 0 && h.Get("Content-Length") == "" {
		h.Set("Content-Length", fmt.Sprint(r.ContentLength))
	}
	if !lower {
		return h
	}

	out := http.Header{}
	for name, values := range h {
		out[strings.ToLower(name)] = values
	}

	return out
}

// route matches a resource template such as "/api/v1/products/{id}" against path and
// returns the resource and its path parameters; without a template it gives the greedy
// proxy resource.
func route(template, path string) (string, map[string]string) {
	if template == "" {
		return "/{proxy+}", map[string]string{"proxy": strings.TrimPrefix(path, "/")}
	}

	params := map[string]string{}
	tparts := strings.Split(strings.Trim(template, "/"), "/")
	pparts := strings.Split(strings.Trim(path, "/"), "/")
	for i, t := range tparts {
		if i < len(pparts) && strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			params[strings.Trim(t, "{}+")] = pparts[i]
		}
	}

	return template, params
}

// matchRoute gives the first template whose segments match path, "" for none.
func matchRoute(templates []string, path string) string {
	pparts := strings.Split(strings.Trim(path, "/"), "/")
	for _, t := range templates {
		tparts := strings.Split(strings.Trim(t, "/"), "/")
		if len(tparts) != len(pparts) {
			continue
		}

		ok := true
		for i, tp := range tparts {
			isParam := strings.HasPrefix(tp, "{") && strings.HasSuffix(tp, "}")
			if !isParam && tp != pparts[i] {
				ok = false
				break
			}
		}
		if ok {
			return t
		}
	}

	return ""
}

// rawQuery splits a query string without decoding it, as an ALB passes it on.
func rawQuery(raw string) map[string][]string {
	out := map[string][]string{}
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		out[k] = append(out[k], v)
	}

	return out
}

func lastValues(h map[string][]string) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		if len(vs) > 0 {
			out[k] = vs[len(vs)-1]
		}
	}

	return out
}

// nullIfEmpty gives JSON null for an empty map, as payload 1.0 sends it.
func nullIfEmpty[M ~map[K]V, K comparable, V any](m M) any {
	if len(m) == 0 {
		return nil
	}

	return m
}

func joinPath(base, path string) string {
	base = strings.Trim(base, "/")
	if base == "" {
		return path
	}

	return "/" + base + path
}

func splitCookies(headers []string) []string {
	var out []string
	for _, h := range headers {
		for _, c := range strings.Split(h, ";") {
			if c = strings.TrimSpace(c); c != "" {
				out = append(out, c)
			}
		}
	}

	return out
}

// encodeBody gives the event's body and isBase64Encoded: nil for no body, base64 when
// asked or when the bytes are not text.
func encodeBody(body []byte, force bool) (any, bool) {
	if len(body) == 0 && !force {
		return nil, false
	}
	if force || !utf8.Valid(body) {
		return base64.StdEncoding.EncodeToString(body), true
	}

	return string(body), false
}

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	defer r.Body.Close()

	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("lambdatest: read request body: %w", err)
	}

	return b, nil
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)

	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
