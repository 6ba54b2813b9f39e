// Package demo is the demo catalog of the original plan: four categories, two vendors
// and two products. migrations.Seed writes it to PostgreSQL and the development server
// loads it into an empty database; it lives apart from the migration code so the
// server and the Lambda do not link the migration tooling.
package demo

import "github.com/gamarriando/product-service/domain"

// Category is one demo category; ParentSlug names an earlier one, or is empty.
type Category struct {
	Name, Slug, Description string
	ParentSlug              string
	SortOrder               int32
}

// Vendor is one demo vendor; Rating is a decimal string such as "4.50".
type Vendor struct {
	Name, Email, Phone, Description string
	Address                         domain.Address
	IsVerified                      bool
	Rating                          string
}

// Product is one demo product, filed under a category slug and a vendor email.
type Product struct {
	Name, Slug, Description string
	Price                   string
	Stock                   int32
	Status                  domain.ProductStatus
	CategorySlug            string
	VendorEmail             string
	Images, Tags            []string
}

// Set is a whole demo catalog, parents before children.
type Set struct {
	Categories []Category
	Vendors    []Vendor
	Products   []Product
}

// Catalog returns the demo catalog; each call returns a fresh copy.
func Catalog() Set {
	lima := domain.Address{City: "Lima", State: "Lima", Country: "PE"}

	demoAddress, techAddress := lima, lima
	demoAddress.Street, demoAddress.ZipCode = "Jr. Gamarra 123, La Victoria", "15018"
	techAddress.Street, techAddress.ZipCode = "Av. Arequipa 456, Miraflores", "15074"

	return Set{
		Categories: []Category{
			{Name: "Electrónicos", Slug: "electronicos", SortOrder: 1,
				Description: "Dispositivos electrónicos y tecnología"},
			{Name: "Ropa", Slug: "ropa", SortOrder: 2,
				Description: "Ropa y accesorios para toda la familia"},
			{Name: "Hogar y Jardín", Slug: "hogar-y-jardin", SortOrder: 3,
				Description: "Artículos para el hogar y el jardín"},
			{Name: "Smartphones", Slug: "smartphones", ParentSlug: "electronicos",
				SortOrder: 1, Description: "Teléfonos inteligentes"},
		},
		Vendors: []Vendor{
			{Name: "Vendor Demo", Email: "demo@gamarriando.com", Phone: "+51 1 555 0100",
				Description: "Vendedor de demostración", Address: demoAddress,
				IsVerified: true, Rating: "4.50"},
			{Name: "Tech Store Pro", Email: "ventas@techstorepro.com",
				Phone: "+51 1 555 0200", Description: "Tecnología de última generación",
				Address: techAddress, IsVerified: true, Rating: "4.80"},
		},
		Products: []Product{
			{Name: "iPhone 15 Pro", Slug: "iphone-15-pro",
				Description: "Smartphone Apple con chip A17 Pro y cámara de 48 MP",
				Price:       "999.99", Stock: 10, Status: domain.ProductActive,
				CategorySlug: "smartphones", VendorEmail: "ventas@techstorepro.com",
				Images: []string{"https://images.gamarriando.com/demo/iphone-15-pro.jpg"},
				Tags:   []string{"apple", "iphone", "smartphone"}},
			{Name: "Camiseta Básica de Algodón", Slug: "camiseta-basica-de-algodon",
				Description: "Camiseta 100% algodón, cómoda y versátil",
				Price:       "19.99", Stock: 100, Status: domain.ProductActive,
				CategorySlug: "ropa", VendorEmail: "demo@gamarriando.com",
				Images: []string{"https://images.gamarriando.com/demo/camiseta-basica.jpg"},
				Tags:   []string{"algodon", "basico", "camiseta"}},
		},
	}
}
