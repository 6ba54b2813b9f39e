package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// MaxBodyBytes is the largest request body read: 1 MiB, far above any real resource, so
// a client cannot make the server buffer megabytes.
const MaxBodyBytes = 1 << 20

// maxJSONDepth bounds nesting; our bodies need two levels, a hostile one thousands.
const maxJSONDepth = 32

// Media types a body may have.
const (
	mediaJSON       = "application/json"
	mediaMergePatch = "application/merge-patch+json"
)

// readBody checks the media type against allowed and reads at most MaxBodyBytes.
func readBody(c *gin.Context, allowed ...string) ([]byte, error) {
	if err := checkMediaType(c.GetHeader("Content-Type"), allowed); err != nil {
		return nil, err
	}

	if c.Request.ContentLength > MaxBodyBytes {
		return nil, errTooLarge()
	}

	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, errTooLarge()
		}

		return nil, newRequestError(kindMalformed, "the body could not be read")
	}

	return body, nil
}

func errTooLarge() error {
	return newRequestError(kindTooLarge,
		fmt.Sprintf("the body is larger than %d bytes", MaxBodyBytes))
}

// checkMediaType accepts one of allowed, with an optional UTF-8 charset (JSON has no
// other encoding).
func checkMediaType(header string, allowed []string) error {
	want := fmt.Sprintf("Content-Type must be %s", strings.Join(allowed, " or "))
	if header == "" {
		return newRequestError(kindMediaType, want)
	}

	media, params, err := mime.ParseMediaType(header)
	if err != nil || !slices.Contains(allowed, media) {
		return newRequestError(kindMediaType, want)
	}

	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return newRequestError(kindMediaType, "the only charset accepted is utf-8")
	}

	return nil
}

// checkJSON enforces what encoding/json lets through: exactly one value, an object, with
// valid UTF-8, no NUL or lone surrogate escapes, unique keys, bounded nesting and
// numbers that fit a float64.
func checkJSON(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return malformed("the body is empty; send a JSON object")
	}

	if !utf8.Valid(data) {
		return malformed("the body is not valid UTF-8")
	}

	if err := checkEscapes(data); err != nil {
		return err
	}

	if bytes.TrimSpace(data)[0] != '{' {
		return malformed("the body must be a JSON object")
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()

	w := walker{dec: dec}
	if err := w.value(0); err != nil {
		return err
	}

	if _, err := dec.Token(); err != io.EOF {
		return malformed("the body has data after the JSON object")
	}

	return nil
}

func malformed(detail string, fields ...FieldProblem) error {
	return newRequestError(kindMalformed, detail, fields...)
}

// walker reads tokens depth-first, checking the rules of checkJSON as it goes.
type walker struct {
	dec *json.Decoder
}

func (w walker) value(depth int) error {
	tok, err := w.dec.Token()
	if err != nil {
		return syntaxProblem(err, w.dec.InputOffset())
	}

	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxJSONDepth {
			return malformed(fmt.Sprintf("the body is nested deeper than %d levels",
				maxJSONDepth))
		}

		if t == '{' {
			return w.object(depth + 1)
		}

		return w.array(depth + 1)
	case json.Number:
		if f, _ := strconv.ParseFloat(t.String(), 64); math.IsInf(f, 0) {
			return malformed(fmt.Sprintf("the number %.40s is out of range", t.String()))
		}
	}

	return nil
}

func (w walker) object(depth int) error {
	seen := map[string]bool{}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return syntaxProblem(err, w.dec.InputOffset())
		}

		key, _ := tok.(string)
		if seen[key] {
			return malformed(fmt.Sprintf("the key %q appears more than once", key),
				FieldProblem{Field: key, Message: "appears more than once"})
		}

		seen[key] = true
		if err := w.value(depth); err != nil {
			return err
		}
	}

	return w.closing()
}

func (w walker) array(depth int) error {
	for w.dec.More() {
		if err := w.value(depth); err != nil {
			return err
		}
	}

	return w.closing()
}

func (w walker) closing() error {
	if _, err := w.dec.Token(); err != nil {
		return syntaxProblem(err, w.dec.InputOffset())
	}

	return nil
}

func syntaxProblem(err error, offset int64) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return malformed("the body ends in the middle of a JSON value")
	}

	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		offset = syn.Offset
	}

	return malformed(fmt.Sprintf("the body is not valid JSON (near byte %d)", offset))
}

// checkEscapes finds \u escapes that decode to NUL or to half a surrogate pair; the
// standard decoder silently turns the latter into U+FFFD. It runs on syntactically
// plausible input and only looks inside strings.
func checkEscapes(data []byte) error {
	inString := false
	for i := 0; i < len(data); i++ {
		ch := data[i]
		if !inString {
			inString = ch == '"'

			continue
		}

		if ch == '"' {
			inString = false

			continue
		}

		if ch != '\\' || i+1 >= len(data) {
			continue
		}

		i++
		if data[i] != 'u' {
			continue
		}

		next, err := checkUnicodeEscape(data, i+1)
		if err != nil {
			return err
		}

		i = next - 1
	}

	return nil
}

// checkUnicodeEscape reads the 4 hex digits at data[at:] and, for a high surrogate, the
// escape of its low half. It returns the index after what it consumed.
func checkUnicodeEscape(data []byte, at int) (int, error) {
	r, ok := hex4(data, at)
	if !ok {
		return at, nil // not an escape encoding/json accepts; the walker reports it
	}

	switch {
	case r == 0:
		return 0, malformed(`the body contains a \u0000 escape`)
	case r >= 0xDC00 && r <= 0xDFFF:
		return 0, malformed("the body contains a lone surrogate escape")
	case r >= 0xD800 && r <= 0xDBFF:
		low, ok := hex4(data, at+6)
		if !ok || data[at+4] != '\\' || data[at+5] != 'u' || low < 0xDC00 || low > 0xDFFF {
			return 0, malformed("the body contains a lone surrogate escape")
		}

		return at + 10, nil
	}

	return at + 4, nil
}

func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}

	v, err := strconv.ParseUint(string(data[at:at+4]), 16, 32)
	if err != nil {
		return 0, false
	}

	return rune(v), true
}

// decodeJSON is the strict decoder of every body: checkJSON, then decodeFields.
func decodeJSON(data []byte, dst any, readOnly []string) error {
	if err := checkJSON(data); err != nil {
		return err
	}

	return decodeFields(data, dst, readOnly)
}

// fieldIssues collects what is wrong with the fields of a body: bad ones make a 400
// (read-only, misspelt case, out-of-range numbers), invalid ones a 422 (unknown
// fields, wrong types). Every issue is reported, not only the first.
type fieldIssues struct {
	bad     []FieldProblem
	invalid []FieldProblem
}

func (f *fieldIssues) err() error {
	if len(f.bad) > 0 {
		return malformed(issueDetail(f.bad), f.bad...)
	}

	if len(f.invalid) == 0 {
		return nil
	}

	kind := kindValidation
	if f.allUnknown() {
		kind = kindUnknownBody
	}

	return newRequestError(kind, issueDetail(f.invalid), f.invalid...)
}

func (f *fieldIssues) allUnknown() bool {
	for _, p := range f.invalid {
		if p.Message != msgUnknownField {
			return false
		}
	}

	return true
}

func issueDetail(fields []FieldProblem) string {
	if len(fields) == 1 {
		return fields[0].Field + ": " + fields[0].Message
	}

	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Field
	}

	return fmt.Sprintf("%d fields are wrong: %s", len(fields), strings.Join(names, ", "))
}

const (
	msgUnknownField = "is not a field of this resource"
	msgReadOnly     = "is read-only and set by the server"
)

// decodeFields decodes a checked JSON object into the struct dst points to, one field
// at a time, so every unknown, read-only, misspelt or mistyped field is reported.
// Keys must match the json tags exactly; a JSON null leaves a field at its zero value.
func decodeFields(data []byte, dst any, readOnly []string) error {
	var issues fieldIssues

	decodeStruct(data, reflect.ValueOf(dst).Elem(), "", readOnly, &issues)

	return issues.err()
}

func decodeStruct(data []byte, dst reflect.Value, prefix string, readOnly []string,
	issues *fieldIssues) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		issues.invalid = append(issues.invalid,
			FieldProblem{Field: strings.TrimSuffix(prefix, "."), Message: "must be an object"})

		return
	}

	fields := jsonFields(dst.Type())
	for _, key := range sortedKeys(obj) {
		name := prefix + key
		idx, known := fields[key]

		switch {
		case prefix == "" && slices.Contains(readOnly, key):
			issues.bad = append(issues.bad, FieldProblem{Field: name, Message: msgReadOnly})
		case known:
			decodeField(obj[key], dst.Field(idx), name, readOnly, issues)
		case caseVariant(fields, key) != "":
			issues.bad = append(issues.bad, FieldProblem{Field: name,
				Message: "field names are case-sensitive: use " + prefix +
					caseVariant(fields, key)})
		default:
			issues.invalid = append(issues.invalid,
				FieldProblem{Field: name, Message: msgUnknownField})
		}
	}
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func decodeField(raw json.RawMessage, dst reflect.Value, name string, readOnly []string,
	issues *fieldIssues) {
	isNested := dst.Kind() == reflect.Struct &&
		!reflect.PointerTo(dst.Type()).Implements(unmarshalerType)
	if isNested {
		if string(raw) != "null" {
			decodeStruct(raw, dst, name+".", readOnly, issues)
		}

		return
	}

	err := json.Unmarshal(raw, dst.Addr().Interface())
	if err == nil {
		return
	}

	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && isIntegerOverflow(typeErr) {
		issues.bad = append(issues.bad, FieldProblem{Field: name,
			Message: "is out of range for " + typeName(dst.Type())})

		return
	}

	issues.invalid = append(issues.invalid,
		FieldProblem{Field: name, Message: "must be " + typeName(dst.Type())})
}

// isIntegerOverflow tells a too-large integer ("number 3000000000" into int32) from a
// wrong type ("number 1.5", "string").
func isIntegerOverflow(e *json.UnmarshalTypeError) bool {
	lit, ok := strings.CutPrefix(e.Value, "number ")

	return ok && allDigits(strings.TrimPrefix(lit, "-"))
}

// typeName says in words what a field accepts, for error messages.
func typeName(t reflect.Type) string {
	if t == reflect.TypeFor[DecimalText]() {
		return "a decimal number or a string such as \"29.99\""
	}

	switch t.Kind() {
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int32:
		return "an integer (32-bit)"
	case reflect.Int, reflect.Int64:
		return "an integer"
	case reflect.Slice:
		return "an array of " + strings.TrimPrefix(typeName(t.Elem()), "a ") + "s"
	}

	return "a valid value"
}

// jsonFields maps each json tag name of struct t to its field index.
func jsonFields(t reflect.Type) map[string]int {
	out := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = i
		}
	}

	return out
}

func caseVariant(fields map[string]int, key string) string {
	for name := range fields {
		if strings.EqualFold(name, key) {
			return name
		}
	}

	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}

	slices.Sort(keys)

	return keys
}
