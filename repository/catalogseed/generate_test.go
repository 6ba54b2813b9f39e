package catalogseed

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gamarriando/product-service/domain"
)

func TestAdjectiveAgreement(t *testing.T) {
	tests := []struct {
		base string
		want adjective
	}{
		{"Negro", adjective{"Negro", "Negra", "Negros", "Negras"}},
		{"Verde", adjective{"Verde", "Verde", "Verdes", "Verdes"}},
		{"Azul", adjective{"Azul", "Azul", "Azules", "Azules"}},
		{"Marrón", adjective{"Marrón", "Marrón", "Marrones", "Marrones"}},
		{"Portátil", adjective{"Portátil", "Portátil", "Portátiles", "Portátiles"}},
		{"Reparador", adjective{"Reparador", "Reparadora", "Reparadores", "Reparadoras"}},
		{"Minimalista", adjective{"Minimalista", "Minimalista", "Minimalistas",
			"Minimalistas"}},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			if got := adj(tt.base); got != tt.want {
				t.Errorf("adj(%q) = %+v, want %+v", tt.base, got, tt.want)
			}
		})
	}

	if got := adj("Urbano").agree(fpl("Zapatillas")); got != "Urbanas" {
		t.Errorf("Zapatillas + Urbano = %q, want Urbanas", got)
	}
}

func TestCategoryTree(t *testing.T) {
	tests := []struct {
		name              string
		categories, roots int
		overflow          bool
	}{
		{"one root only", 1, 1, false},
		{"default sixty", 60, 10, false},
		{"more than the vocabulary", 120, len(groups), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := testPlan(0)
			plan.Categories = tt.categories
			g := NewGenerator(plan)
			cats, err := g.Categories(sequence(1, tt.categories))
			if err != nil {
				t.Fatal(err)
			}

			checkTree(t, cats, tt.roots)
			if tt.categories > 1 && len(g.leaves) != tt.categories-tt.roots {
				t.Errorf("%d leaves, want %d", len(g.leaves), tt.categories-tt.roots)
			}

			numbered := slices.ContainsFunc(cats, func(c domain.Category) bool {
				return strings.HasSuffix(c.Name, " 2")
			})
			if numbered != tt.overflow {
				t.Errorf("numbered names = %v, want %v", numbered, tt.overflow)
			}
		})
	}
}

func checkTree(t *testing.T, cats []domain.Category, roots int) {
	t.Helper()

	seen := map[int64]bool{}
	gotRoots := 0
	for _, c := range cats {
		if c.ParentID == nil {
			gotRoots++
		} else if !seen[*c.ParentID] {
			t.Errorf("category %d comes before its parent %d", c.ID, *c.ParentID)
		}

		if _, err := domain.ParseSlug(string(c.Slug)); err != nil {
			t.Errorf("category %d slug %q: %v", c.ID, c.Slug, err)
		}

		seen[c.ID] = true
	}

	if gotRoots != roots {
		t.Errorf("%d roots, want %d", gotRoots, roots)
	}
}

// TestProductsFollowTheContract checks every generated product against the rules the
// service enforces on writes, so the seeded catalog is one the API could have made.
func TestProductsFollowTheContract(t *testing.T) {
	const n = 20_000
	g := generator(t, testPlan(n))
	products, err := g.Products(sequence(1, n))
	if err != nil {
		t.Fatal(err)
	}

	slugs := map[domain.Slug]bool{}
	active, bamboo := 0, 0
	for _, p := range products {
		checkProduct(t, p)
		if slugs[p.Slug] {
			t.Errorf("slug %q repeats", p.Slug)
		}

		slugs[p.Slug] = true
		if p.Status == domain.ProductActive {
			active++
		}

		folded := searchText(p.Name, p.Description)
		inName := strings.Contains(domain.Fold(p.Name), "bambu")
		if strings.Contains(folded, "bambu") != inName {
			t.Errorf("product %d: search word outside its name: %q", p.ID, folded)
		}

		if inName {
			bamboo++
		}
	}

	within(t, "active share", float64(active)/n, 0.8, 0.02)
	within(t, "search word share", float64(bamboo)/n, SearchShare, 0.003)
}

func checkProduct(t *testing.T, p domain.Product) {
	t.Helper()

	if p.Name == "" || len(p.Name) > 255 || strings.TrimSpace(p.Name) != p.Name {
		t.Errorf("product %d name %q", p.ID, p.Name)
	}

	if _, err := domain.ParseSlug(string(p.Slug)); err != nil {
		t.Errorf("product %d slug %q: %v", p.ID, p.Slug, err)
	}

	if p.Price.Cents() <= 0 || p.Stock < 0 || p.CategoryID <= 0 || p.VendorID <= 0 {
		t.Errorf("product %d: price %s, stock %d, category %d, vendor %d", p.ID, p.Price,
			p.Stock, p.CategoryID, p.VendorID)
	}

	if len(p.Images) < 1 || len(p.Images) > 20 || !strings.HasPrefix(p.Images[0], "https://") {
		t.Errorf("product %d images %v", p.ID, p.Images)
	}

	if len(p.Tags) > 20 || slices.ContainsFunc(p.Tags, func(tag string) bool {
		return tag == "" || len([]rune(tag)) > 50 || strings.ToLower(tag) != tag
	}) {
		t.Errorf("product %d tags %q", p.ID, p.Tags)
	}

	if p.UpdatedAt.Before(p.CreatedAt) || p.CreatedAt.Nanosecond()%1000 != 0 {
		t.Errorf("product %d times %s, %s", p.ID, p.CreatedAt, p.UpdatedAt)
	}
}

func TestCreationTimesRiseWithID(t *testing.T) {
	g := generator(t, testPlan(1_000))
	first, _ := g.Products(sequence(1, 500))
	second, _ := g.Products(sequence(501, 500))
	all := append(first, second...)
	for i := 1; i < len(all); i++ {
		if !all[i].CreatedAt.After(all[i-1].CreatedAt) {
			t.Fatalf("product %d created %s, not after %s", all[i].ID, all[i].CreatedAt,
				all[i-1].CreatedAt)
		}
	}

	if span := all[len(all)-1].CreatedAt.Sub(all[0].CreatedAt); span < catalogSpan*99/100 {
		t.Errorf("creation times span %s, want about %s", span, catalogSpan)
	}
}

func TestSameSeedSameCatalog(t *testing.T) {
	a, _ := generator(t, testPlan(300)).Products(sequence(1, 300))
	b, _ := generator(t, testPlan(300)).Products(sequence(1, 300))
	if !slices.EqualFunc(a, b, func(x, y domain.Product) bool {
		return x.Name == y.Name && x.Price == y.Price && x.VendorID == y.VendorID &&
			x.CreatedAt.Equal(y.CreatedAt) && slices.Equal(x.Tags, y.Tags)
	}) {
		t.Error("two generators with one seed made different products")
	}

	other := testPlan(300)
	other.Seed = 99
	c, _ := generator(t, other).Products(sequence(1, 300))
	if a[0].Name == c[0].Name && a[1].Name == c[1].Name && a[2].Name == c[2].Name {
		t.Error("another seed made the same products")
	}
}

func TestPlanValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Plan)
		ok   bool
	}{
		{"default", func(*Plan) {}, true},
		{"no products", func(p *Plan) { p.Products = 0 }, true},
		{"negative products", func(p *Plan) { p.Products = -1 }, false},
		{"no categories", func(p *Plan) { p.Categories = 0 }, false},
		{"no vendors", func(p *Plan) { p.Vendors = 0 }, false},
		{"share above one", func(p *Plan) { p.ActiveShare = 1.5 }, false},
		{"share NaN", func(p *Plan) { p.ActiveShare = math.NaN() }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPlan()
			tt.edit(&p)
			if err := p.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestSlugWithIDFitsAndEndsWithID(t *testing.T) {
	long := strings.Repeat("Zapatilla ", 40)
	s := slugWithID(long, "producto", 1234567)
	if len(s) > domain.MaxSlugLength || !strings.HasSuffix(string(s), "-1234567") {
		t.Errorf("slug %q (%d bytes)", s, len(s))
	}

	if _, err := domain.ParseSlug(string(s)); err != nil {
		t.Error(err)
	}
}

func testPlan(products int) Plan {
	return Plan{Products: products, Categories: 60, Vendors: 40, ActiveShare: 0.8, Seed: 7,
		Now: time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)}
}

// generator is a Generator with its categories and vendors made, ready for products.
func generator(t *testing.T, p Plan) *Generator {
	t.Helper()

	g := NewGenerator(p)
	if _, err := g.Categories(sequence(1, p.Categories)); err != nil {
		t.Fatal(err)
	}

	if _, err := g.Vendors(sequence(1, p.Vendors)); err != nil {
		t.Fatal(err)
	}

	return g
}

func sequence(from int64, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = from + int64(i)
	}

	return out
}

func within(t *testing.T, what string, got, want, tolerance float64) {
	t.Helper()

	if math.Abs(got-want) > tolerance {
		t.Errorf("%s = %.4f, want %.4f ± %.4f", what, got, want, tolerance)
	}
}
