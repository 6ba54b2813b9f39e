package usecase

import (
	"context"

	"github.com/gamarriando/product-service/domain"
)

// Services bundles the three use cases, so the commands wire them in one call.
type Services struct {
	Products   *Products
	Categories *Categories
	Vendors    *Vendors
}

// NewServices builds the use cases over one store.
func NewServices(s Store) Services {
	return Services{
		Products:   &Products{store: s},
		Categories: &Categories{store: s},
		Vendors:    &Vendors{store: s},
	}
}

// Products is the product use case.
type Products struct{ store Store }

// Categories is the category use case.
type Categories struct{ store Store }

// Vendors is the vendor use case.
type Vendors struct{ store Store }

var _ = context.Background
var _ domain.Product
