package contract

import "net/http"

// Groups is the whole contract, in the order it must run: fixtures first, then the
// reads that depend on them, then the writes that change them.
func Groups() []Group {
	return []Group{
		{Name: "operational", Cases: operationalCases()},
		{Name: "categories", Cases: categoryCases()},
		{Name: "vendors", Cases: vendorCases()},
		{Name: "products", Cases: productCases()},
		{Name: "strict_bodies", Cases: bodyCases()},
		{Name: "query_parameters", Cases: parameterCases()},
		{Name: "product_lists", Cases: productListCases()},
		{Name: "paging", Cases: pagingCases()},
		{Name: "category_and_vendor_lists", Cases: categoryVendorListCases()},
		{Name: "conditional_requests", Cases: conditionalCases()},
		{Name: "replace_and_patch", Cases: updateCases()},
		{Name: "counters", Cases: counterCases()},
		{Name: "deletes", Cases: deleteCases()},
		{Name: "routing", Cases: routingCases()},
	}
}

// The helpers below keep the table readable: one line says the method, the path, the
// body and the status, and the checks follow.

func get(name, path string, status int, checks ...Check) Case {
	return Case{Name: name, Method: http.MethodGet, Path: path, Status: status,
		Checks: checks}
}

func post(name, path, body string, status int, checks ...Check) Case {
	return Case{Name: name, Method: http.MethodPost, Path: path, Body: body,
		Status: status, Checks: checks}
}

func put(name, path, body string, status int, checks ...Check) Case {
	return Case{Name: name, Method: http.MethodPut, Path: path, Body: body,
		Status: status, Checks: checks}
}

// patch sends a JSON merge patch with its own media type.
func patch(name, path, body string, status int, checks ...Check) Case {
	return Case{Name: name, Method: http.MethodPatch, Path: path, Body: body,
		Status: status, Checks: checks,
		Header: map[string]string{"Content-Type": "application/merge-patch+json"}}
}

func del(name, path string, status int, checks ...Check) Case {
	return Case{Name: name, Method: http.MethodDelete, Path: path, Status: status,
		Checks: checks}
}

// saving keeps values of the response for later cases (see Case.Save).
func (c Case) saving(kv ...string) Case {
	if c.Save == nil {
		c.Save = map[string]string{}
	}

	for i := 0; i+1 < len(kv); i += 2 {
		c.Save[kv[i]] = kv[i+1]
	}

	return c
}

// with adds request headers.
func (c Case) with(kv ...string) Case {
	h := map[string]string{}
	for k, v := range c.Header {
		h[k] = v
	}

	for i := 0; i+1 < len(kv); i += 2 {
		h[kv[i]] = kv[i+1]
	}

	c.Header = h

	return c
}

func operationalCases() []Case {
	return []Case{
		get("health", "/health", 200, Str("status", "ok")),
		get("ready", "/ready", 200, Str("status", "ready")),
		get("swagger ui", "/swagger/index.html", 200, Raw("swagger")),
		get("empty product list", "/api/v1/products", 200, Len("data", 0), Num("meta.total", "0"),
			Num("meta.page_size", "20"), Null("meta.next_cursor")),
	}
}
