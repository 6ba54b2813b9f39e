package lambdaapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Source is the kind of HTTP event a function receives. Its string values are the ones
// the configuration accepts (LAMBDA_EVENT_SOURCE).
type Source string

// The event sources a function can be configured for.
const (
	// RESTAPI is an API Gateway REST API, or any integration with payload format 1.0.
	RESTAPI Source = "apigw-rest"
	// HTTPAPI is an API Gateway HTTP API with payload format 2.0.
	HTTPAPI Source = "apigw-http"
	// FunctionURL is a Lambda function URL (payload format 2.0).
	FunctionURL Source = "function-url"
	// ALB is an Application Load Balancer target group.
	ALB Source = "alb"
)

// Sources lists every valid Source, in the order the documentation gives them.
var Sources = []Source{RESTAPI, HTTPAPI, FunctionURL, ALB}

// ErrUnknownEvent is returned for a payload that is no HTTP event of any kind, such as
// a hand-made test invoke: there is no HTTP caller to answer, so it is a function error.
var ErrUnknownEvent = errors.New("not an HTTP event")

// ParseSource checks a configured event source.
func ParseSource(s string) (Source, error) {
	for _, src := range Sources {
		if Source(s) == src {
			return src, nil
		}
	}

	return "", fmt.Errorf("unknown lambda event source %q (want one of %s)", s, sourceList())
}

// describe names the source the way an operator reads it in an error.
func (s Source) describe() string {
	switch s {
	case RESTAPI:
		return "API Gateway payload 1.0 (apigw-rest)"
	case HTTPAPI:
		return "API Gateway HTTP API payload 2.0 (apigw-http)"
	case FunctionURL:
		return "Lambda function URL (function-url)"
	case ALB:
		return "Application Load Balancer (alb)"
	}

	return string(s)
}

func sourceList() string {
	names := make([]string, len(Sources))
	for i, s := range Sources {
		names[i] = string(s)
	}

	return strings.Join(names, ", ")
}

// probe holds the few fields that tell the event kinds apart. Decoding only these is
// cheap, and it works on any JSON, so detection never fails on a well-formed payload.
type probe struct {
	Version        string `json:"version"`
	HTTPMethod     string `json:"httpMethod"`
	RequestContext struct {
		DomainName string           `json:"domainName"`
		ELB        *json.RawMessage `json:"elb"`
		HTTP       *json.RawMessage `json:"http"`
	} `json:"requestContext"`
}

// detect tells which kind of HTTP event the payload is, from its shape alone.
func detect(payload []byte) (Source, error) {
	var p probe
	if err := json.Unmarshal(payload, &p); err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnknownEvent, err)
	}

	switch {
	case p.RequestContext.ELB != nil && p.HTTPMethod != "":
		return ALB, nil
	case p.Version == "2.0" && p.RequestContext.HTTP != nil:
		if isFunctionURLDomain(p.RequestContext.DomainName) {
			return FunctionURL, nil
		}
		return HTTPAPI, nil
	case p.HTTPMethod != "" && (p.Version == "" || p.Version == "1.0"):
		return RESTAPI, nil
	}

	return "", ErrUnknownEvent
}

// isFunctionURLDomain recognises the host of a function URL,
// <url-id>.lambda-url.<region>.on.aws, which API Gateway never uses.
func isFunctionURLDomain(domain string) bool {
	return strings.Contains(domain, ".lambda-url.")
}
