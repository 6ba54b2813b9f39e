// Package domain holds the catalog's entities and the value types they are made of:
// exact money, ratings, slugs, product statuses and addresses, plus the typed errors
// every other layer speaks. It knows nothing of HTTP, SQL or JSON, so the same rules
// hold whether a request arrives through the local server or a Lambda event.
package domain
