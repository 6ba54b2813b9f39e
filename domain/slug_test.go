package domain

import (
	"strings"
	"testing"
)

func TestDeriveSlug(t *testing.T) {
	tests := []struct {
		name string
		want Slug
	}{
		{"Hogar y Jardín", "hogar-y-jardin"},
		{"Electrónicos", "electronicos"},
		{"  Camiseta   Básica -- de Algodón!  ", "camiseta-basica-de-algodon"},
		{"Ñandú & Pingüino", "nandu-pinguino"},
		{"Straße Øresund Æble", "strasse-oresund-aeble"},
		{"iPhone 15 Pro (256GB)", "iphone-15-pro-256gb"},
		{"ÀÉÎÕÜ çÇ", "aeiou-cc"},
		{"---", "product"},
		{"日本語", "product"},
		{"", "product"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DeriveSlug(tt.name, "product")
			if got != tt.want {
				t.Fatalf("DeriveSlug(%q) = %q, want %q", tt.name, got, tt.want)
			}

			if _, err := ParseSlug(string(got)); err != nil {
				t.Fatalf("derived slug %q is not valid: %v", got, err)
			}
		})
	}
}

func TestDeriveSlugLongName(t *testing.T) {
	name := strings.Repeat("a", 200) + " " + strings.Repeat("b", 200)

	got := DeriveSlug(name, "x")
	if len(got) > MaxSlugLength || strings.HasSuffix(string(got), "-") {
		t.Fatalf("slug of %d bytes ends %q", len(got), got[len(got)-3:])
	}

	suffixed := got.WithSuffix(12)
	if len(suffixed) > MaxSlugLength || !strings.HasSuffix(string(suffixed), "-12") {
		t.Fatalf("WithSuffix gave %d bytes: %q", len(suffixed), suffixed[len(suffixed)-5:])
	}
}

func TestWithSuffix(t *testing.T) {
	tests := []struct {
		n    int
		want Slug
	}{{0, "ropa"}, {1, "ropa"}, {2, "ropa-2"}, {3, "ropa-3"}, {10, "ropa-10"}}

	for _, tt := range tests {
		if got := Slug("ropa").WithSuffix(tt.n); got != tt.want {
			t.Errorf("WithSuffix(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestParseSlug(t *testing.T) {
	valid := []string{"a", "hogar-y-jardin", "iphone-15", "2024"}
	invalid := []string{"", "Hogar", "hogar--jardin", "-hogar", "hogar-", "hogar y",
		"jardín", "a_b", strings.Repeat("a", 256)}

	for _, s := range valid {
		if _, err := ParseSlug(s); err != nil {
			t.Errorf("ParseSlug(%q) = %v, want ok", s, err)
		}
	}

	for _, s := range invalid {
		if _, err := ParseSlug(s); err == nil {
			t.Errorf("ParseSlug(%q) accepted an invalid slug", s)
		}
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"JARDÍN":       "jardin",
		"Ñandú":        "nandu",
		"Crème Brûlée": "creme brulee",
		"İstanbul":     "istanbul",
		"plain text":   "plain text",
	}

	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
