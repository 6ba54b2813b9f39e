// Command minimal is the smallest useful Go Lambda function, the baseline of the
// cold-start benchmark: it answers every API Gateway HTTP event with a fixed 200.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(_ context.Context, _ events.APIGatewayV2HTTPRequest) (
	events.APIGatewayV2HTTPResponse, error) {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       `{"status":"ok"}`,
	}, nil
}

func main() {
	lambda.Start(handle)
}
