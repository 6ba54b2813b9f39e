package lambdatest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/gamarriando/product-service/delivery/lambdaapi"
)

// Response is a function's reply to an HTTP event, as the gateway reads it.
type Response struct {
	StatusCode int
	// StatusDescription is only set by ALB responses.
	StatusDescription string
	Header            http.Header
	// MultiValue tells that the reply used multiValueHeaders.
	MultiValue      bool
	Body            []byte
	IsBase64Encoded bool
}

type wireResponse struct {
	StatusCode        int                 `json:"statusCode"`
	StatusDescription string              `json:"statusDescription"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Cookies           []string            `json:"cookies"`
	Body              string              `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
}

// DecodeResponse reads a function's reply. The shape is the same for every source
// apart from cookies (payload 2.0) and the status description (ALB), so src only
// decides whether a reply without a status code is valid: payload 2.0 allows it.
func DecodeResponse(src lambdaapi.Source, payload []byte) (Response, error) {
	var w wireResponse
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return Response{}, fmt.Errorf("lambdatest: decode response %.200q: %w", payload, err)
	}
	if w.StatusCode == 0 {
		return Response{}, fmt.Errorf("lambdatest: response without status code: %.200q", payload)
	}

	r := Response{
		StatusCode:        w.StatusCode,
		StatusDescription: w.StatusDescription,
		Header:            http.Header{},
		MultiValue:        len(w.MultiValueHeaders) > 0,
		IsBase64Encoded:   w.IsBase64Encoded,
		Body:              []byte(w.Body),
	}
	for name, value := range w.Headers {
		r.Header.Set(name, value)
	}
	// API Gateway lets multiValueHeaders win over headers of the same name.
	for name, values := range w.MultiValueHeaders {
		r.Header.Del(name)
		for _, v := range values {
			r.Header.Add(name, v)
		}
	}
	for _, c := range w.Cookies {
		r.Header.Add("Set-Cookie", c)
	}
	if w.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(w.Body)
		if err != nil {
			return Response{}, fmt.Errorf("lambdatest: base64 body: %w", err)
		}
		r.Body = b
	}

	return r, nil
}

// HTTP gives the reply as the *http.Response a client of the gateway would read.
func (r Response) HTTP(req *http.Request) *http.Response {
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", r.StatusCode, http.StatusText(r.StatusCode)),
		StatusCode:    r.StatusCode,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        r.Header,
		Body:          io.NopCloser(bytes.NewReader(r.Body)),
		ContentLength: int64(len(r.Body)),
		Request:       req,
	}
}

// Invoker is anything that serves raw Lambda payloads, such as *lambdaapi.Handler.
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Client sends requests to an Invoker as one event source would.
type Client struct {
	Invoker Invoker
	Source  lambdaapi.Source
	Options Options
	// Timeout is the function timeout whose deadline the invocation gets; zero means
	// 10 s.
	Timeout time.Duration
	// LambdaRequestID is the runtime's id of each invocation; empty gives a fresh one.
	LambdaRequestID string
}

// Do sends req as an event and returns the reply. The context carries a Lambda request
// id and deadline, as the runtime would give them.
func (c Client) Do(req *http.Request) (*http.Response, Response, error) {
	payload, err := Event(c.Source, req, c.Options)
	if err != nil {
		return nil, Response{}, err
	}

	timeout := c.Timeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(req.Context(), timeout)
	defer cancel()
	id := c.LambdaRequestID
	if id == "" {
		id = newID()
	}
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{
		AwsRequestID:       id,
		InvokedFunctionArn: "arn:aws:lambda:" + region + ":" + accountID + ":function:catalog",
	})

	out, err := c.Invoker.Invoke(ctx, payload)
	if err != nil {
		return nil, Response{}, fmt.Errorf("lambdatest: function error: %w", err)
	}
	resp, err := DecodeResponse(c.Source, out)
	if err != nil {
		return nil, Response{}, err
	}

	return resp.HTTP(req), resp, nil
}

// RoundTrip makes a Client an http.RoundTripper, so an *http.Client can talk to it.
func (c Client) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, _, err := c.Do(req)

	return resp, err
}
