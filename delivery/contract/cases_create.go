package contract

import (
	"fmt"
	"strings"
)

const (
	categories = "/api/v1/categories"
	vendors    = "/api/v1/vendors"
	products   = "/api/v1/products"
)

// categoryCases build the tree the other groups use:
//
//	Hogar y Jardín (0) ── Muebles (1) ── Sillas (0)
//	Hogar y jardin (2)    Electrónica (5) ── Cámaras (1), Televisores (2), Audio (3)
//	HOGAR Y JARDÍN! (1, inactive)
//
// (sort_order in parentheses), and check slugs, defaults and the tree rules.
func categoryCases() []Case {
	return []Case{
		post("create root derives slug", categories,
			`{"name":"Hogar y Jardín","description":"Interior y exterior"}`, 201,
			Str("name", "Hogar y Jardín"), Str("slug", "hogar-y-jardin"), Null("parent_id"),
			Num("sort_order", "0"), Bool("is_active", true),
			Str("description", "Interior y exterior"), Header("ETag", `"v1"`),
		).saving("cat_hogar", "id"),
		post("second derived slug gets -2", categories,
			`{"name":"Hogar y jardin","sort_order":2}`, 201,
			Str("slug", "hogar-y-jardin-2"), Num("sort_order", "2"),
		).saving("cat_hogar2", "id"),
		post("third derived slug gets -3", categories,
			`{"name":"HOGAR Y JARDÍN!","sort_order":1,"is_active":false}`, 201,
			Str("slug", "hogar-y-jardin-3"), Bool("is_active", false),
		).saving("cat_hogar3", "id"),
		post("explicit taken slug is 409", categories,
			`{"name":"Otra","slug":"hogar-y-jardin"}`, 409, Fields("slug")),
		post("child of a root", categories,
			`{"name":"Muebles","parent_id":${cat_hogar},"sort_order":1}`, 201,
			Num("parent_id", "${cat_hogar}"), Str("slug", "muebles"),
		).saving("cat_muebles", "id"),
		post("grandchild", categories, `{"name":"Sillas","parent_id":${cat_muebles}}`, 201,
			Num("parent_id", "${cat_muebles}")).saving("cat_sillas", "id"),
		post("explicit slug", categories,
			`{"name":"Electrónica","slug":"electronica","sort_order":5}`, 201,
			Str("slug", "electronica")).saving("cat_elec", "id"),
		post("child cameras", categories,
			`{"name":"Cámaras","parent_id":${cat_elec},"sort_order":1}`, 201,
			Str("slug", "camaras")).saving("cat_cam", "id"),
		post("child televisions", categories,
			`{"name":"Televisores","parent_id":${cat_elec},"sort_order":2,"description":"LED"}`,
			201).saving("cat_tv", "id"),
		post("child audio", categories,
			`{"name":"Audio","parent_id":${cat_elec},"sort_order":3}`, 201,
		).saving("cat_audio", "id"),

		post("every invalid field is listed", categories,
			`{"name":"   ","slug":"Bad Slug!"}`, 422, Fields("name", "slug")),
		post("name over 255 characters", categories,
			`{"name":"`+strings.Repeat("n", 256)+`"}`, 422, Fields("name")),
		post("nonexistent parent", categories, `{"name":"Huérfana","parent_id":999999999}`,
			422, Fields("parent_id")),
		post("parent id zero", categories, `{"name":"Cero","parent_id":0}`, 422,
			Fields("parent_id")),
		patch("parent is itself", categories+"/${cat_hogar}",
			`{"parent_id":${cat_hogar}}`, 422, Fields("parent_id")),
		patch("parent is a descendant", categories+"/${cat_hogar}",
			`{"parent_id":${cat_sillas}}`, 422, Fields("parent_id")),
		put("replace under a descendant", categories+"/${cat_muebles}",
			`{"name":"Muebles","parent_id":${cat_sillas}}`, 422, Fields("parent_id")),
		patch("null parent makes a root", categories+"/${cat_sillas}", `{"parent_id":null}`,
			200, Null("parent_id"), Str("name", "Sillas"), Str("slug", "sillas")),
		patch("move back under Muebles", categories+"/${cat_sillas}",
			`{"parent_id":${cat_muebles}}`, 200, Num("parent_id", "${cat_muebles}")),
		get("category reads back", categories+"/${cat_muebles}", 200, Str("name", "Muebles"),
			Num("parent_id", "${cat_hogar}"), Header("ETag", `"v1"`)),
	}
}

// vendorCases create Acme Andina (4.50, verified), Bazar Sur (3.25) and Casa Norte
// (0.00, inactive), and check email, rating and address rules.
func vendorCases() []Case {
	return []Case{
		post("create vendor", vendors, `{"name":"Acme Andina","email":"Ventas@Acme.PE",`+
			`"rating":4.5,"is_verified":true,"phone":"+51 1 555 0100",`+
			`"address":{"city":"Lima","country":"PE"}}`, 201,
			Str("email", "ventas@acme.pe"), Raw(`"rating":4.50`), Num("total_products", "0"),
			Str("address.city", "Lima"), Str("address.street", ""), Str("address.zip_code", ""),
			Bool("is_active", true), Bool("is_verified", true), Str("phone", "+51 1 555 0100"),
		).saving("ven_acme", "id"),
		post("rating as a string", vendors,
			`{"name":"Bazar Sur","email":"bazar@sur.pe","rating":"3.25"}`, 201,
			Raw(`"rating":3.25`), Bool("is_verified", false)).saving("ven_bazar", "id"),
		post("rating defaults to 0.00", vendors,
			`{"name":"Casa Norte","email":"casa@norte.pe","is_active":false}`, 201,
			Raw(`"rating":0.00`), Bool("is_active", false)).saving("ven_casa", "id"),
		post("email unique regardless of case", vendors,
			`{"name":"Dup","email":"VENTAS@acme.pe"}`, 409, Fields("email")),
		post("every invalid vendor field", vendors,
			`{"name":"","email":"not-an-email","rating":5.01}`, 422,
			Fields("name", "email", "rating")),
		post("missing email", vendors, `{"name":"Sin correo"}`, 422, Fields("email")),
		post("negative rating", vendors, `{"name":"N","email":"n@x.pe","rating":-0.01}`, 422,
			Fields("rating")),
		post("rating with three decimals", vendors,
			`{"name":"N","email":"n@x.pe","rating":"4.555"}`, 422, Fields("rating")),
		post("rating of the wrong type", vendors,
			`{"name":"N","email":"n@x.pe","rating":true}`, 422, Fields("rating")),
		post("total_products is read-only", vendors,
			`{"name":"N","email":"n@x.pe","total_products":5}`, 400, Fields("total_products")),
		post("unknown address part", vendors,
			`{"name":"N","email":"n@x.pe","address":{"zip":"1"}}`, 422, Fields("address.zip")),
	}
}

// productCases create five products:
//
//	silla    Silla Nórdica       29.99  stock 10 active   Sillas   Acme  madera, roble
//	silla2   Silla Nórdica       19.00  stock 0  draft    Sillas   Acme
//	mesa     Mesa de Centro     150.50  stock 0  active   Muebles  Bazar madera
//	parlante Parlante Bluetooth  89.90  stock 25 active   Audio    Bazar audio, inalambrico
//	tv       Televisor 50      1999.00  stock 3  inactive Televis. Acme
func productCases() []Case {
	return []Case{
		post("create product", products, `{"name":"Silla Nórdica",`+
			`"description":"Roble macizo","price":"29.99","stock":10,"status":"active",`+
			`"category_id":${cat_sillas},"vendor_id":${ven_acme},`+
			`"images":["https://cdn.example.com/silla.jpg"],"tags":["Madera","roble","MADERA"]}`,
			201, Str("slug", "silla-nordica"), Str("price", "29.99"), Num("stock", "10"),
			Str("status", "active"), Num("category_id", "${cat_sillas}"),
			Num("vendor_id", "${ven_acme}"), JSONEq("tags", `["madera","roble"]`),
			JSONEq("images", `["https://cdn.example.com/silla.jpg"]`),
			Str("description", "Roble macizo"), Header("ETag", `"v1"`),
		).saving("p_silla", "id"),
		post("same name gets -2, defaults", products, `{"name":"Silla Nórdica","price":19,`+
			`"category_id":${cat_sillas},"vendor_id":${ven_acme}}`, 201,
			Str("slug", "silla-nordica-2"), Str("price", "19.00"), Str("status", "draft"),
			Num("stock", "0"), JSONEq("images", `[]`), JSONEq("tags", `[]`),
			Str("description", ""),
		).saving("p_silla2", "id"),
		post("third product", products, `{"name":"Mesa de Centro","price":"150.50",`+
			`"status":"active","category_id":${cat_muebles},"vendor_id":${ven_bazar},`+
			`"tags":["madera"]}`, 201, Str("price", "150.50")).saving("p_mesa", "id"),
		post("fourth product", products, `{"name":"Parlante Bluetooth",`+
			`"description":"Sonido envolvente","price":89.9,"stock":25,"status":"active",`+
			`"category_id":${cat_audio},"vendor_id":${ven_bazar},`+
			`"tags":["audio","inalambrico"]}`, 201, Str("price", "89.90"),
		).saving("p_parlante", "id"),
		post("fifth product", products, `{"name":"Televisor 50","price":"1999.00","stock":3,`+
			`"status":"inactive","category_id":${cat_tv},"vendor_id":${ven_acme}}`, 201,
		).saving("p_tv", "id"),

		post("explicit taken slug is 409", products, `{"name":"Otra","slug":"silla-nordica",`+
			`"price":"1.00","category_id":${cat_sillas},"vendor_id":${ven_acme}}`, 409,
			Fields("slug")),
		post("every invalid product field", products, `{"name":"","price":"-1","stock":-5,`+
			`"status":"bogus","category_id":${cat_sillas},"vendor_id":${ven_acme}}`, 422,
			Fields("name", "price", "stock", "status")),
		post("missing references", products, `{"name":"X","price":"1.00",`+
			`"category_id":999999999,"vendor_id":999999999}`, 422,
			Fields("category_id", "vendor_id")),
		post("price with three decimals", products, productWith(`"price":"29.999"`), 422,
			Fields("price")),
		post("price above DECIMAL(10,2)", products, productWith(`"price":100000000`), 422,
			Fields("price")),
		post("price at the maximum", products, productWith(`"price":"99999999.99"`), 201,
			Str("price", "99999999.99")).saving("p_max", "id"),
		del("remove the maximum", products+"/${p_max}", 204),
		post("price not a number", products, productWith(`"price":"abc"`), 422,
			Fields("price")),
		post("missing price", products, `{"name":"X","category_id":${cat_sillas},`+
			`"vendor_id":${ven_acme}}`, 422, Fields("price")),
		post("negative stock", products, productWith(`"stock":-1`), 422, Fields("stock")),
		post("bad images", products, productWith(`"images":["ftp://x/a.jpg","not a url"]`),
			422, Fields("images")),
		post("too many images", products, productWith(`"images":[`+
			repeatJSON(`"https://cdn.example.com/a.jpg"`, 21)+`]`), 422, Fields("images")),
		post("tag too long", products, productWith(`"tags":["`+strings.Repeat("t", 51)+`"]`),
			422, Fields("tags")),
		post("too many tags", products, productWith(`"tags":[`+distinctTags(21)+`]`), 422,
			Fields("tags")),
		post("unknown fields all named", products, productWith(`"prise":1,"colour":"red"`),
			422, Fields("colour", "prise")),
		post("read-only fields", products,
			productWith(`"id":7,"created_at":"2020-01-01T00:00:00Z"`), 400,
			Fields("id", "created_at")),
		post("wrong type", products, productWith(`"stock":"abc"`), 422, Fields("stock")),
		post("stock beyond int32", products, productWith(`"stock":3000000000`), 400,
			Fields("stock")),
	}
}

// productWith is a valid product body plus the fields given, which come last and so
// make the case's point.
func productWith(fields string) string {
	base := []string{`"name":"Prueba"`, `"price":"1.00"`, `"category_id":${cat_sillas}`,
		`"vendor_id":${ven_casa}`}

	parts := make([]string, 0, len(base)+1)
	for _, b := range base {
		key, _, _ := strings.Cut(b, ":")
		if !strings.Contains(fields, key+":") {
			parts = append(parts, b)
		}
	}

	return "{" + strings.Join(append(parts, fields), ",") + "}"
}

func repeatJSON(item string, n int) string {
	return strings.TrimSuffix(strings.Repeat(item+",", n), ",")
}

func distinctTags(n int) string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = fmt.Sprintf(`"t%d"`, i)
	}

	return strings.Join(tags, ",")
}
