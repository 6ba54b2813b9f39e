package usecase

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
