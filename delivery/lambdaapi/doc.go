// Package lambdaapi serves the service's HTTP router from AWS Lambda.
//
// One Handler turns the HTTP events of API Gateway (REST, payload 1.0; HTTP API,
// payload 2.0), Lambda function URLs and Application Load Balancers into ordinary
// *http.Request values, runs them through the same http.Handler that the local server
// uses, and turns the response back into the event's response shape. Which event kind a
// function receives is configuration: an event of another kind is answered with a
// problem+json error that names both kinds, so a misconfigured function fails loudly
// instead of answering 404 on every route.
//
// The handler never returns a Go error for an HTTP request, since API Gateway turns any
// function error into a bare 502: a malformed event, a panic or a deadline all become
// problem+json responses. Only a payload that is no HTTP event at all is an error.
//
// The event conversion is delegated to github.com/awslabs/aws-lambda-go-api-proxy behind
// the small converter interface in proxy.go, so the rest of the service never sees that
// library and a replacement touches one file.
package lambdaapi
