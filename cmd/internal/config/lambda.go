package config

import "strings"

// Lambda is the configuration only the Lambda entry point reads.
type Lambda struct {
	// EventSource is the kind of HTTP event the function is deployed behind
	// (LAMBDA_EVENT_SOURCE): apigw-rest, apigw-http (the default, what serverless.yml
	// deploys), function-url or alb. cmd/lambda validates it, so this package stays
	// free of the Lambda libraries the server does not link.
	EventSource string
	// BasePath is removed from the front of every request path, by whole segments
	// (LAMBDA_BASE_PATH): the base path mapping of a custom domain.
	BasePath string
}

// LoadLambda reads the Lambda entry point's variables.
func LoadLambda(getenv func(string) string) Lambda {
	src := strings.TrimSpace(getenv("LAMBDA_EVENT_SOURCE"))
	if src == "" {
		src = "apigw-http"
	}

	return Lambda{EventSource: src, BasePath: strings.TrimSpace(getenv("LAMBDA_BASE_PATH"))}
}
