package catalogseed

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gamarriando/product-service/domain"
)

// Plan sizes the synthetic catalog.
type Plan struct {
	Products   int
	Categories int
	Vendors    int
	// ActiveShare is the fraction of products whose status is active; the rest are
	// drafts, inactive or archived.
	ActiveShare float64
	// Seed makes the catalog reproducible: the same plan gives the same rows.
	Seed uint64
	// Now is the catalog's present: creation times spread over the two years before
	// it, rising with the product id as they would in a live catalog.
	Now time.Time
}

// DefaultPlan is the catalog the benchmark loads.
func DefaultPlan() Plan {
	return Plan{Products: 1_000_000, Categories: 60, Vendors: 1_000, ActiveShare: 0.8,
		Seed: 1, Now: time.Date(2026, time.June, 1, 12, 0, 0, 0, time.UTC)}
}

// Validate reports every out-of-range size at once.
func (p Plan) Validate() error {
	var errs []error
	if p.Products < 0 {
		errs = append(errs, errors.New("products must be 0 or more"))
	}

	if p.Categories < 1 {
		errs = append(errs, errors.New("categories must be 1 or more"))
	}

	if p.Vendors < 1 {
		errs = append(errs, errors.New("vendors must be 1 or more"))
	}

	if p.ActiveShare < 0 || p.ActiveShare > 1 || math.IsNaN(p.ActiveShare) {
		errs = append(errs, errors.New("active share must be from 0 to 1"))
	}

	return errors.Join(errs...)
}

// catalogSpan is how far back creation times reach.
const catalogSpan = 2 * 365 * 24 * time.Hour

// Generator makes the rows of one catalog. Categories and Vendors must be called once,
// in that order, before Products, which is then called batch after batch. It is not
// safe for concurrent use.
type Generator struct {
	plan    Plan
	rng     *rand.Rand
	leaves  []leafCategory
	weights []float64 // cumulative, for picking a leaf
	vendors []vendorRef
	made    int
}

// leafCategory is a category products are filed under, with their vocabulary.
type leafCategory struct {
	id    int64
	group *group
	nouns []noun
	name  string
}

type vendorRef struct {
	id   int64
	name string
}

// NewGenerator starts a catalog; the plan must be valid.
func NewGenerator(p Plan) *Generator {
	return &Generator{plan: p, rng: rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))}
}

// Categories builds the two-level tree on the reserved ids, which must be ascending
// and as many as Plan.Categories: roots first (about one in six), then their children
// spread over them. The returned order is an insert order: parents before children.
func (g *Generator) Categories(ids []int64) ([]domain.Category, error) {
	if len(ids) != g.plan.Categories {
		return nil, fmt.Errorf("categories: %d ids for %d categories", len(ids),
			g.plan.Categories)
	}

	roots := min(max(int(math.Round(float64(len(ids))/6)), 1), len(groups))
	out := make([]domain.Category, 0, len(ids))
	for i := range roots {
		gr := &groups[i]
		out = append(out, g.category(ids[i], gr.name, gr.description, nil, int32(i+1)))
	}

	children := childLayout(roots, len(ids)-roots)
	hasChild := make([]bool, roots)
	for i, c := range children {
		gr := &groups[c.root]
		lf := gr.leaves[c.leaf]
		name := lf.name
		if c.round > 0 {
			name += " " + strconv.Itoa(c.round+1)
		}

		desc := "Encuentra " + strings.ToLower(lf.name) + " de fabricantes de Gamarra y " +
			"de todo el Perú."
		id := ids[roots+i]
		parent := ids[c.root]
		out = append(out, g.category(id, name, desc, &parent, int32(c.order)))
		g.addLeaf(leafCategory{id: id, group: gr, nouns: lf.nouns, name: lf.name})
		hasChild[c.root] = true
	}

	for i := range roots {
		if !hasChild[i] {
			g.addLeaf(leafCategory{id: ids[i], group: &groups[i], nouns: allNouns(&groups[i]),
				name: groups[i].name})
		}
	}

	return out, nil
}

func (g *Generator) category(id int64, name, desc string, parent *int64,
	order int32) domain.Category {
	created := g.plan.Now.Add(-catalogSpan - 24*time.Hour).Truncate(time.Microsecond)

	return domain.Category{ID: id, Name: name, Slug: slugWithID(name, "categoria", id),
		Description: desc, ParentID: parent, SortOrder: order * 10, IsActive: true,
		Version: 1, CreatedAt: created, UpdatedAt: created}
}

// addLeaf records a leaf with a weight from 0.5 to 1.5, so categories differ in size
// the way real ones do.
func (g *Generator) addLeaf(l leafCategory) {
	w := 0.5 + g.rng.Float64()
	if n := len(g.weights); n > 0 {
		w += g.weights[n-1]
	}

	g.leaves = append(g.leaves, l)
	g.weights = append(g.weights, w)
}

func allNouns(gr *group) []noun {
	var out []noun
	for _, l := range gr.leaves {
		out = append(out, l.nouns...)
	}

	return out
}

// childSlot places one child category: which root, which of its leaves, which repeat
// of the vocabulary (0 the first time) and its position under the root.
type childSlot struct{ root, leaf, round, order int }

// childLayout deals n children to the roots in turn, each root's own leaves first;
// when every vocabulary is spent the names repeat with a number.
func childLayout(roots, n int) []childSlot {
	out := make([]childSlot, 0, max(n, 0))
	count := make([]int, roots)
	for round := 0; len(out) < n; round++ {
		for depth := 0; len(out) < n; depth++ {
			placed := false
			for r := 0; r < roots && len(out) < n; r++ {
				if depth >= len(groups[r].leaves) {
					continue
				}

				count[r]++
				out = append(out, childSlot{root: r, leaf: depth, round: round, order: count[r]})
				placed = true
			}

			if !placed {
				break
			}
		}
	}

	return out
}

// Vendors builds the vendors on the reserved ids.
func (g *Generator) Vendors(ids []int64) ([]domain.Vendor, error) {
	if len(ids) != g.plan.Vendors {
		return nil, fmt.Errorf("vendors: %d ids for %d vendors", len(ids), g.plan.Vendors)
	}

	out := make([]domain.Vendor, len(ids))
	for i, id := range ids {
		out[i] = g.vendor(id)
		g.vendors = append(g.vendors, vendorRef{id: id, name: out[i].Name})
	}

	return out, nil
}

func (g *Generator) vendor(id int64) domain.Vendor {
	r := g.rng
	base := pick(r, vendorTrades) + " " + pick(r, vendorNames)
	city := cities[r.IntN(len(cities))]
	rating, _ := domain.RatingFromHundredths(int64(300 + r.IntN(201)))
	created := g.plan.Now.Add(-catalogSpan - time.Duration(r.IntN(365*24))*time.Hour).
		Truncate(time.Microsecond)

	email := string(domain.DeriveSlug(base, "tienda")) + "." + strconv.FormatInt(id, 10) +
		"@example.com"
	address := domain.Address{Street: fmt.Sprintf("%s %d", pick(r, streets), 100+r.IntN(2900)),
		City: city.city, State: city.state, ZipCode: city.zip, Country: "Perú"}

	return domain.Vendor{
		ID:          id,
		Name:        base + pick(r, vendorForms),
		Email:       email,
		Phone:       fmt.Sprintf("+51 9%02d %03d %03d", r.IntN(100), r.IntN(1000), r.IntN(1000)),
		Address:     address,
		Description: pick(r, vendorAbout),
		IsActive:    r.Float64() < 0.95,
		IsVerified:  r.Float64() < 0.6,
		Rating:      rating,
		Version:     1,
		CreatedAt:   created,
		UpdatedAt:   created,
	}
}

// Products builds the next len(ids) products on the reserved ids.
func (g *Generator) Products(ids []int64) ([]domain.Product, error) {
	if len(g.leaves) == 0 || len(g.vendors) == 0 {
		return nil, errors.New("products: categories and vendors come first")
	}

	out := make([]domain.Product, len(ids))
	for i, id := range ids {
		out[i] = g.product(id)
		g.made++
	}

	return out, nil
}

func (g *Generator) product(id int64) domain.Product {
	r := g.rng
	leaf := &g.leaves[g.pickLeaf()]
	vendor := g.vendors[int(float64(len(g.vendors))*math.Pow(r.Float64(), 2))]
	name, material, colour := g.name(leaf)
	gr := leaf.group

	s1, s2 := twoOf(r, gr.sentences)
	created, updated := g.times()

	return domain.Product{
		ID:          id,
		Name:        name,
		Slug:        slugWithID(name, "producto", id),
		Description: name + ". " + s1 + " " + s2 + " Vendido por " + sentence(vendor.name),
		Price:       g.price(gr),
		Stock:       g.stock(),
		Status:      g.status(),
		CategoryID:  leaf.id,
		VendorID:    vendor.id,
		Images:      images(r, id),
		Tags:        tags(gr, leaf.name, material, colour),
		Version:     1,
		CreatedAt:   created,
		UpdatedAt:   updated,
	}
}

func (g *Generator) pickLeaf() int {
	total := g.weights[len(g.weights)-1]
	i, _ := slices.BinarySearch(g.weights, g.rng.Float64()*total)

	return min(i, len(g.weights)-1)
}

// name composes a product name such as "Zapatillas Urbanas de Cuero Negro". It also
// returns the material and colour used (possibly empty), which become tags.
func (g *Generator) name(leaf *leafCategory) (string, string, string) {
	r := g.rng
	gr := leaf.group
	n := leaf.nouns[r.IntN(len(leaf.nouns))]
	a := pickAdjective(r, gr.adjectives, n)

	material := gr.materials[r.IntN(len(gr.materials))]
	shape := r.IntN(5)
	if r.Float64() < SearchShare {
		material = bamboo
		shape = 1 + 3*r.IntN(2) // with a material: shape 1 or 4
	}

	if !gr.coloured && shape >= 2 {
		shape -= 2
	}

	colourOf := func(x noun) string { return colours[r.IntN(len(colours))].agree(x) }
	switch shape {
	case 0:
		return n.text + " " + a, "", ""
	case 1:
		return n.text + " " + a + " de " + material.text, material.text, ""
	case 2:
		c := colourOf(material)
		return n.text + " de " + material.text + " " + c, material.text, c
	case 3:
		c := colourOf(n)
		return n.text + " " + a + " " + c, "", c
	}

	c := colourOf(material)

	return n.text + " " + a + " de " + material.text + " " + c, material.text, c
}

// pickAdjective avoids an adjective the noun already carries ("Crema Hidratante").
func pickAdjective(r *rand.Rand, list []adjective, n noun) string {
	for range 4 {
		form := list[r.IntN(len(list))].agree(n)
		if !strings.Contains(n.text, form) {
			return form
		}
	}

	return list[0].agree(n)
}

// times spreads creation over the catalog's span in id order, with jitter smaller
// than one step so that the order holds; most products were updated soon after.
func (g *Generator) times() (time.Time, time.Time) {
	step := catalogSpan / time.Duration(max(g.plan.Products, 1))
	start := g.plan.Now.Add(-catalogSpan)
	created := start.Add(step*time.Duration(g.made) + time.Duration(g.rng.Int64N(int64(
		max(step, time.Microsecond)))))
	since := g.plan.Now.Sub(created)
	updated := created.Add(time.Duration(math.Pow(g.rng.Float64(), 3) * float64(since)))

	return created.Truncate(time.Microsecond), updated.Truncate(time.Microsecond)
}

// price is log-uniform over the group's range and ends the way shop prices do.
func (g *Generator) price(gr *group) domain.Money {
	r := g.rng
	v := float64(gr.minCents) * math.Pow(float64(gr.maxCents)/float64(gr.minCents), r.Float64())
	endings := []int64{90, 0, 50, 99}
	cents := int64(v)/100*100 + endings[r.IntN(len(endings))]
	cents = min(max(cents, gr.minCents), gr.maxCents, domain.MaxMoneyCents)
	m, _ := domain.MoneyFromCents(cents)

	return m
}

func (g *Generator) stock() int32 {
	if g.rng.Float64() < 0.08 {
		return 0
	}

	return 1 + int32(200*math.Pow(g.rng.Float64(), 2))
}

func (g *Generator) status() domain.ProductStatus {
	u := g.rng.Float64()
	if u < g.plan.ActiveShare {
		return domain.ProductActive
	}

	// The rest: 40% drafts, 35% inactive, 25% archived.
	rest := (u - g.plan.ActiveShare) / max(1-g.plan.ActiveShare, 1e-9)
	switch {
	case rest < 0.40:
		return domain.ProductDraft
	case rest < 0.75:
		return domain.ProductInactive
	}

	return domain.ProductArchived
}

func images(r *rand.Rand, id int64) []string {
	n := 1 + r.IntN(4)
	out := make([]string, n)
	for i := range out {
		out[i] = "https://cdn.example.com/gamarriando/products/" + strconv.FormatInt(id, 10) +
			"/" + strconv.Itoa(i+1) + ".jpg"
	}

	return out
}

// tags are lower-cased and de-duplicated, as the service stores them.
func tags(gr *group, leafName, material, colour string) []string {
	out := make([]string, 0, len(gr.tags)+3)
	for _, t := range append(slices.Clone(gr.tags), leafName, material, colour) {
		t = strings.ToLower(t)
		if t != "" && len(t) <= 50 && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}

	return out
}

// slugWithID derives a slug from name and ends it with the row's id. The id is the
// last hyphen-separated part, so two rows never share a slug.
func slugWithID(name string, fallback domain.Slug, id int64) domain.Slug {
	suffix := "-" + strconv.FormatInt(id, 10)
	base := string(domain.DeriveSlug(name, fallback))
	if len(base)+len(suffix) > domain.MaxSlugLength {
		base = strings.TrimRight(base[:domain.MaxSlugLength-len(suffix)], "-")
	}

	return domain.Slug(base + suffix)
}

// sentence ends s with one full stop, also after an abbreviation such as "S.A.C.".
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}

	return s + "."
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// twoOf picks two different sentences.
func twoOf(r *rand.Rand, list []string) (string, string) {
	i := r.IntN(len(list))
	j := (i + 1 + r.IntN(len(list)-1)) % len(list)

	return list[i], list[j]
}
