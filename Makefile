# Every target works on a fresh machine with Go installed; `make help` lists them.
SHELL := /bin/bash
GO ?= go
BIN := bin

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' \
		$(MAKEFILE_LIST)

.PHONY: run
run: ## Run the local server (embedded SQLite unless DATABASE_URL or DB_HOST is set).
	$(GO) run ./cmd/server

.PHONY: test
test: ## Run every test (PostgreSQL at TEST_DATABASE_URL; skipped when absent unless CI=true).
	$(GO) test -count=1 -p 2 ./...

.PHONY: test-short
test-short: ## Run the fast tests only.
	$(GO) test -short ./...

.PHONY: docs
docs: ## Regenerate docs/: Swagger 2.0 from the annotations (swag), then OpenAPI 3 from it.
	$(GO) tool swag init --quiet -g doc.go -d delivery/httpapi --parseDependency=false \
		--useStructName --outputTypes go,json,yaml -o docs
	$(GO) run ./docs/cmd/openapi3

.PHONY: lint-api
lint-api: ## Lint docs/openapi.json and docs/swagger.json (Spectral, Redocly; npm ci first).
	npx --no-install spectral lint --fail-severity=warn --ruleset .spectral.yaml \
		docs/openapi.json docs/swagger.json
	npx --no-install redocly lint --config redocly.yaml docs/openapi.json

.PHONY: test-browser
test-browser: ## Drive the Swagger UI in headless Chromium; refreshes docs/swagger-ui*.png.
	$(GO) test -tags browser -count=1 -v -run TestSwaggerUIInBrowser ./cmd/server

.PHONY: swagger-ui
swagger-ui: ## Copy the pinned swagger-ui-dist files (npm ci first) into the embedded UI.
	cp node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,favicon-32x32.png} \
		node_modules/swagger-ui-dist/{LICENSE,NOTICE} delivery/httpapi/swaggerui/

.PHONY: lint
lint: ## Vet the code and check formatting.
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || \
		{ echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

.PHONY: build
build: ## Build the server and migrator into bin/.
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags='-s -w' -o $(BIN)/server ./cmd/server
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags='-s -w' -o $(BIN)/migrate ./cmd/migrate

# --- Lambda -----------------------------------------------------------------------------

LAMBDA_ARCH ?= arm64
# lambda.norpc: the provided.al2023 runtime speaks the Runtime API, not the old Go RPC
# mode; nomsgpack: Gin's MessagePack support, unused, is 6 MB of binary.
# lambda: leaves out what only the local server uses (embedded SQLite, the Swagger UI).
LAMBDA_TAGS := lambda.norpc,nomsgpack,lambda
RDS_CA := deploy/rds-global-bundle.pem
LAMBDA_BUILD := GOOS=linux GOARCH=$(LAMBDA_ARCH) CGO_ENABLED=0 $(GO) build \
	-tags $(LAMBDA_TAGS) -trimpath -ldflags='-s -w'

.PHONY: lambda
lambda: ## Build dist/lambda.zip and dist/migrate.zip (bootstrap for provided.al2023, arm64).
	rm -rf dist/lambda dist/migrate dist/lambda.zip dist/migrate.zip
	mkdir -p dist/lambda dist/migrate
	$(LAMBDA_BUILD) -o dist/lambda/bootstrap ./cmd/lambda
	$(LAMBDA_BUILD) -o dist/migrate/bootstrap ./cmd/migrate
	@if [ -f $(RDS_CA) ]; then \
		cp $(RDS_CA) dist/lambda/ && cp $(RDS_CA) dist/migrate/; \
	else \
		echo "warning: $(RDS_CA) is missing ('make rds-ca'); the zips go without it and" \
			"DB_SSLMODE=verify-full needs DB_SSLROOTCERT pointing at another CA file"; \
	fi
	cd dist/lambda && zip -q -X -9 ../lambda.zip *
	cd dist/migrate && zip -q -X -9 ../migrate.zip *
	@ls -l dist/lambda/bootstrap dist/lambda.zip dist/migrate.zip

.PHONY: rds-ca
rds-ca: ## Download the RDS CA bundle the Lambda zips carry (then commit it).
	curl -fsSL -o $(RDS_CA) https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem

.PHONY: test-lambda
test-lambda: ## Run the built bootstrap under the Lambda Runtime Interface Emulator.
	$(GO) test -tags lambdaruntime -count=1 -run 'Runtime|Production|MigrateOnDeploy' ./cmd/lambda

.PHONY: bench-coldstart
bench-coldstart: ## Cold start under the emulator, against a minimal aws-lambda-go function.
	$(GO) test -tags lambdaruntime -run '^$$' -bench ColdStart -benchtime 10x ./cmd/lambda

# --- Data and performance ---------------------------------------------------------------

PRODUCTS ?= 10000

.PHONY: seed
seed: ## Load a synthetic catalog into DATABASE_URL's PostgreSQL (PRODUCTS=10000).
	$(GO) run ./cmd/seed --products $(PRODUCTS)

.PHONY: bench
bench: ## Load 1M products into a fresh database and measure against hand-written SQL.
	bash bench/run.sh

.PHONY: bench-go
bench-go: ## Run the hot-path benchmarks (go test -bench, with allocations).
	$(GO) test -run '^$$' -bench . -benchmem ./delivery/httpapi ./repository/gormstore
