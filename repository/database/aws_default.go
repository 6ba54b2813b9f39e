//go:build !lambda

package database

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
)

// loadAWS returns the caller's AWS configuration or the SDK's default one (environment,
// shared files, the Lambda execution role).
func loadAWS(ctx context.Context, o Options) (aws.Config, error) {
	if o.AWS != nil {
		cfg := o.AWS.Copy()
		if o.Region != "" {
			cfg.Region = o.Region
		}

		return cfg, nil
	}

	var opts []func(*awsconfig.LoadOptions) error
	if o.Region != "" {
		opts = append(opts, awsconfig.WithRegion(o.Region))
	}

	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, safe("load AWS configuration", err)
	}

	if cfg.Region == "" {
		return aws.Config{}, safe("load AWS configuration: no region (set AWS_REGION)", nil)
	}

	return cfg, nil
}
