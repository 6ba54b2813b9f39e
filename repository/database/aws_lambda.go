//go:build lambda

package database

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// loadAWS, in Lambda builds, takes the execution role's credentials and the region
// from the variables the Lambda runtime sets. The SDK's default chain (shared files,
// SSO, STS, instance metadata) is left out: a function never needs it, and it is a
// sixth of the bootstrap.
func loadAWS(_ context.Context, o Options) (aws.Config, error) {
	if o.AWS != nil {
		cfg := o.AWS.Copy()
		if o.Region != "" {
			cfg.Region = o.Region
		}

		return cfg, nil
	}

	region := o.Region
	if region == "" {
		region = os.Getenv("AWS_REGION")
	}

	if region == "" {
		return aws.Config{}, safe("load AWS configuration: no region (set AWS_REGION)", nil)
	}

	creds := credentials.NewStaticCredentialsProvider(os.Getenv("AWS_ACCESS_KEY_ID"),
		os.Getenv("AWS_SECRET_ACCESS_KEY"), os.Getenv("AWS_SESSION_TOKEN"))

	return aws.Config{Region: region, Credentials: aws.NewCredentialsCache(creds)}, nil
}
