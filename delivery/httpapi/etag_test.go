package httpapi

import (
	"slices"
	"testing"
)

func TestParseTagList(t *testing.T) {
	tests := []struct {
		name     string
		values   []string
		wantErr  bool
		present  bool
		any      bool
		versions []int64 // strong versions
		strong   map[int64]bool
		weak     map[int64]bool
	}{
		{name: "absent", values: nil},
		{name: "empty line", values: []string{""}},
		{name: "star", values: []string{"*"}, present: true, any: true,
			strong: map[int64]bool{1: true, 9: true}, weak: map[int64]bool{4: true}},
		{name: "one strong", values: []string{`"v3"`}, present: true, versions: []int64{3},
			strong: map[int64]bool{3: true, 2: false}, weak: map[int64]bool{3: true}},
		{name: "list", values: []string{`"v1", "v3"`}, present: true,
			versions: []int64{1, 3}, strong: map[int64]bool{3: true, 2: false}},
		{name: "weak never matches strongly", values: []string{`W/"v3"`}, present: true,
			strong: map[int64]bool{3: false}, weak: map[int64]bool{3: true}},
		{name: "several header lines", values: []string{`"v1"`, `"v2"`}, present: true,
			versions: []int64{1, 2}},
		{name: "foreign tags", values: []string{`"abc", "v0", "v-1", "x,y"`},
			present: true, strong: map[int64]bool{0: false, 1: false}},
		{name: "no spaces", values: []string{`"v1","v2"`}, present: true,
			versions: []int64{1, 2}},
		{name: "unquoted", values: []string{`v3`}, wantErr: true},
		{name: "unterminated", values: []string{`"v3`}, wantErr: true},
		{name: "junk after tag", values: []string{`"v3" x`}, wantErr: true},
		{name: "control character", values: []string{"\"v\x01\""}, wantErr: true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := parseTagList(tt.values)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}

			if tt.wantErr {
				return
			}

			if l.present != tt.present || l.any != tt.any {
				t.Fatalf("present=%v any=%v, want %v %v", l.present, l.any, tt.present,
					tt.any)
			}

			if tt.versions != nil && !slices.Equal(l.strongVersions(), tt.versions) {
				t.Fatalf("versions %v, want %v", l.strongVersions(), tt.versions)
			}

			for v, want := range tt.strong {
				if got := l.matchesStrong(v); got != want {
					t.Errorf("matchesStrong(%d) = %v, want %v", v, got, want)
				}
			}

			for v, want := range tt.weak {
				if got := l.matchesWeak(v); got != want {
					t.Errorf("matchesWeak(%d) = %v, want %v", v, got, want)
				}
			}
		})
	}
}

func TestFormatETag(t *testing.T) {
	if got := formatETag(12); got != `"v12"` {
		t.Fatalf("formatETag(12) = %s", got)
	}

	l, err := parseTagList([]string{formatETag(12)})
	if err != nil || !l.matchesStrong(12) {
		t.Fatalf("a formatted tag must match itself: %v %v", l, err)
	}
}
