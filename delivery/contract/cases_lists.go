package contract

// productListCases check every product filter and sort against the five products of
// productCases (see its table). Sorts break ties on id in the sort's direction.
func productListCases() []Case {
	const (
		silla, silla2, mesa = "${p_silla}", "${p_silla2}", "${p_mesa}"
		parlante, tv        = "${p_parlante}", "${p_tv}"
	)

	list := func(name, query string, ids ...string) Case {
		return get(name, products+"?"+query, 200, IDs(ids...))
	}

	return []Case{
		get("default sort is newest first", products, 200,
			IDs(tv, parlante, mesa, silla2, silla), Num("meta.total", "5"),
			Num("meta.page", "1"), Num("meta.total_pages", "1"), Null("meta.next_cursor")),
		list("created_at ascending", "sort=created_at", silla, silla2, mesa, parlante, tv),
		list("price is numeric", "sort=price", silla2, silla, parlante, mesa, tv),
		list("price descending", "sort=-price", tv, mesa, parlante, silla, silla2),
		list("stock, ties on id", "sort=stock", silla2, mesa, tv, silla, parlante),
		list("stock descending, ties on id", "sort=-stock", parlante, silla, tv, mesa, silla2),
		list("name, ties on id", "sort=name", mesa, parlante, silla, silla2, tv),
		list("name descending", "sort=-name", tv, silla2, silla, parlante, mesa),
		list("one category", "category_id=${cat_sillas}&sort=name", silla, silla2),
		list("category without subtree", "category_id=${cat_hogar}"),
		list("category subtree", "category_id=${cat_hogar}&include_subcategories=true&"+
			"sort=name", mesa, silla, silla2),
		list("subtree false is one category",
			"category_id=${cat_hogar}&include_subcategories=false"),
		list("vendor", "vendor_id=${ven_bazar}&sort=name", mesa, parlante),
		list("status", "status=active&sort=name", mesa, parlante, silla),
		list("status draft", "status=draft", silla2),
		list("price range is inclusive", "min_price=29.99&max_price=150.50&sort=price",
			silla, parlante, mesa),
		list("min price", "min_price=100&sort=price", mesa, tv),
		list("max price", "max_price=29.99&sort=price", silla2, silla),
		list("in stock", "in_stock=true&sort=name", parlante, silla, tv),
		list("in_stock false does not filter", "in_stock=false&sort=name",
			mesa, parlante, silla, silla2, tv),
		list("tag", "tag=madera&sort=name", mesa, silla),
		list("tags must all match", "tag=madera&tag=roble", silla),
		list("tags fold case", "tag=MADERA&sort=name", mesa, silla),
		list("unknown tag", "tag=nada"),
		list("search folds accents and case", "q=NORDICA&sort=name", silla, silla2),
		list("search with accents", "q=nórdica&sort=name", silla, silla2),
		list("search description", "q=envolvente", parlante),
		list("search is a substring", "q=ROBLE", silla),
		list("search matches nothing", "q=zzz"),
		list("filters combine", "vendor_id=${ven_acme}&status=active", silla),
		list("empty q does not filter", "q=&sort=name", mesa, parlante, silla, silla2, tv),
	}
}

// pagingCases walk the five products by price, by page number and by cursor.
func pagingCases() []Case {
	const byPrice = products + "?sort=price&page_size=2"

	return []Case{
		get("first page", byPrice, 200, IDs("${p_silla2}", "${p_silla}"),
			Num("meta.page", "1"), Num("meta.page_size", "2"), Num("meta.total", "5"),
			Num("meta.total_pages", "3"), NotNull("meta.next_cursor"),
		).saving("cursor1", "meta.next_cursor"),
		get("second page", byPrice+"&page=2", 200, IDs("${p_parlante}", "${p_mesa}"),
			Num("meta.page", "2"), Num("meta.total", "5")),
		get("last page", byPrice+"&page=3", 200, IDs("${p_tv}"), Num("meta.page", "3"),
			Null("meta.next_cursor")),
		get("past the end", byPrice+"&page=4", 200, IDs(), Num("meta.total", "5"),
			Null("meta.next_cursor")),
		get("cursor continues", byPrice+"&cursor=${cursor1}", 200,
			IDs("${p_parlante}", "${p_mesa}"), Num("meta.page_size", "2"),
			Missing("meta.total"), Missing("meta.total_pages"), Missing("meta.page"),
			NotNull("meta.next_cursor"),
		).saving("cursor2", "meta.next_cursor"),
		get("cursor reaches the end", byPrice+"&cursor=${cursor2}", 200, IDs("${p_tv}"),
			Null("meta.next_cursor")),
		get("cursor of another sort", products+"?sort=-price&page_size=2&cursor=${cursor1}",
			400, Fields("cursor")),
		get("cursor with page", byPrice+"&page=2&cursor=${cursor1}", 400),
		get("descending cursor", products+"?sort=-name&page_size=3", 200,
			IDs("${p_tv}", "${p_silla2}", "${p_silla}")).saving("cursor3", "meta.next_cursor"),
		get("descending cursor continues", products+"?sort=-name&page_size=3&cursor=${cursor3}",
			200, IDs("${p_parlante}", "${p_mesa}"), Null("meta.next_cursor")),
		get("page_size 100 is allowed", products+"?page_size=100", 200,
			Num("meta.page_size", "100"), Len("data", 5)),
	}
}

// categoryVendorListCases check the category and vendor filters and sorts.
func categoryVendorListCases() []Case {
	const (
		hogar, hogar2, hogar3 = "${cat_hogar}", "${cat_hogar2}", "${cat_hogar3}"
		muebles, sillas, elec = "${cat_muebles}", "${cat_sillas}", "${cat_elec}"
		cam, tv, audio        = "${cat_cam}", "${cat_tv}", "${cat_audio}"
		acme, bazar, casa     = "${ven_acme}", "${ven_bazar}", "${ven_casa}"
	)

	cats := func(name, query string, ids ...string) Case {
		return get(name, categories+"?"+query, 200, IDs(ids...))
	}

	vens := func(name, query string, ids ...string) Case {
		return get(name, vendors+"?"+query, 200, IDs(ids...))
	}

	return []Case{
		cats("roots by sort_order", "parent_id=0", hogar, hogar3, hogar2, elec),
		cats("children", "parent_id="+hogar, muebles),
		cats("children by sort_order", "parent_id="+elec, cam, tv, audio),
		cats("children by name", "parent_id="+elec+"&sort=name", audio, cam, tv),
		cats("children by name descending", "parent_id="+elec+"&sort=-name", tv, cam, audio),
		cats("descending sort_order, ties on id", "sort=-sort_order&page_size=4",
			elec, audio, tv, hogar2),
		cats("inactive categories", "is_active=false", hogar3),
		cats("search folds accents and case", "q=JARDIN", hogar, hogar3, hogar2),
		cats("search with accents", "q=cámaras", cam),
		cats("active roots", "parent_id=0&is_active=true", hogar, hogar2, elec),
		get("category total", categories, 200, Num("meta.total", "9")),

		vens("vendors by name", "", acme, bazar, casa),
		vens("name descending", "sort=-name", casa, bazar, acme),
		vens("rating", "sort=rating", casa, bazar, acme),
		vens("rating descending", "sort=-rating", acme, bazar, casa),
		vens("created_at", "sort=created_at", acme, bazar, casa),
		vens("created_at descending", "sort=-created_at", casa, bazar, acme),
		vens("inactive vendors", "is_active=false", casa),
		vens("active", "is_active=true", acme, bazar),
		vens("verified", "is_verified=true", acme),
		vens("unverified", "is_verified=false", bazar, casa),
		vens("min rating is inclusive", "min_rating=3.25", acme, bazar),
		vens("min rating high", "min_rating=4.6"),
		vens("search folds case", "q=ACME", acme),
		vens("search folds accents", "q=andína", acme),
		vens("vendor paging", "page_size=2", acme, bazar),
	}
}
