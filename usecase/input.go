package usecase

// ProductInput is every writable field of a product, as a create or a full replace
// gives it. Price is the decimal text of the request (a JSON string, or the literal
// digits of a JSON number), so it is parsed exactly. An empty Slug asks the service to
// derive one (on create) or to keep the current one (on replace); an empty Status is
// draft on create.
type ProductInput struct {
	Name        string
	Slug        string
	Description string
	Price       string
	Stock       int64
	Status      string
	CategoryID  int64
	VendorID    int64
	Images      []string
	Tags        []string
}

// CategoryInput is every writable field of a category. A nil ParentID makes a root.
type CategoryInput struct {
	Name        string
	Slug        string
	Description string
	ParentID    *int64
	SortOrder   int64
	IsActive    bool
}

// AddressInput is a vendor's address as given.
type AddressInput struct {
	Street  string
	City    string
	State   string
	ZipCode string
	Country string
}

// VendorInput is every writable field of a vendor. Rating is decimal text, like a
// price; empty means 0.00 on create. TotalProducts is not here: nobody writes it.
type VendorInput struct {
	Name        string
	Email       string
	Phone       string
	Address     AddressInput
	Description string
	IsActive    bool
	IsVerified  bool
	Rating      string
}

// WriteOptions carry the conditions of a write.
type WriteOptions struct {
	// IfVersion, when not zero, makes the write fail with a
	// *domain.PreconditionError unless the row is still at this version. The check
	// runs in the same transaction as the write, on the locked row.
	IfVersion int64
}
