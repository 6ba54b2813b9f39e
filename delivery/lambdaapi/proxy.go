package lambdaapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
)

// This file is the only one that knows github.com/awslabs/aws-lambda-go-api-proxy. The
// library does the bulk of the event conversion; the converters below fix what it gets
// wrong for this service: base paths are cut by whole segments, not as a string prefix;
// a path that arrives decoded (an HTTP API's rawPath) is made a valid URL path before
// the library parses it, so a decoded "?" or "#" cannot cut it short; HTTP API headers
// are not split on commas (an Idempotency-Key may hold one); ALB query strings, which
// the load balancer passes on percent-encoded, are kept exactly as the client sent
// them rather than encoded a second time; and an ALB without multi-value headers gets
// single-value headers back.

// converter is what the handler needs from one event kind.
type converter interface {
	// request decodes the event and builds the request to serve, with basePath (and an
	// HTTP API stage, where the event's path carries it) already removed from its path.
	request(ctx context.Context, payload []byte, basePath string) (*http.Request, event, error)

	// recorder returns a response writer that encodes to this kind's response shape.
	recorder(e event) recorder
}

// event is what the handler keeps of an event once it is decoded.
type event struct {
	// gatewayRequestID is API Gateway's own request id, empty for an ALB.
	gatewayRequestID string
	// claims are the verified token claims an API Gateway authorizer passed on.
	claims map[string]string
	// authorized tells whether the event came through an authorizer at all.
	authorized bool
	// multiValue tells an ALB response to use multiValueHeaders.
	multiValue bool
}

// recorder collects a response and encodes it for the Lambda runtime.
type recorder interface {
	http.ResponseWriter
	encode() ([]byte, error)
}

func converterFor(s Source) converter {
	switch s {
	case RESTAPI:
		return restConverter{}
	case HTTPAPI, FunctionURL:
		return httpConverter{}
	}

	return albConverter{}
}

// restConverter handles payload 1.0 from API Gateway REST and HTTP APIs.
type restConverter struct{}

func (restConverter) request(
	ctx context.Context, payload []byte, basePath string,
) (*http.Request, event, error) {
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, event{}, fmt.Errorf("decode payload 1.0 event: %w", err)
	}

	info := event{gatewayRequestID: ev.RequestContext.RequestID}
	info.claims, info.authorized = restClaims(ev.RequestContext.Authorizer)

	if err := decodeBody(&ev.Body, &ev.IsBase64Encoded); err != nil {
		return nil, info, err
	}
	ev.Path = safePath(stripBasePath(ev.Path, basePath))

	var acc core.RequestAccessor
	req, err := acc.EventToRequestWithContext(ctx, ev)
	if err != nil {
		return nil, info, fmt.Errorf("convert payload 1.0 event: %w", err)
	}

	return req, info, nil
}

func (restConverter) recorder(event) recorder {
	return &restRecorder{ProxyResponseWriter: core.NewProxyResponseWriter()}
}

// restClaims reads the claims of a Cognito user pool authorizer (under "claims") or,
// failing that, the context of a Lambda authorizer.
func restClaims(authorizer map[string]any) (map[string]string, bool) {
	if len(authorizer) == 0 {
		return nil, false
	}

	source := authorizer
	if nested, ok := authorizer["claims"].(map[string]any); ok {
		source = nested
	}

	claims := make(map[string]string, len(source))
	for k, v := range source {
		if s, ok := v.(string); ok {
			claims[k] = s
			continue
		}
		b, err := json.Marshal(v)
		if err == nil {
			claims[k] = string(b)
		}
	}

	return claims, true
}

type restRecorder struct{ *core.ProxyResponseWriter }

func (r *restRecorder) encode() ([]byte, error) {
	resp, err := r.GetProxyResponse()
	if err != nil {
		return nil, fmt.Errorf("build payload 1.0 response: %w", err)
	}

	return json.Marshal(resp)
}

// httpConverter handles payload 2.0 from API Gateway HTTP APIs and function URLs.
type httpConverter struct{}

func (httpConverter) request(
	ctx context.Context, payload []byte, basePath string,
) (*http.Request, event, error) {
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, event{}, fmt.Errorf("decode payload 2.0 event: %w", err)
	}

	info := event{gatewayRequestID: ev.RequestContext.RequestID}
	if a := ev.RequestContext.Authorizer; a != nil && a.JWT != nil {
		info.claims, info.authorized = a.JWT.Claims, true
	}

	if err := decodeBody(&ev.Body, &ev.IsBase64Encoded); err != nil {
		return nil, info, err
	}
	path := ev.RawPath
	if path == "" {
		path = ev.RequestContext.HTTP.Path
	}
	// On the execute-api host a named stage is the first segment of rawPath; on a
	// custom domain it is not there, and basePath covers the API mapping instead.
	if stage := ev.RequestContext.Stage; stage != "" && stage != "$default" &&
		strings.Contains(ev.RequestContext.DomainName, ".execute-api.") {
		path = stripBasePath(path, stage)
	}
	ev.RawPath = safePath(stripBasePath(path, basePath))

	var acc core.RequestAccessorV2
	req, err := acc.EventToRequestWithContext(ctx, ev)
	if err != nil {
		return nil, info, fmt.Errorf("convert payload 2.0 event: %w", err)
	}

	// The library splits every header on commas; API Gateway already joined repeated
	// headers with commas, and one value per name is what it received.
	req.Header = make(http.Header, len(ev.Headers)+1)
	for name, value := range ev.Headers {
		req.Header.Set(name, value)
	}
	if len(ev.Cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(ev.Cookies, "; "))
	}

	return req, info, nil
}

func (httpConverter) recorder(event) recorder {
	return &httpRecorder{ProxyResponseWriterV2: core.NewProxyResponseWriterV2()}
}

type httpRecorder struct{ *core.ProxyResponseWriterV2 }

func (r *httpRecorder) encode() ([]byte, error) {
	resp, err := r.GetProxyResponse()
	if err != nil {
		return nil, fmt.Errorf("build payload 2.0 response: %w", err)
	}

	return json.Marshal(resp)
}

// albConverter handles Application Load Balancer target group events.
type albConverter struct{}

func (albConverter) request(
	ctx context.Context, payload []byte, basePath string,
) (*http.Request, event, error) {
	var ev events.ALBTargetGroupRequest
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, event{}, fmt.Errorf("decode alb event: %w", err)
	}

	info := event{multiValue: ev.MultiValueHeaders != nil}
	if err := decodeBody(&ev.Body, &ev.IsBase64Encoded); err != nil {
		return nil, info, err
	}
	ev.Path = safePath(stripBasePath(ev.Path, basePath))
	query := albQuery(ev.QueryStringParameters, ev.MultiValueQueryStringParameters)
	ev.QueryStringParameters, ev.MultiValueQueryStringParameters = nil, nil

	var acc core.RequestAccessorALB
	req, err := acc.EventToRequestWithContext(ctx, ev)
	if err != nil {
		return nil, info, fmt.Errorf("convert alb event: %w", err)
	}
	req.URL.RawQuery = query
	req.RequestURI = req.URL.RequestURI()

	return req, info, nil
}

func (albConverter) recorder(e event) recorder {
	return &albRecorder{
		ProxyResponseWriterALB: core.NewProxyResponseWriterALB(),
		multiValue:             e.multiValue,
	}
}

// decodeBody decodes a base64 body in place, so that a bad one is an error of ours
// rather than a line the library prints.
func decodeBody(body *string, base64Encoded *bool) error {
	if !*base64Encoded {
		return nil
	}

	b, err := base64.StdEncoding.DecodeString(*body)
	if err != nil {
		return fmt.Errorf("decode base64 body: %w", err)
	}
	*body, *base64Encoded = string(b), false

	return nil
}

// albQuery rebuilds the query string from the parameters an ALB passes on, which are
// still percent-encoded as the client sent them, so the router decodes them once and
// rejects a malformed escape as it would from any client. Names are sorted for a
// stable order; the values of one name keep theirs.
func albQuery(single map[string]string, multi map[string][]string) string {
	if multi == nil {
		multi = make(map[string][]string, len(single))
		for k, v := range single {
			multi[k] = []string{v}
		}
	}

	names := make([]string, 0, len(multi))
	for k := range multi {
		names = append(names, k)
	}
	sort.Strings(names)

	var b strings.Builder
	for _, k := range names {
		for _, v := range multi[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(k)
			b.WriteByte('=')
			b.WriteString(v)
		}
	}

	return b.String()
}

// safePath makes p a valid escaped URL path whether it arrived encoded or decoded:
// existing %XX escapes are kept, and every byte that cannot appear literally in an
// encoded path (a bare "%", "?", "#", spaces, controls, non-ASCII) is escaped.
func safePath(p string) string {
	const hex = "0123456789ABCDEF"

	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			b.WriteByte(c)
		case c == '%' || c == '?' || c == '#' || c <= ' ' || c >= 0x7f:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		default:
			b.WriteByte(c)
		}
	}

	return b.String()
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

type albRecorder struct {
	*core.ProxyResponseWriterALB
	multiValue bool
}

func (r *albRecorder) encode() ([]byte, error) {
	resp, err := r.GetProxyResponse()
	if err != nil {
		return nil, fmt.Errorf("build alb response: %w", err)
	}

	resp.StatusDescription = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	// A target group without multi-value headers reads only "headers".
	if !r.multiValue {
		resp.Headers = make(map[string]string, len(resp.MultiValueHeaders))
		for name, values := range resp.MultiValueHeaders {
			resp.Headers[name] = strings.Join(values, ", ")
		}
		resp.MultiValueHeaders = nil
	}

	return json.Marshal(resp)
}
