package gormstore

import (
	"fmt"
	"strings"
	"time"

	"github.com/gamarriando/product-service/domain"
)

// The GORM models: the database shape of each entity, kept apart from the domain so
// that no tag or column detail leaks inward. Their tags are also what AutoMigrate
// builds the development schema from, so they spell out the production column types,
// defaults and constraints.
//
// The constraint and unique index names are the production schema's (the SQL
// migrations); the list indexes are added by AutoMigrate.
//
// Booleans whose column default is true are pointers: GORM replaces a zero value by
// the column default on insert, which would silently turn is_active=false into true.
// Timestamps are never filled in by GORM; the repositories set them.

type categoryModel struct {
	ID          int64  `gorm:"primaryKey"`
	Name        string `gorm:"size:255;not null"`
	Slug        string `gorm:"size:255;not null;uniqueIndex:categories_slug_key"`
	Description string `gorm:"type:text;not null;default:''"`
	ParentID    *int64
	Parent      *categoryModel `gorm:"foreignKey:ParentID;constraint:OnDelete:RESTRICT"`
	SortOrder   int32          `gorm:"type:integer;not null;default:0"`
	IsActive    *bool          `gorm:"not null;default:true"`
	SearchText  string         `gorm:"type:text;not null;default:''"`
	Version     int64          `gorm:"not null;default:1"`
	CreatedAt   time.Time      `gorm:"not null;default:CURRENT_TIMESTAMP;autoCreateTime:false"`
	UpdatedAt   time.Time      `gorm:"not null;default:CURRENT_TIMESTAMP;autoUpdateTime:false"`
}

func (categoryModel) TableName() string { return "categories" }

type vendorModel struct {
	ID          int64       `gorm:"primaryKey"`
	Name        string      `gorm:"size:255;not null"`
	Email       string      `gorm:"size:255;not null;index:vendors_email_key,unique,expression:lower(email)"`
	Phone       string      `gorm:"size:50;not null;default:''"`
	Address     addressJSON `gorm:"not null;default:'{}'"`
	Description string      `gorm:"type:text;not null;default:''"`
	IsActive    *bool       `gorm:"not null;default:true"`
	IsVerified  bool        `gorm:"not null;default:false"`
	// The lower bound holds in both units; PostgreSQL gets the upper bound of 5.00 in
	// AutoMigrate, because SQLite stores hundredths and needs another number.
	Rating        hundredths `gorm:"precision:3;not null;default:0;check:vendors_rating_check,rating >= 0"`
	TotalProducts int64      `gorm:"not null;default:0;check:vendors_total_products_check,total_products >= 0"`
	SearchText    string     `gorm:"type:text;not null;default:''"`
	Version       int64      `gorm:"not null;default:1"`
	CreatedAt     time.Time  `gorm:"not null;default:CURRENT_TIMESTAMP;autoCreateTime:false"`
	UpdatedAt     time.Time  `gorm:"not null;default:CURRENT_TIMESTAMP;autoUpdateTime:false"`
}

func (vendorModel) TableName() string { return "vendors" }

type productModel struct {
	ID          int64  `gorm:"primaryKey"`
	Name        string `gorm:"size:255;not null"`
	Slug        string `gorm:"size:255;not null;uniqueIndex:products_slug_key"`
	Description string `gorm:"type:text;not null;default:''"`
	// 9999999999 is 99999999.99 in cents for SQLite; on PostgreSQL numeric(10,2)
	// cannot exceed it, so the same check is right for both.
	Price hundredths `gorm:"precision:10;not null;check:products_price_check,price >= 0 AND price <= 9999999999"`
	Stock int32      `gorm:"not null;default:0;check:products_stock_check,stock >= 0"`
	// Struct tags cannot be split, so the lines that name a constraint run long.
	Status string `gorm:"size:20;not null;default:'draft';check:products_status_check,status IN ('draft','active','inactive','archived')"`

	CategoryID int64          `gorm:"not null"`
	Category   *categoryModel `gorm:"foreignKey:CategoryID;constraint:OnDelete:RESTRICT"`
	VendorID   int64          `gorm:"not null"`
	Vendor     *vendorModel   `gorm:"foreignKey:VendorID;constraint:OnDelete:RESTRICT"`
	Images     stringList     `gorm:"not null;default:'[]'"`
	Tags       stringList     `gorm:"not null;default:'[]'"`
	SearchText string         `gorm:"type:text;not null;default:''"`
	Version    int64          `gorm:"not null;default:1"`
	CreatedAt  time.Time      `gorm:"not null;default:CURRENT_TIMESTAMP;autoCreateTime:false"`
	UpdatedAt  time.Time      `gorm:"not null;default:CURRENT_TIMESTAMP;autoUpdateTime:false"`
}

func (productModel) TableName() string { return "products" }

// The columns each read selects: everything but search_text, which only serves
// filtering and is never returned.
var (
	categoryColumns = []string{"id", "name", "slug", "description", "parent_id", "sort_order",
		"is_active", "version", "created_at", "updated_at"}
	vendorColumns = []string{"id", "name", "email", "phone", "address", "description",
		"is_active", "is_verified", "rating", "total_products", "version", "created_at",
		"updated_at"}
	productColumns = []string{"id", "name", "slug", "description", "price", "stock",
		"status", "category_id", "vendor_id", "images", "tags", "version", "created_at",
		"updated_at"}
)

// searchText is what `q` matches: name and description folded the same way the use
// case folds the query, so the match is case- and accent-insensitive on any database.
func searchText(name, description string) string {
	return domain.Fold(name + " " + description)
}

// now is the timestamp of a write: UTC and truncated to microseconds, the precision
// of timestamptz, so a value read back equals the one written and keyset cursors
// built from it match exactly.
func now() time.Time {
	return time.Now().UTC().Truncate(time.Microsecond)
}

func categoryFromDomain(c domain.Category) categoryModel {
	active := c.IsActive

	return categoryModel{
		ID:          c.ID,
		Name:        c.Name,
		Slug:        string(c.Slug),
		Description: c.Description,
		ParentID:    c.ParentID,
		SortOrder:   c.SortOrder,
		IsActive:    &active,
		SearchText:  searchText(c.Name, c.Description),
		Version:     c.Version,
		CreatedAt:   c.CreatedAt,
		UpdatedAt:   c.UpdatedAt,
	}
}

func (m categoryModel) toDomain() domain.Category {
	return domain.Category{
		ID:          m.ID,
		Name:        m.Name,
		Slug:        domain.Slug(m.Slug),
		Description: m.Description,
		ParentID:    m.ParentID,
		SortOrder:   m.SortOrder,
		IsActive:    m.IsActive != nil && *m.IsActive,
		Version:     m.Version,
		CreatedAt:   m.CreatedAt.UTC(),
		UpdatedAt:   m.UpdatedAt.UTC(),
	}
}

func vendorFromDomain(v domain.Vendor) vendorModel {
	active := v.IsActive

	return vendorModel{
		ID:    v.ID,
		Name:  v.Name,
		Email: strings.ToLower(v.Email),
		Phone: v.Phone,
		Address: addressJSON{
			Street:  v.Address.Street,
			City:    v.Address.City,
			State:   v.Address.State,
			ZipCode: v.Address.ZipCode,
			Country: v.Address.Country,
		},
		Description:   v.Description,
		IsActive:      &active,
		IsVerified:    v.IsVerified,
		Rating:        hundredths(v.Rating.Hundredths()),
		TotalProducts: v.TotalProducts,
		SearchText:    searchText(v.Name, v.Description),
		Version:       v.Version,
		CreatedAt:     v.CreatedAt,
		UpdatedAt:     v.UpdatedAt,
	}
}

func (m vendorModel) toDomain() (domain.Vendor, error) {
	rating, err := domain.RatingFromHundredths(int64(m.Rating))
	if err != nil {
		return domain.Vendor{}, fmt.Errorf("decode vendor %d rating: %w", m.ID, err)
	}

	return domain.Vendor{
		ID:    m.ID,
		Name:  m.Name,
		Email: m.Email,
		Phone: m.Phone,
		Address: domain.Address{
			Street:  m.Address.Street,
			City:    m.Address.City,
			State:   m.Address.State,
			ZipCode: m.Address.ZipCode,
			Country: m.Address.Country,
		},
		Description:   m.Description,
		IsActive:      m.IsActive != nil && *m.IsActive,
		IsVerified:    m.IsVerified,
		Rating:        rating,
		TotalProducts: m.TotalProducts,
		Version:       m.Version,
		CreatedAt:     m.CreatedAt.UTC(),
		UpdatedAt:     m.UpdatedAt.UTC(),
	}, nil
}

func productFromDomain(p domain.Product) productModel {
	return productModel{
		ID:          p.ID,
		Name:        p.Name,
		Slug:        string(p.Slug),
		Description: p.Description,
		Price:       hundredths(p.Price.Cents()),
		Stock:       p.Stock,
		Status:      string(p.Status),
		CategoryID:  p.CategoryID,
		VendorID:    p.VendorID,
		Images:      nonNil(p.Images),
		Tags:        nonNil(p.Tags),
		SearchText:  searchText(p.Name, p.Description),
		Version:     p.Version,
		CreatedAt:   p.CreatedAt,
		UpdatedAt:   p.UpdatedAt,
	}
}

func (m productModel) toDomain() (domain.Product, error) {
	price, err := domain.MoneyFromCents(int64(m.Price))
	if err != nil {
		return domain.Product{}, fmt.Errorf("decode product %d price: %w", m.ID, err)
	}

	status, err := domain.ParseProductStatus(m.Status)
	if err != nil {
		return domain.Product{}, fmt.Errorf("decode product %d status: %w", m.ID, err)
	}

	return domain.Product{
		ID:          m.ID,
		Name:        m.Name,
		Slug:        domain.Slug(m.Slug),
		Description: m.Description,
		Price:       price,
		Stock:       m.Stock,
		Status:      status,
		CategoryID:  m.CategoryID,
		VendorID:    m.VendorID,
		Images:      nonNil(m.Images),
		Tags:        nonNil(m.Tags),
		Version:     m.Version,
		CreatedAt:   m.CreatedAt.UTC(),
		UpdatedAt:   m.UpdatedAt.UTC(),
	}, nil
}

// nonNil makes an absent list an empty one, so it is stored and returned as [].
func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}

	return l
}
