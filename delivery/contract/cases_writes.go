package contract

const mesaBody = `{"name":"Mesa de Centro","price":"150.50","status":"active",` +
	`"category_id":${cat_muebles},"vendor_id":${ven_bazar},"tags":["madera"]}`

// conditionalCases: ETags on reads (304) and writes (412), on the Mesa, which is at
// version 1 when they start.
func conditionalCases() []Case {
	const mesa = products + "/${p_mesa}"

	return []Case{
		get("etag of a fresh product", mesa, 200, Header("ETag", `"v1"`)),
		get("if-none-match current", mesa, 304, Header("ETag", `"v1"`)).
			with("If-None-Match", `"v1"`),
		get("if-none-match weak compares weakly", mesa, 304).with("If-None-Match", `W/"v1"`),
		get("if-none-match list", mesa, 304).with("If-None-Match", `"v0", "v1"`),
		get("if-none-match star", mesa, 304).with("If-None-Match", "*"),
		get("if-none-match stale", mesa, 200, Str("name", "Mesa de Centro")).
			with("If-None-Match", `"v9"`),
		// Bazar's two products each bumped its version: total_products is part of the
		// vendor's representation, so the ETag from before them is stale.
		get("vendor if-none-match", vendors+"/${ven_bazar}", 304).with("If-None-Match", `"v3"`),
		get("vendor etag follows its products", vendors+"/${ven_bazar}", 200).
			with("If-None-Match", `"v1"`),
		get("category if-none-match", categories+"/${cat_elec}", 304).
			with("If-None-Match", `"v1"`),

		put("if-match stale", mesa, mesaBody, 412).with("If-Match", `"v9"`),
		put("if-match weak never matches", mesa, mesaBody, 412).with("If-Match", `W/"v1"`),
		get("412 wrote nothing", mesa, 200, Header("ETag", `"v1"`)),
		put("if-match list", mesa, mesaBody, 200, Header("ETag", `"v2"`)).
			with("If-Match", `"v0", "v1"`),
		patch("patch with a stale etag", mesa, `{"stock":4}`, 412).with("If-Match", `"v1"`),
		patch("patch with the current etag", mesa, `{"stock":4}`, 200, Header("ETag", `"v3"`),
			Num("stock", "4")).with("If-Match", `"v2"`),
		patch("patch with if-match star", mesa, `{"stock":5}`, 200, Header("ETag", `"v4"`)).
			with("If-Match", "*"),
		del("delete with a stale etag", mesa, 412).with("If-Match", `"v1"`),
		get("the row is still there", mesa, 200, Num("stock", "5"), Header("ETag", `"v4"`)),
		put("if-match star on a missing product", products+"/999999999", mesaBody, 412).
			with("If-Match", "*"),
		del("if-match on a missing product", products+"/999999999", 412).
			with("If-Match", `"v1"`),
		patch("patch of a missing product", products+"/999999999", `{"stock":1}`, 404),
		put("vendor if-match stale", vendors+"/${ven_casa}",
			`{"name":"Casa Norte","email":"casa@norte.pe"}`, 412).with("If-Match", `"v7"`),
	}
}

// updateCases: PUT replaces the whole resource (an omitted slug is kept), PATCH merges
// (RFC 7396: only what is sent changes, null resets).
func updateCases() []Case {
	const (
		silla, silla2 = products + "/${p_silla}", products + "/${p_silla2}"
		acme          = vendors + "/${ven_acme}"
	)

	return []Case{
		patch("merge patch changes only what is sent", silla2,
			`{"stock":7,"tags":["Oferta"]}`, 200, Num("stock", "7"), JSONEq("tags", `["oferta"]`),
			Str("name", "Silla Nórdica"), Str("price", "19.00"), Str("slug", "silla-nordica-2"),
			Num("vendor_id", "${ven_acme}"), Header("ETag", `"v2"`)),
		patch("application/json patch", silla2,
			`{"description":"Nueva","images":["https://cdn.example.com/b.png"]}`, 200,
			Str("description", "Nueva"), JSONEq("images", `["https://cdn.example.com/b.png"]`),
			Num("stock", "7")).with("Content-Type", "application/json"),
		patch("null resets to the default", silla2, `{"description":null,"images":null}`, 200,
			Str("description", ""), JSONEq("images", `[]`), JSONEq("tags", `["oferta"]`)),
		patch("null on a required field", silla2, `{"name":null}`, 422, Fields("name")),
		patch("patch price as a number", silla2, `{"price":21.5}`, 200, Str("price", "21.50")),
		patch("patch unknown field", silla2, `{"prise":1}`, 422, Fields("prise")),
		patch("patch read-only field", silla2, `{"id":3,"updated_at":null}`, 400,
			Fields("id", "updated_at")),
		patch("patch wrong type", silla2, `{"stock":"abc"}`, 422, Fields("stock")),
		patch("patch not an object", silla2, `[{"op":"replace"}]`, 400),
		patch("patch malformed", silla2, `{"stock":`, 400),
		patch("patch taken slug", silla2, `{"slug":"silla-nordica"}`, 409, Fields("slug")),
		patch("patch invalid values", silla2, `{"status":"gone","price":"-2"}`, 422,
			Fields("status", "price")),
		patch("stock at the int32 maximum", products+"/${p_parlante}",
			`{"stock":2147483647}`, 200, Num("stock", "2147483647")),
		patch("stock beyond int32", products+"/${p_parlante}", `{"stock":2147483648}`, 400,
			Fields("stock")),
		get("patch wrote only what it said", silla2, 200, Str("price", "21.50"),
			Num("stock", "7"), Str("status", "draft"), Header("ETag", `"v5"`)),

		put("put replaces every field and keeps the slug", silla, `{"name":"Silla Nórdica",`+
			`"price":"31.00","category_id":${cat_sillas},"vendor_id":${ven_acme}}`, 200,
			Str("slug", "silla-nordica"), Str("price", "31.00"), Str("description", ""),
			JSONEq("tags", `[]`), JSONEq("images", `[]`), Num("stock", "0"),
			Str("status", "draft"), Header("ETag", `"v2"`)),
		put("put with a new slug", silla, `{"name":"Silla Clásica","slug":"silla-clasica",`+
			`"price":"31.00","status":"active","stock":10,"category_id":${cat_sillas},`+
			`"vendor_id":${ven_acme}}`, 200, Str("slug", "silla-clasica"),
			Str("name", "Silla Clásica")),
		put("put with a taken slug", silla, `{"name":"X","slug":"silla-nordica-2",`+
			`"price":"1.00","category_id":${cat_sillas},"vendor_id":${ven_acme}}`, 409,
			Fields("slug")),
		put("put missing required fields", silla, `{"description":"only this"}`, 422,
			Fields("name", "price")),
		put("put of a missing product", products+"/999999999", mesaBody, 404),
		put("put unknown field", silla, productWith(`"colour":"red"`), 422, Fields("colour")),

		put("category put is a full replace", categories+"/${cat_tv}",
			`{"name":"Televisores","parent_id":${cat_elec}}`, 200, Num("sort_order", "0"),
			Str("description", ""), Bool("is_active", true), Str("slug", "televisores")),
		patch("category patch is_active", categories+"/${cat_cam}", `{"is_active":false}`, 200,
			Bool("is_active", false), Num("parent_id", "${cat_elec}")),
		patch("category is_active null is the default", categories+"/${cat_cam}",
			`{"is_active":null}`, 200, Bool("is_active", true)),

		patch("vendor patch merges the address", acme, `{"address":{"street":"Jr. Unión 1"}}`,
			200, Str("address.street", "Jr. Unión 1"), Str("address.city", "Lima"),
			Str("email", "ventas@acme.pe")),
		patch("vendor patch rating", acme, `{"rating":5}`, 200, Raw(`"rating":5.00`)),
		patch("vendor rating above 5", acme, `{"rating":"5.01"}`, 422, Fields("rating")),
		patch("vendor patch taken email", acme, `{"email":"BAZAR@sur.pe"}`, 409,
			Fields("email")),
		patch("vendor patch total_products", acme, `{"total_products":9}`, 400,
			Fields("total_products")),
		patch("vendor address null clears it", acme, `{"address":null}`, 200,
			Str("address.city", ""), Str("address.street", ""), Raw(`"rating":5.00`)),
		put("vendor put is a full replace", vendors+"/${ven_casa}",
			`{"name":"Casa Norte","email":"CASA@norte.pe"}`, 200, Bool("is_active", true),
			Raw(`"rating":0.00`), Str("email", "casa@norte.pe"), Num("total_products", "0")),
	}
}

// counterCases: vendors.total_products follows every create, move and delete exactly,
// and matches the count a list reports.
func counterCases() []Case {
	total := func(name, vendor, want string) Case {
		return get(name, vendors+"/"+vendor, 200, Num("total_products", want)).
			saving("total_"+vendor[2:len(vendor)-1], "total_products")
	}

	listed := func(name, vendor string) Case {
		return get(name, products+"?vendor_id="+vendor, 200,
			SameAs("meta.total", "total_"+vendor[2:len(vendor)-1]))
	}

	return []Case{
		total("acme after creates", "${ven_acme}", "3"),
		listed("acme list agrees", "${ven_acme}"),
		total("bazar after creates", "${ven_bazar}", "2"),
		listed("bazar list agrees", "${ven_bazar}"),
		total("casa after creates", "${ven_casa}", "0"),

		patch("move by patch", products+"/${p_silla2}", `{"vendor_id":${ven_bazar}}`, 200,
			Num("vendor_id", "${ven_bazar}")),
		total("acme after the move", "${ven_acme}", "2"),
		total("bazar after the move", "${ven_bazar}", "3"),
		put("move by put", products+"/${p_tv}", `{"name":"Televisor 50","price":"1999.00",`+
			`"stock":3,"status":"inactive","category_id":${cat_tv},"vendor_id":${ven_casa}}`,
			200, Num("vendor_id", "${ven_casa}")),
		total("acme after the second move", "${ven_acme}", "1"),
		listed("acme list still agrees", "${ven_acme}"),
		total("casa after the second move", "${ven_casa}", "1"),
		listed("casa list agrees", "${ven_casa}"),
		put("failed move changes nothing", products+"/${p_tv}", `{"name":"Televisor 50",`+
			`"price":"1999.00","category_id":${cat_tv},"vendor_id":999999999}`, 422,
			Fields("vendor_id")),
		total("casa unchanged", "${ven_casa}", "1"),
	}
}

// deleteCases: deletes never orphan rows; a blocked delete is a 409 saying why.
func deleteCases() []Case {
	return []Case{
		del("category with products", categories+"/${cat_sillas}", 409, Detail("product")),
		del("category with children", categories+"/${cat_hogar}", 409, Detail("child")),
		del("category with both", categories+"/${cat_muebles}", 409,
			Detail("product", "child")),
		del("vendor with products", vendors+"/${ven_bazar}", 409, Detail("product")),
		del("delete product", products+"/${p_mesa}", 204),
		get("deleted product is gone", products+"/${p_mesa}", 404),
		del("delete it again", products+"/${p_mesa}", 404),
		get("bazar after the delete", vendors+"/${ven_bazar}", 200,
			Num("total_products", "2")),
		del("delete the last product of casa", products+"/${p_tv}", 204),
		get("casa has none", vendors+"/${ven_casa}", 200, Num("total_products", "0")),
		del("delete the empty vendor", vendors+"/${ven_casa}", 204),
		get("deleted vendor is gone", vendors+"/${ven_casa}", 404),
		del("delete a leaf category", categories+"/${cat_cam}", 204),
		get("deleted category is gone", categories+"/${cat_cam}", 404),
		del("bad id", products+"/abc", 400),
		del("zero id", categories+"/0", 400),
	}
}

// routingCases: unknown paths are a 404 and known paths with the wrong method a 405
// with Allow, both as problem details.
func routingCases() []Case {
	return []Case{
		del("collection has no delete", products, 405, HeaderHas("Allow", "GET", "POST")),
		post("item has no post", categories+"/1", `{}`, 405,
			HeaderHas("Allow", "GET", "PUT", "PATCH", "DELETE")),
		patch("vendors collection has no patch", vendors, `{}`, 405,
			HeaderHas("Allow", "GET", "POST")),
		get("unknown path", "/api/v1/nothing", 404),
		get("unknown version", "/api/v2/products", 404),
		get("nested unknown path", products+"/1/extra", 404),
		get("unknown product", products+"/999999999", 404),
		get("non-numeric id", products+"/abc", 400, Fields("id")),
		get("negative id", vendors+"/-5", 400),
	}
}
