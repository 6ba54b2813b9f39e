package lambdaapi

import "testing"

func TestStripBasePathCutsWholeSegments(t *testing.T) {
	tests := []struct {
		path, base, want string
	}{
		{"/prod/api/v1/products", "/prod", "/api/v1/products"},
		{"/prod/api/v1/products", "prod/", "/api/v1/products"},
		{"/products", "/prod", "/products"},
		{"/prod", "/prod", "/"},
		{"/prod/", "/prod", "/"},
		{"/production/x", "prod", "/production/x"},
		{"/a/b/c", "/a/b", "/c"},
		{"/a/bc", "/a/b", "/a/bc"},
		{"/api/v1/vendors", "", "/api/v1/vendors"},
		{"/api/v1/vendors", "/", "/api/v1/vendors"},
		{"api/v1", "", "/api/v1"},
		{"/other/api", "/prod", "/other/api"},
	}
	for _, tt := range tests {
		if got := stripBasePath(tt.path, tt.base); got != tt.want {
			t.Errorf("stripBasePath(%q, %q) = %q, want %q", tt.path, tt.base, got, tt.want)
		}
	}
}

func TestDetectTellsEventKindsApart(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    Source
	}{
		{"rest", `{"resource":"/x","httpMethod":"GET","requestContext":{"stage":"p"}}`, RESTAPI},
		{"http api payload 1.0", `{"version":"1.0","httpMethod":"GET"}`, RESTAPI},
		{"http api", `{"version":"2.0","rawPath":"/","requestContext":{"http":{},
			"domainName":"a.execute-api.eu-west-1.amazonaws.com"}}`, HTTPAPI},
		{"custom domain", `{"version":"2.0","requestContext":{"http":{},
			"domainName":"api.example.com"}}`, HTTPAPI},
		{"function url", `{"version":"2.0","requestContext":{"http":{},
			"domainName":"abc.lambda-url.eu-west-1.on.aws"}}`, FunctionURL},
		{"alb", `{"httpMethod":"GET","requestContext":{"elb":{"targetGroupArn":"a"}}}`, ALB},
		{"cloudformation", `{"RequestType":"Create","ResponseURL":"https://x"}`, ""},
		{"v2 without http", `{"version":"2.0","requestContext":{}}`, ""},
		{"array", `[]`, ""},
		{"empty", ``, ""},
	}
	for _, tt := range tests {
		got, err := detect([]byte(tt.payload))
		if got != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("%s: detect = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestSafePathEscapesOnlyWhatCannotBeLiteral(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/api/v1/products/42", "/api/v1/products/42"},
		{"/api/v1/products/caf%C3%A9", "/api/v1/products/caf%C3%A9"},
		{"/api/v1/products/café", "/api/v1/products/caf%C3%A9"},
		{"/a b", "/a%20b"},
		{"/a?b#c", "/a%3Fb%23c"},
		{"/100%", "/100%25"},
		{"/%zz", "/%25zz"},
		{"/%4", "/%254"},
		{"/a%2Fb", "/a%2Fb"},
	}
	for _, tt := range tests {
		if got := safePath(tt.in); got != tt.want {
			t.Errorf("safePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestALBQueryKeepsTheClientsEncoding(t *testing.T) {
	got := albQuery(nil, map[string][]string{"tag": {"a", "b%2Cc"}, "q": {"caf%C3%A9+x"}})
	if want := "q=caf%C3%A9+x&tag=a&tag=b%2Cc"; got != want {
		t.Errorf("albQuery = %q, want %q", got, want)
	}

	if got := albQuery(map[string]string{"q": "%zz"}, nil); got != "q=%zz" {
		t.Errorf("albQuery kept %q, want the malformed escape as sent", got)
	}
}
