package httpapi

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// formatETag is the strong entity tag of a resource version: "v7".
func formatETag(version int64) string {
	return `"v` + strconv.FormatInt(version, 10) + `"`
}

// entityTag is one parsed tag of an If-Match or If-None-Match list.
type entityTag struct {
	weak   bool
	opaque string // without the quotes
}

// version is the resource version the tag names, or 0 when it is not one of ours.
func (t entityTag) version() int64 {
	digits, ok := strings.CutPrefix(t.opaque, "v")
	if !ok || digits == "" || !allDigits(digits) {
		return 0
	}

	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || v <= 0 {
		return 0
	}

	return v
}

// tagList is a parsed precondition header: absent, "*", or a list of tags.
type tagList struct {
	present bool
	any     bool
	tags    []entityTag
}

var errTagSyntax = errors.New("must be * or a comma-separated list of entity tags " +
	`such as "v3"`)

// parseTagList reads an If-Match or If-None-Match value (RFC 9110 §13.1.1). Several
// header lines are one list, as the RFC allows.
func parseTagList(values []string) (tagList, error) {
	var l tagList
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			continue
		}

		l.present = true
		if strings.TrimSpace(v) == "*" {
			l.any = true

			continue
		}

		tags, err := parseTags(v)
		if err != nil {
			return tagList{}, err
		}

		l.tags = append(l.tags, tags...)
	}

	return l, nil
}

// parseTags scans `"a", W/"b"`: commas may sit inside the quotes, so it cannot split.
func parseTags(s string) ([]entityTag, error) {
	var tags []entityTag
	for {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			return tags, nil
		}

		var t entityTag
		if rest, ok := strings.CutPrefix(s, "W/"); ok {
			t.weak, s = true, rest
		}

		if !strings.HasPrefix(s, `"`) {
			return nil, errTagSyntax
		}

		end := strings.IndexByte(s[1:], '"')
		if end < 0 || !validOpaque(s[1:1+end]) {
			return nil, errTagSyntax
		}

		t.opaque, s = s[1:1+end], s[2+end:]
		tags = append(tags, t)

		s = strings.TrimLeft(s, " \t")
		if s != "" && s[0] != ',' {
			return nil, errTagSyntax
		}
	}
}

// validOpaque checks etagc: visible ASCII except the quote, or obs-text.
func validOpaque(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] == 0x7f {
			return false
		}
	}

	return true
}

// strongVersions lists the versions named by strong tags. Weak tags never match in
// If-Match, which uses the strong comparison.
func (l tagList) strongVersions() []int64 {
	var out []int64
	for _, t := range l.tags {
		if v := t.version(); v > 0 && !t.weak {
			out = append(out, v)
		}
	}

	return out
}

// matchesStrong is the If-Match test against the current version.
func (l tagList) matchesStrong(current int64) bool {
	return l.any || slices.Contains(l.strongVersions(), current)
}

// matchesWeak is the If-None-Match test: weak comparison, so W/"v3" matches "v3".
func (l tagList) matchesWeak(current int64) bool {
	if l.any {
		return true
	}

	for _, t := range l.tags {
		if t.version() == current {
			return true
		}
	}

	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}

	return s != ""
}
