// Package accesstest is the access-control matrix of the contract (shared/API.md,
// "Access"): every caller against every operation on every kind of row, with the
// status the contract gives. It runs through any transport, so the local server and
// the Lambda adapter are held to the same table, and it proves that a refused request
// changed nothing in the database. It is for tests only; nothing in the service
// imports it.
package accesstest

import "net/http"

// Caller is a kind of caller.
type Caller string

// The callers of the matrix. Member holds a valid token that names no role (a
// shopper): it reads like an anonymous caller but is refused writes with a 403.
const (
	Admin     Caller = "admin"
	VendorA   Caller = "vendorA"
	VendorB   Caller = "vendorB"
	Member    Caller = "member"
	Anonymous Caller = "anonymous"
)

// Callers are the rows of the matrix, in order.
var Callers = []Caller{Admin, VendorA, VendorB, Member, Anonymous}

// Identity is a caller with the vendor id the fixture gave it (vendors only).
type Identity struct {
	Caller   Caller
	VendorID int64
}

// Target is a row of the fixture.
type Target int

// The fixture: two vendors with a published product and a draft each, an active and an
// inactive category, and an inactive vendor. Inactive categories and vendors and draft
// products are hidden from everyone but administrators (and a vendor's own drafts and
// profile from that vendor).
const (
	ProductOfA Target = iota
	DraftOfA
	ProductOfB
	DraftOfB
	ActiveCategory
	HiddenCategory
	ProfileA
	ProfileB
	HiddenVendor
	targetCount
)

// Targets are the columns of the matrix, in order.
var Targets = []Target{ProductOfA, DraftOfA, ProductOfB, DraftOfB, ActiveCategory,
	HiddenCategory, ProfileA, ProfileB, HiddenVendor}

var targetNames = [targetCount]string{"productOfA", "draftOfA", "productOfB", "draftOfB",
	"activeCategory", "hiddenCategory", "profileA", "profileB", "hiddenVendor"}

func (t Target) String() string { return targetNames[t] }

// Resource is the collection the target lives in.
func (t Target) Resource() string {
	switch {
	case t <= DraftOfB:
		return "products"
	case t <= HiddenCategory:
		return "categories"
	}

	return "vendors"
}

// Op is an operation of the contract.
type Op string

// The operations, in the order the matrix runs them: reads first, deletes last.
const (
	Get    Op = "get"
	List   Op = "list"
	Patch  Op = "patch"
	Put    Op = "put"
	Create Op = "create"
	Delete Op = "delete"
)

// Ops are the operations in the order they run.
var Ops = []Op{Get, List, Patch, Put, Create, Delete}

// For List, whether the target is in the caller's list (the response is a 200 either
// way).
const (
	Listed   = http.StatusOK
	Unlisted = http.StatusNotFound
)

// Statuses used in the table.
const (
	ok   = http.StatusOK
	made = http.StatusCreated
	gone = http.StatusNoContent
	anon = http.StatusUnauthorized
	deny = http.StatusForbidden
	hide = http.StatusNotFound
)

// Expected is the table: for each operation and caller, the status for each target in
// Targets order. Create means creating a row like the target (same vendor and status,
// or same is_active). Delete of a target whose answer is 204 deletes a fresh copy, so
// the fixture lives on.
//
// The rules behind it: anonymous writes are 401 whatever the row; administrators may
// do everything; a vendor writes only its own products and its own profile; anything
// else is a 403, except on a row hidden from the caller, which stays a 404, so a write
// never reveals what a read would not. Only administrators create, change or delete
// categories and create or delete vendors.
var Expected = map[Op]map[Caller][targetCount]int{
	//                pA    dA    pB    dB    cat   hcat  vA    vB    hV
	Get: {
		Admin:     {ok, ok, ok, ok, ok, ok, ok, ok, ok},
		VendorA:   {ok, ok, ok, hide, ok, hide, ok, ok, hide},
		VendorB:   {ok, hide, ok, ok, ok, hide, ok, ok, hide},
		Member:    {ok, hide, ok, hide, ok, hide, ok, ok, hide},
		Anonymous: {ok, hide, ok, hide, ok, hide, ok, ok, hide},
	},
	List: {
		Admin:     {ok, ok, ok, ok, ok, ok, ok, ok, ok},
		VendorA:   {ok, ok, ok, hide, ok, hide, ok, ok, hide},
		VendorB:   {ok, hide, ok, ok, ok, hide, ok, ok, hide},
		Member:    {ok, hide, ok, hide, ok, hide, ok, ok, hide},
		Anonymous: {ok, hide, ok, hide, ok, hide, ok, ok, hide},
	},
	Patch: writes,
	Put:   writes,
	Create: {
		Admin:     {made, made, made, made, made, made, made, made, made},
		VendorA:   {made, made, deny, deny, deny, deny, deny, deny, deny},
		VendorB:   {deny, deny, made, made, deny, deny, deny, deny, deny},
		Member:    {deny, deny, deny, deny, deny, deny, deny, deny, deny},
		Anonymous: {anon, anon, anon, anon, anon, anon, anon, anon, anon},
	},
	Delete: {
		Admin:     {gone, gone, gone, gone, gone, gone, gone, gone, gone},
		VendorA:   {gone, gone, deny, hide, deny, hide, deny, deny, hide},
		VendorB:   {deny, hide, gone, gone, deny, hide, deny, deny, hide},
		Member:    {deny, hide, deny, hide, deny, hide, deny, deny, hide},
		Anonymous: {anon, anon, anon, anon, anon, anon, anon, anon, anon},
	},
}

// writes is the table of PUT and PATCH, which answer alike.
var writes = map[Caller][targetCount]int{
	//         pA    dA    pB    dB    cat   hcat  vA    vB    hV
	Admin:     {ok, ok, ok, ok, ok, ok, ok, ok, ok},
	VendorA:   {ok, ok, deny, hide, deny, hide, ok, deny, hide},
	VendorB:   {deny, hide, ok, ok, deny, hide, deny, ok, hide},
	Member:    {deny, hide, deny, hide, deny, hide, deny, deny, hide},
	Anonymous: {anon, anon, anon, anon, anon, anon, anon, anon, anon},
}

// PublicFields are the fields a response may carry, per resource: the contract's and
// nothing internal (no version, search text or other column the API does not name).
var PublicFields = map[string][]string{
	"products": {"id", "name", "slug", "description", "price", "stock", "status",
		"category_id", "vendor_id", "images", "tags", "created_at", "updated_at"},
	"categories": {"id", "name", "slug", "description", "parent_id", "sort_order",
		"is_active", "created_at", "updated_at"},
	"vendors": {"id", "name", "email", "phone", "address", "description", "is_active",
		"is_verified", "rating", "total_products", "created_at", "updated_at"},
}

// PageFields are the keys of a list response and of its meta.
var PageFields = []string{"data", "meta"}

// MetaFields are the keys meta may carry.
var MetaFields = []string{"page", "page_size", "total", "total_exact", "total_pages", "next_cursor"}
