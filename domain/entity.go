package domain

import (
	"errors"
	"time"
)

// ProductStatus is where a product is in its life: only active products are published.
type ProductStatus string

// The product statuses of the contract.
const (
	ProductDraft    ProductStatus = "draft"
	ProductActive   ProductStatus = "active"
	ProductInactive ProductStatus = "inactive"
	ProductArchived ProductStatus = "archived"
)

// ProductStatuses lists every status, in the order the documentation shows them.
var ProductStatuses = []ProductStatus{ProductDraft, ProductActive, ProductInactive,
	ProductArchived}

var errStatus = errors.New("must be one of draft, active, inactive, archived")

// ParseProductStatus accepts exactly one of the four lowercase statuses.
func ParseProductStatus(s string) (ProductStatus, error) {
	for _, st := range ProductStatuses {
		if string(st) == s {
			return st, nil
		}
	}

	return "", errStatus
}

// Product is an item a vendor sells, filed under one category.
type Product struct {
	ID          int64
	Name        string
	Slug        Slug
	Description string
	Price       Money
	Stock       int32
	Status      ProductStatus
	CategoryID  int64
	VendorID    int64
	Images      []string
	Tags        []string
	// Version grows by one with every write; it is the ETag and the guard of
	// conditional updates.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Category is a node of the category tree; ParentID is nil for a root.
type Category struct {
	ID          int64
	Name        string
	Slug        Slug
	Description string
	ParentID    *int64
	SortOrder   int32
	IsActive    bool
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Address is a vendor's postal address. Every part is optional free text.
type Address struct {
	Street  string
	City    string
	State   string
	ZipCode string
	Country string
}

// Vendor is a seller on the marketplace.
type Vendor struct {
	ID          int64
	Name        string
	Email       string
	Phone       string
	Address     Address
	Description string
	IsActive    bool
	IsVerified  bool
	Rating      Rating
	// TotalProducts always equals the number of products of this vendor: it is
	// changed in the same transaction as every product write.
	TotalProducts int64
	Version       int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}
