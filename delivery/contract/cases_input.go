package contract

import "strings"

// bodyCases are the strict-JSON rules: what encoding/json would let through is a 400,
// an unknown field a 422, the wrong media type a 415 and a huge body a 413.
func bodyCases() []Case {
	deep := strings.Repeat("[", 40) + strings.Repeat("]", 40)

	return []Case{
		post("duplicate key", products, productWith(`"name":"a","name":"b"`), 400),
		post("case-variant key", products, productWith(`"Name":"a"`), 400, Fields("Name")),
		post("upper-case variant", products, productWith(`"VENDOR_ID":1`), 400,
			Fields("VENDOR_ID")),
		post("trailing data", products, productWith(``)+` {"x":1}`, 400),
		post("trailing garbage", products, productWith(``)+`x`, 400),
		post("malformed", products, `{"name":"a",`, 400),
		post("not an object", products, `[1,2]`, 400),
		post("invalid utf-8", products, productWith("\"description\":\"\xff\xfe\""), 400),
		post("nul escape", products, productWith(`"description":"a\u0000b"`), 400),
		post("lone surrogate", products, productWith(`"description":"\ud800"`), 400),
		post("nested too deep", products, productWith(`"tags":`+deep), 400),
		post("number overflows", products, productWith(`"price":1e400`), 400),
		post("NaN", products, productWith(`"price":NaN`), 400),
		post("empty body", products, "", 400).with("Content-Type", "application/json"),
		post("body over 1 MiB", products,
			`{"name":"`+strings.Repeat("a", 1<<20)+`"}`, 413),
		post("text/plain", products, productWith(``), 415).with("Content-Type", "text/plain"),
		post("no content type", products, productWith(``), 415).with("Content-Type", ""),
		post("other charset", products, productWith(``), 415).
			with("Content-Type", "application/json; charset=iso-8859-1"),
		post("charset utf-8 is fine", vendors, `{"name":"Charset","email":"cs@x.pe"}`, 201).
			with("Content-Type", "application/json; charset=utf-8").saving("ven_cs", "id"),
		del("remove it", vendors+"/${ven_cs}", 204),
		patch("xml patch", products+"/${p_silla}", `{}`, 415).
			with("Content-Type", "application/xml"),
		post("merge patch type on create", products, productWith(``), 415).
			with("Content-Type", "application/merge-patch+json"),
	}
}

// parameterCases: unknown, repeated or mistyped query parameters are a 400 that names
// them, as are values outside the allowlists and limits.
func parameterCases() []Case {
	bad := func(name, path string, fields ...string) Case {
		return get(name, path, 400, Fields(fields...))
	}

	return []Case{
		bad("unknown parameter", products+"?colour=red", "colour"),
		bad("several unknown", products+"?colour=red&size=m", "colour", "size"),
		bad("page not a number", products+"?page=abc", "page"),
		bad("repeated page", products+"?page=1&page=2", "page"),
		bad("bool not true or false", products+"?in_stock=maybe", "in_stock"),
		bad("page_size above 100", products+"?page_size=101", "page_size"),
		bad("page_size zero", products+"?page_size=0", "page_size"),
		bad("page_size negative", products+"?page_size=-1", "page_size"),
		bad("page_size exponent", products+"?page_size=1e9", "page_size"),
		bad("page zero", products+"?page=0", "page"),
		bad("offset too deep", products+"?page=10000&page_size=100", "page"),
		bad("category_id not a number", products+"?category_id=abc", "category_id"),
		bad("vendor_id negative", products+"?vendor_id=-3", "vendor_id"),
		bad("sort off the allowlist", products+"?sort=bogus", "sort"),
		bad("sort injection", products+"?sort=name%3B%20DROP%20TABLE%20products", "sort"),
		bad("status off the list", products+"?status=bogus", "status"),
		bad("min_price not a price", products+"?min_price=abc", "min_price"),
		bad("subtree without category", products+"?include_subcategories=true",
			"include_subcategories"),
		bad("q too long", products+"?q="+strings.Repeat("a", 101), "q"),
		bad("too many tags", products+"?"+strings.TrimSuffix(strings.Repeat("tag=a&", 11),
			"&"), "tag"),
		bad("nul in q", products+"?q=a%00b", "q"),
		bad("invalid utf-8 in q", products+"?q=%ff", "q"),
		get("malformed query", products+"?q=%zz", 400),
		bad("garbage cursor", products+"?cursor=not-a-cursor", "cursor"),
		bad("category filter on vendors", vendors+"?category_id=1", "category_id"),
		bad("vendor sort off the allowlist", vendors+"?sort=price", "sort"),
		bad("is_verified not a bool", vendors+"?is_verified=yes", "is_verified"),
		bad("min_rating not a rating", vendors+"?min_rating=abc", "min_rating"),
		bad("negative parent_id", categories+"?parent_id=-1", "parent_id"),
		bad("is_active not a bool", categories+"?is_active=1", "is_active"),
		bad("category sort off the allowlist", categories+"?sort=price", "sort"),
	}
}
