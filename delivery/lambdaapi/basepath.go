package lambdaapi

import "strings"

// stripBasePath removes base from the front of path when base is made of whole leading
// segments of it: base "/prod" turns "/prod/api" into "/api" and "/prod" into "/", and
// leaves "/products" alone (a plain string prefix would give "/ucts"). The result always
// starts with a slash.
func stripBasePath(path, base string) string {
	base = cleanBasePath(base)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if base == "" {
		return path
	}

	if path == base {
		return "/"
	}
	if strings.HasPrefix(path, base+"/") {
		return path[len(base):]
	}

	return path
}

// cleanBasePath gives base as "/a/b", without a trailing slash, or "" for no base path.
func cleanBasePath(base string) string {
	base = strings.Trim(strings.TrimSpace(base), "/")
	if base == "" {
		return ""
	}

	return "/" + base
}
