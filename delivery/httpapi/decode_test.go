package httpapi

import (
	"errors"
	"strings"
	"testing"
)

func TestDecodeJSON(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 33) + "1" + strings.Repeat("}", 33)
	okDeep := strings.Repeat(`{"a":`, 31) + "1" + strings.Repeat("}", 31)

	tests := []struct {
		name   string
		body   string
		status int
		fields []string // every field the problem must name, in order
	}{
		{"valid", `{"name":"Chair","price":"29.99","stock":3}`, 0, nil},
		{"price as number", `{"name":"Chair","price":29.99}`, 0, nil},
		{"nulls leave defaults", `{"name":null,"images":null,"price":null}`, 0, nil},
		{"empty", ``, 400, nil},
		{"blank", " \n\t", 400, nil},
		{"malformed", `{"name":`, 400, nil},
		{"not an object", `["name"]`, 400, nil},
		{"top-level null", `null`, 400, nil},
		{"trailing data", `{"name":"a"} {"name":"b"}`, 400, nil},
		{"trailing garbage", `{"name":"a"}x`, 400, nil},
		{"invalid utf-8", "{\"name\":\"\xff\"}", 400, nil},
		{"nul escape", `{"name":"a\u0000b"}`, 400, nil},
		{"lone high surrogate", `{"name":"\ud800"}`, 400, nil},
		{"lone low surrogate", `{"name":"\udc00x"}`, 400, nil},
		{"two high surrogates", `{"name":"\ud800\ud800"}`, 400, nil},
		{"surrogate pair", `{"name":"\ud83d\ude00"}`, 0, nil},
		{"escaped backslash then u", `{"name":"\\u0000"}`, 0, nil},
		{"too deep", deep, 400, nil},
		{"deep but allowed", okDeep, 422, []string{"a"}},
		{"duplicate key", `{"name":"a","name":"b"}`, 400, []string{"name"}},
		{"nested duplicate", `{"tags":["a"],"x":{"k":1,"k":2}}`, 400, []string{"k"}},
		{"case variant", `{"Name":"a"}`, 400, []string{"Name"}},
		{"upper case variant", `{"VENDOR_ID":3}`, 400, []string{"VENDOR_ID"}},
		{"number overflow", `{"price":1e400}`, 400, nil},
		{"nan", `{"price":NaN}`, 400, nil},
		{"stock beyond int32", `{"stock":3000000000}`, 400, []string{"stock"}},
		{"id beyond int64", `{"vendor_id":99999999999999999999}`, 400, []string{"vendor_id"}},
		{"read-only fields", `{"id":1,"created_at":"x","name":"a"}`, 400,
			[]string{"created_at", "id"}},
		{"read-only beats unknown", `{"version":2,"prise":1}`, 400, []string{"version"}},
		{"every unknown field", `{"prise":1,"colour":"red","name":"a"}`, 422,
			[]string{"colour", "prise"}},
		{"wrong types", `{"stock":"abc","name":5,"images":"x","price":true}`, 422,
			[]string{"images", "name", "price", "stock"}},
		{"fraction into integer", `{"stock":1.5}`, 422, []string{"stock"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req ProductRequest
			err := decodeJSON([]byte(tt.body), &req, readOnlyFields)
			checkRequestError(t, err, tt.status, tt.fields)
		})
	}
}

func TestDecodeNested(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		status int
		fields []string
	}{
		{"address", `{"address":{"city":"Lima","zip_code":"15001"}}`, 0, nil},
		{"address null", `{"address":null}`, 0, nil},
		{"unknown address part", `{"address":{"zip":"1"}}`, 422, []string{"address.zip"}},
		{"address case variant", `{"address":{"City":"x"}}`, 400, []string{"address.City"}},
		{"address not an object", `{"address":"Lima"}`, 422, []string{"address"}},
		{"total_products is read-only", `{"total_products":3}`, 400,
			[]string{"total_products"}},
		{"rating string", `{"rating":"4.50"}`, 0, nil},
		{"rating bool", `{"rating":false}`, 422, []string{"rating"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req VendorRequest
			err := decodeJSON([]byte(tt.body), &req, vendorReadOnlyFields)
			checkRequestError(t, err, tt.status, tt.fields)
		})
	}
}

func TestDecodeKeepsDecimalText(t *testing.T) {
	var req ProductRequest
	body := `{"price":29.999999999999999999,"stock":7,"tags":["a"]}`
	if err := decodeJSON([]byte(body), &req, readOnlyFields); err != nil {
		t.Fatal(err)
	}

	if req.Price != "29.999999999999999999" || req.Stock != 7 || len(req.Tags) != 1 {
		t.Fatalf("decoded %+v", req)
	}
}

func checkRequestError(t *testing.T, err error, status int, fields []string) {
	t.Helper()

	if status == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}

		return
	}

	var re *requestError
	if !errors.As(err, &re) {
		t.Fatalf("got %v, want a %d request error", err, status)
	}

	if re.kind.status != status {
		t.Fatalf("status %d (%s), want %d", re.kind.status, re.detail, status)
	}

	if fields == nil {
		return
	}

	var got []string
	for _, f := range re.fields {
		got = append(got, f.Field)
	}

	if strings.Join(got, ",") != strings.Join(fields, ",") {
		t.Fatalf("fields %v, want %v (%s)", got, fields, re.detail)
	}
}

func TestCheckMediaType(t *testing.T) {
	tests := []struct {
		header  string
		allowed []string
		ok      bool
	}{
		{"application/json", []string{mediaJSON}, true},
		{"application/json; charset=utf-8", []string{mediaJSON}, true},
		{"Application/JSON; charset=UTF-8", []string{mediaJSON}, true},
		{"application/json; charset=latin1", []string{mediaJSON}, false},
		{"text/plain", []string{mediaJSON}, false},
		{"", []string{mediaJSON}, false},
		{"application/merge-patch+json", []string{mediaJSON}, false},
		{"application/merge-patch+json", []string{mediaJSON, mediaMergePatch}, true},
		{"application/json;;", []string{mediaJSON}, false},
	}

	for _, tt := range tests {
		err := checkMediaType(tt.header, tt.allowed)
		if (err == nil) != tt.ok {
			t.Errorf("checkMediaType(%q, %v) = %v, want ok=%v", tt.header, tt.allowed, err,
				tt.ok)
		}
	}
}
