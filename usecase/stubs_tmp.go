package usecase

import (
	"context"

	"github.com/gamarriando/product-service/domain"
)

// TEMPORARY stubs: replaced by the real implementations in product.go, category.go and
// vendor.go.

func (s *Products) Create(ctx context.Context, in ProductInput) (domain.Product, error) {
	panic("todo")
}
func (s *Products) Get(ctx context.Context, id int64) (domain.Product, error) { panic("todo") }
func (s *Products) Replace(ctx context.Context, id int64, in ProductInput,
	o WriteOptions) (domain.Product, error) {
	panic("todo")
}
func (s *Products) Delete(ctx context.Context, id int64, o WriteOptions) error { panic("todo") }
func (s *Products) List(ctx context.Context, p ProductListParams) (Page[domain.Product], error) {
	panic("todo")
}
func (s *Categories) Create(ctx context.Context, in CategoryInput) (domain.Category, error) {
	panic("todo")
}
func (s *Categories) Get(ctx context.Context, id int64) (domain.Category, error) {
	panic("todo")
}
func (s *Categories) Replace(ctx context.Context, id int64, in CategoryInput,
	o WriteOptions) (domain.Category, error) {
	panic("todo")
}
func (s *Categories) Delete(ctx context.Context, id int64, o WriteOptions) error {
	panic("todo")
}
func (s *Categories) List(ctx context.Context,
	p CategoryListParams) (Page[domain.Category], error) {
	panic("todo")
}
func (s *Vendors) Create(ctx context.Context, in VendorInput) (domain.Vendor, error) {
	panic("todo")
}
func (s *Vendors) Get(ctx context.Context, id int64) (domain.Vendor, error) { panic("todo") }
func (s *Vendors) Replace(ctx context.Context, id int64, in VendorInput,
	o WriteOptions) (domain.Vendor, error) {
	panic("todo")
}
func (s *Vendors) Delete(ctx context.Context, id int64, o WriteOptions) error { panic("todo") }
func (s *Vendors) List(ctx context.Context, p VendorListParams) (Page[domain.Vendor], error) {
	panic("todo")
}
