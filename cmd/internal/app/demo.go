package app

import (
	"context"
	"fmt"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/migrations/demo"
	"github.com/gamarriando/product-service/usecase"
)

// SeedDemo loads the demo catalog of the original plan (demo.Catalog, the same
// rows `migrate seed` writes to PostgreSQL) into an empty database and reports whether
// it did. It goes through the use cases as an administrator, so the demo rows obey
// every rule and the vendors' total_products are the true counts. A database holding
// any category or vendor is left alone.
func SeedDemo(ctx context.Context, svc usecase.Services) (bool, error) {
	ctx = usecase.WithPrincipal(ctx, domain.Principal{Role: domain.RoleAdmin,
		Subject: "demo-seed"})

	empty, err := isEmpty(ctx, svc)
	if err != nil || !empty {
		return false, err
	}

	set := demo.Catalog()

	categories := make(map[string]int64, len(set.Categories))
	for _, c := range set.Categories {
		in := usecase.CategoryInput{Name: c.Name, Slug: c.Slug, Description: c.Description,
			SortOrder: int64(c.SortOrder), IsActive: true}
		if parent, ok := categories[c.ParentSlug]; ok {
			in.ParentID = &parent
		}

		created, err := svc.Categories.Create(ctx, in)
		if err != nil {
			return false, fmt.Errorf("category %s: %w", c.Slug, err)
		}

		categories[c.Slug] = created.ID
	}

	vendors := make(map[string]int64, len(set.Vendors))
	for _, v := range set.Vendors {
		created, err := svc.Vendors.Create(ctx, vendorInput(v))
		if err != nil {
			return false, fmt.Errorf("vendor %s: %w", v.Email, err)
		}

		vendors[v.Email] = created.ID
	}

	for _, p := range set.Products {
		if _, err := svc.Products.Create(ctx, usecase.ProductInput{Name: p.Name,
			Slug: p.Slug, Description: p.Description, Price: p.Price, Stock: int64(p.Stock),
			Status: string(p.Status), CategoryID: categories[p.CategorySlug],
			VendorID: vendors[p.VendorEmail], Images: p.Images, Tags: p.Tags}); err != nil {
			return false, fmt.Errorf("product %s: %w", p.Slug, err)
		}
	}

	return true, nil
}

func vendorInput(v demo.Vendor) usecase.VendorInput {
	a := v.Address

	return usecase.VendorInput{Name: v.Name, Email: v.Email, Phone: v.Phone,
		Description: v.Description, IsActive: true, IsVerified: v.IsVerified,
		Rating: v.Rating, Address: usecase.AddressInput{Street: a.Street, City: a.City,
			State: a.State, ZipCode: a.ZipCode, Country: a.Country}}
}

func isEmpty(ctx context.Context, svc usecase.Services) (bool, error) {
	one := usecase.PageRequest{PageSize: 1}

	cats, err := svc.Categories.List(ctx, usecase.CategoryListParams{PageRequest: one})
	if err != nil {
		return false, err
	}

	vendors, err := svc.Vendors.List(ctx, usecase.VendorListParams{PageRequest: one})
	if err != nil {
		return false, err
	}

	return cats.Total == 0 && vendors.Total == 0, nil
}
