package domain

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlugLength is the longest slug the catalog accepts or derives.
const MaxSlugLength = 255

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var (
	errSlugFormat = errors.New("must be lowercase letters, digits and single hyphens, " +
		"such as hogar-y-jardin")
	errSlugLength = errors.New("must be at most 255 characters")
)

// Slug is the URL-safe name of a product or category, unique within its resource.
type Slug string

// ParseSlug accepts a slug exactly as given; it does not repair one.
func ParseSlug(s string) (Slug, error) {
	if len(s) > MaxSlugLength {
		return "", errSlugLength
	}

	if !slugPattern.MatchString(s) {
		return "", errSlugFormat
	}

	return Slug(s), nil
}

// DeriveSlug turns a name into a slug: accents folded, case lowered, every run of other
// characters made one hyphen ("Hogar y Jardín" gives "hogar-y-jardin"). A name with no
// Latin letters or digits gives fallback, so the result is always a valid slug.
func DeriveSlug(name string, fallback Slug) Slug {
	var b strings.Builder
	pendingHyphen := false

	for _, r := range Fold(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}

			b.WriteRune(r)
			pendingHyphen = false

			continue
		}

		pendingHyphen = true
	}

	s := truncateSlug(b.String(), MaxSlugLength)
	if s == "" {
		return fallback
	}

	return Slug(s)
}

// WithSuffix gives the n-th candidate for a taken slug: "hogar-2", "hogar-3", … The base
// is shortened when needed so the result still fits MaxSlugLength.
func (s Slug) WithSuffix(n int) Slug {
	if n < 2 {
		return s
	}

	suffix := "-" + strconv.Itoa(n)
	base := truncateSlug(string(s), MaxSlugLength-len(suffix))

	return Slug(base + suffix)
}

// truncateSlug cuts s to at most limit bytes without leaving a trailing hyphen. Slugs are
// ASCII, so bytes and characters are the same thing here.
func truncateSlug(s string, limit int) string {
	if len(s) > limit {
		s = s[:limit]
	}

	return strings.TrimRight(s, "-")
}

// foldSpecial covers letters that Unicode does not decompose into a base letter and a
// mark, so NFD alone would drop them instead of folding them.
var foldSpecial = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th",
	'ı': "i",
}

// Fold lowers case and removes accents ("Jardín Ñandú" gives "jardin nandu"). Search
// uses it on both the stored text and the query, which is what makes `q` case- and
// accent-insensitive on every database, and slug derivation uses it for its letters.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))

	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}

		if rep, ok := foldSpecial[r]; ok {
			b.WriteString(rep)

			continue
		}

		b.WriteRune(r)
	}

	return norm.NFC.String(b.String())
}
