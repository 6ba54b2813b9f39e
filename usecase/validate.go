package usecase

import (
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gamarriando/product-service/domain"
)

// Limits of free-text fields. The contract fixes the name; the others keep a single
// request from storing megabytes of text.
const (
	MaxNameLength        = 255
	MaxDescriptionLength = 10_000
	MaxPhoneLength       = 50
	MaxAddressPartLength = 255
	MaxEmailLength       = 255
	MaxImages            = 20
	MaxImageURLLength    = 2048
	MaxTags              = 20
	MaxTagLength         = 50
	// MaxStock is the largest stock the INTEGER column holds.
	MaxStock = 1<<31 - 1
	// MaxSortOrder bounds a category's sort_order the same way.
	MaxSortOrder = 1<<31 - 1
)

var (
	errRequired    = errors.New("is required")
	errNameLength  = errors.New("must be 1 to 255 characters")
	errStockRange  = errors.New("must be an integer from 0 to 2147483647")
	errPositiveID  = errors.New("must be a positive integer")
	errNotExisting = errors.New("does not exist")
)

// cleanName trims a name and checks the contract's 1 to 255 characters.
func cleanName(v *domain.ValidationError, field, name string) string {
	name = strings.TrimSpace(name)
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		v.Add(field, errRequired)
	case n > MaxNameLength:
		v.Add(field, errNameLength)
	}

	return name
}

// checkText bounds an optional free-text field.
func checkText(v *domain.ValidationError, field, s string, limit int) {
	if utf8.RuneCountInString(s) > limit {
		v.Addf(field, "must be at most %d characters", limit)
	}
}

// checkID requires a positive reference.
func checkID(v *domain.ValidationError, field string, id int64) {
	if id <= 0 {
		v.Add(field, errPositiveID)
	}
}

// cleanImages checks that every image is an absolute http(s) URL.
func cleanImages(v *domain.ValidationError, images []string) []string {
	if len(images) > MaxImages {
		v.Addf("images", "must have at most %d entries", MaxImages)

		return nil
	}

	out := make([]string, 0, len(images))
	for i, raw := range images {
		if !isWebURL(raw) {
			v.Addf("images", "entry %d must be an absolute http or https URL", i)

			continue
		}

		out = append(out, raw)
	}

	return out
}

func isWebURL(raw string) bool {
	if len(raw) > MaxImageURLLength || strings.ContainsAny(raw, " \t\r\n") {
		return false
	}

	u, err := url.Parse(raw)
	if err != nil {
		return false
	}

	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// cleanTags lower-cases, de-duplicates and bounds tags, keeping their first order.
func cleanTags(v *domain.ValidationError, tags []string) []string {
	out := make([]string, 0, len(tags))
	seen := make(map[string]bool, len(tags))

	for i, raw := range tags {
		tag := strings.ToLower(strings.TrimSpace(raw))
		if n := utf8.RuneCountInString(tag); n == 0 || n > MaxTagLength {
			v.Addf("tags", "entry %d must be 1 to %d characters", i, MaxTagLength)

			continue
		}

		if !seen[tag] {
			seen[tag] = true
			out = append(out, tag)
		}
	}

	if len(out) > MaxTags {
		v.Addf("tags", "must have at most %d distinct entries", MaxTags)
	}

	return out
}

// cleanSlug parses an explicit slug; empty means "derive one".
func cleanSlug(v *domain.ValidationError, raw string) domain.Slug {
	if raw == "" {
		return ""
	}

	s, err := domain.ParseSlug(raw)
	v.Add("slug", err)

	return s
}

// searchTerm folds q for matching and enforces its length cap.
func searchTerm(q string) (string, error) {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) > MaxSearchLength {
		return "", &domain.ParameterError{Name: "q",
			Message: "must be at most 100 characters"}
	}

	return domain.Fold(q), nil
}
