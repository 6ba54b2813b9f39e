package app

import (
	"context"
	"fmt"

	"github.com/gamarriando/product-service/usecase"
)

// SeedDemo loads the demo catalog of the original plan into an empty database and
// reports whether it did. It goes through the use cases, so the demo rows obey every
// rule and the vendors' total_products are the true counts. A database holding any
// category or vendor is left alone.
func SeedDemo(ctx context.Context, svc usecase.Services) (bool, error) {
	empty, err := isEmpty(ctx, svc)
	if err != nil || !empty {
		return false, err
	}

	electronics, err := svc.Categories.Create(ctx, usecase.CategoryInput{
		Name: "Electrónicos", Description: "Dispositivos y accesorios electrónicos",
		SortOrder: 1, IsActive: true})
	if err != nil {
		return false, fmt.Errorf("category: %w", err)
	}

	clothes, err := svc.Categories.Create(ctx, usecase.CategoryInput{
		Name: "Ropa", Description: "Ropa y accesorios de moda", SortOrder: 2,
		IsActive: true})
	if err != nil {
		return false, fmt.Errorf("category: %w", err)
	}

	if _, err := svc.Categories.Create(ctx, usecase.CategoryInput{
		Name: "Hogar y Jardín", Description: "Artículos para el hogar y el jardín",
		SortOrder: 3, IsActive: true}); err != nil {
		return false, fmt.Errorf("category: %w", err)
	}

	phones, err := svc.Categories.Create(ctx, usecase.CategoryInput{
		Name: "Smartphones", Description: "Teléfonos inteligentes",
		ParentID: &electronics.ID, SortOrder: 1, IsActive: true})
	if err != nil {
		return false, fmt.Errorf("category: %w", err)
	}

	demo, err := svc.Vendors.Create(ctx, usecase.VendorInput{
		Name: "Vendor Demo", Email: "demo@gamarriando.com", Phone: "+51 1 555 0100",
		Address: usecase.AddressInput{Street: "Jr. Gamarra 123", City: "Lima",
			State: "Lima", ZipCode: "15018", Country: "PE"},
		Description: "Vendedor de demostración", IsActive: true, IsVerified: true,
		Rating: "4.50"})
	if err != nil {
		return false, fmt.Errorf("vendor: %w", err)
	}

	tech, err := svc.Vendors.Create(ctx, usecase.VendorInput{
		Name: "Tech Store Pro", Email: "ventas@techstorepro.com", Phone: "+51 1 555 0200",
		Address: usecase.AddressInput{Street: "Av. Javier Prado 456", City: "Lima",
			State: "Lima", ZipCode: "15036", Country: "PE"},
		Description: "Tecnología de última generación", IsActive: true, IsVerified: true,
		Rating: "4.80"})
	if err != nil {
		return false, fmt.Errorf("vendor: %w", err)
	}

	products := []usecase.ProductInput{
		{Name: "iPhone 15 Pro", Description: "Smartphone Apple con chip A17 Pro, 256 GB",
			Price: "999.99", Stock: 10, Status: "active", CategoryID: phones.ID,
			VendorID: tech.ID, Tags: []string{"apple", "smartphone", "5g"},
			Images: []string{"https://images.gamarriando.com/iphone-15-pro.jpg"}},
		{Name: "Camiseta Básica de Algodón", Description: "Camiseta 100% algodón peruano",
			Price: "19.99", Stock: 100, Status: "active", CategoryID: clothes.ID,
			VendorID: demo.ID, Tags: []string{"algodón", "básico"},
			Images: []string{"https://images.gamarriando.com/camiseta.jpg"}},
	}

	for _, p := range products {
		if _, err := svc.Products.Create(ctx, p); err != nil {
			return false, fmt.Errorf("product: %w", err)
		}
	}

	return true, nil
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
