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
docs: ## Regenerate the Swagger spec in docs/ from the handlers' annotations.
	$(GO) tool swag init --quiet -g doc.go -d delivery/httpapi --parseDependency=false \
		--useStructName --outputTypes go,json,yaml -o docs

.PHONY: lint
lint: ## Vet the code and check formatting.
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || \
		{ echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

.PHONY: build
build: ## Build the server and migrator into bin/.
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags='-s -w' -o $(BIN)/server ./cmd/server
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags='-s -w' -o $(BIN)/migrate ./cmd/migrate
