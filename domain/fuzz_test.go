package domain

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// moneyText is what an accepted price may look like: digits, and at most two decimals.
var moneyText = regexp.MustCompile(`^[0-9]+(\.[0-9]{0,2})?$|^\.[0-9]{1,2}$`)

// FuzzParseMoney: whatever the text, ParseMoney never panics; what it accepts is a
// plain decimal within the catalog's range, and its String form parses back to the
// same amount (money never drifts through a round trip).
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"29.99", "0", "0.1", "99999999.99", "100000000", "1.999",
		"-1", "1e3", "0x10", "+1", " 1", "1.", ".5", "１２", "NaN", "9223372036854775807",
		"00000000000000000000001.00", ""} {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}

		if !moneyText.MatchString(strings.TrimSpace(s)) {
			t.Errorf("ParseMoney(%q) accepted text that is not a plain decimal", s)
		}

		if m.Cents() < 0 || m.Cents() > MaxMoneyCents {
			t.Errorf("ParseMoney(%q) = %d cents, out of range", s, m.Cents())
		}

		back, err := ParseMoney(m.String())
		if err != nil || back != m {
			t.Errorf("round trip of %q: %q gives %v, %v", s, m.String(), back, err)
		}
	})
}

// FuzzSlug: ParseSlug accepts only the contract's pattern within 255 characters;
// DeriveSlug turns any name into a valid slug; WithSuffix keeps it valid and in length.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"hogar-y-jardin", "Hogar y Jardín", "a", "-a", "a-", "a--b",
		"\xeb", "日本語", strings.Repeat("a", 300), "ÅNGSTRÖM ½", "", " ", "a\x00b"} {
		f.Add(s, 2)
	}

	f.Fuzz(func(t *testing.T, s string, n int) {
		if slug, err := ParseSlug(s); err == nil {
			if !slugPattern.MatchString(string(slug)) || len(slug) > MaxSlugLength {
				t.Errorf("ParseSlug(%q) accepted an invalid slug", s)
			}
		}

		derived := DeriveSlug(s, "item")
		if _, err := ParseSlug(string(derived)); err != nil {
			t.Errorf("DeriveSlug(%q) = %q, not a valid slug: %v", s, derived, err)
		}

		if n < 2 || n > 1_000_000 {
			return
		}

		next := derived.WithSuffix(n)
		if _, err := ParseSlug(string(next)); err != nil || !utf8.ValidString(string(next)) {
			t.Errorf("%q.WithSuffix(%d) = %q, not a valid slug: %v", derived, n, next, err)
		}
	})
}
