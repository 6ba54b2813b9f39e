package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/gamarriando/product-service/cmd/internal/config"
	"github.com/gamarriando/product-service/delivery/httpapi"
)

// The deployment is tested where the router and the configuration meet it: the
// template must deploy every route of the router, each to the function named for its
// operation, with the environment the configuration accepts and the security rules of
// the plan.

// repoRoot is where serverless.yml lives, relative to this package.
const repoRoot = "../.."

// cliParams are the parameters a deploy must give on the command line.
var cliParams = map[string]any{
	"jwtIssuerUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
	"jwtAudience":  "example-client",
}

// stack is serverless.yml with its resource files merged and its variables resolved,
// as the framework would hand it to CloudFormation.
type stack struct {
	Service    string
	Provider   map[string]any
	Functions  map[string]map[string]any
	Package    map[string]any
	Resources  map[string]map[string]any
	Conditions map[string]any
	Extensions map[string]any
}

func loadStack(t *testing.T) stack {
	t.Helper()

	raw := readYAML(t, "serverless.yml")
	params := map[string]any{}
	if p, ok := raw["params"].(map[string]any); ok {
		if d, ok := p["default"].(map[string]any); ok {
			params = d
		}
	}
	for k, v := range cliParams {
		params[k] = v
	}

	r := resolver{t: t, params: params, service: raw["service"].(string)}
	doc := r.resolve(raw).(map[string]any)

	s := stack{
		Service:    r.service,
		Provider:   asMap(doc["provider"]),
		Package:    asMap(doc["package"]),
		Functions:  map[string]map[string]any{},
		Resources:  map[string]map[string]any{},
		Conditions: map[string]any{},
		Extensions: map[string]any{},
	}
	for name, f := range asMap(doc["functions"]) {
		s.Functions[name] = asMap(f)
	}
	for _, part := range asList(doc["resources"]) {
		p := asMap(part)
		for id, res := range asMap(p["Resources"]) {
			if _, dup := s.Resources[id]; dup {
				t.Errorf("resource %s defined twice", id)
			}
			s.Resources[id] = asMap(res)
		}
		for k, v := range asMap(p["Conditions"]) {
			s.Conditions[k] = v
		}
		for k, v := range asMap(p["extensions"]) {
			s.Extensions[k] = v
		}
	}

	return s
}

func readYAML(t *testing.T, path string) map[string]any {
	t.Helper()

	b, err := os.ReadFile(filepath.Join(repoRoot, path))
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}

	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}

	return doc
}

// resolver does what the framework does with the variables this template uses.
type resolver struct {
	t       *testing.T
	params  map[string]any
	service string
}

var variable = regexp.MustCompile(`\$\{([^{}]+)\}`)

func (r resolver) resolve(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = r.resolve(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = r.resolve(x)
		}
		return out
	case string:
		return r.resolveString(v)
	}

	return v
}

func (r resolver) resolveString(s string) any {
	if m := variable.FindStringSubmatch(s); m != nil && m[0] == s {
		return r.value(m[1]) // a whole-value variable keeps its type (a list, a map)
	}

	return variable.ReplaceAllStringFunc(s, func(m string) string {
		return fmt.Sprint(r.value(m[2 : len(m)-1]))
	})
}

func (r resolver) value(expr string) any {
	source, rest, _ := strings.Cut(expr, ":")
	addr, fallback, hasFallback := strings.Cut(rest, ",")
	fallback = strings.Trim(strings.TrimSpace(fallback), `'"`)

	switch {
	case source == "param":
		v, ok := r.params[addr]
		if !ok {
			r.t.Errorf("${%s}: no such parameter, and none given on the command line", expr)
		}
		return r.resolve(v)
	case source == "opt" && hasFallback:
		return fallback
	case expr == "self:service":
		return r.service
	case expr == "sls:stage":
		return "prod"
	case expr == "sls:instanceId":
		return "test-instance"
	case strings.HasPrefix(expr, "file(") && strings.HasSuffix(expr, ")"):
		return r.resolve(readYAML(r.t, strings.TrimSuffix(strings.TrimPrefix(expr, "file("),
			")")))
	}
	r.t.Errorf("${%s}: variable this test cannot resolve", expr)

	return ""
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	if m == nil {
		return map[string]any{}
	}

	return m
}

func asList(v any) []any {
	l, _ := v.([]any)

	return l
}

// route is one method and path, as API Gateway and the operations table write it.
type route struct{ method, path string }

func (r route) String() string { return r.method + " " + r.path }

// httpEvents gives a function's HTTP API routes and their authorizers.
func httpEvents(f map[string]any) map[route]map[string]any {
	out := map[route]map[string]any{}
	for _, e := range asList(f["events"]) {
		ev := asMap(e)
		h, ok := ev["httpApi"]
		if !ok {
			continue
		}
		hm := asMap(h)
		method, _ := hm["method"].(string)
		path, _ := hm["path"].(string)
		out[route{strings.ToUpper(method), path}] = asMap(hm["authorizer"])
	}

	return out
}

// routerRoutes are the /api/v1 routes the real router serves, in API Gateway's syntax.
func routerRoutes(t *testing.T) map[route]bool {
	t.Helper()

	e := httpapi.NewRouter(httpapi.Config{})
	out := map[route]bool{}
	for _, r := range e.Routes() {
		if strings.HasPrefix(r.Path, "/api/") {
			out[route{r.Method, strings.ReplaceAll(r.Path, ":id", "{id}")}] = true
		}
	}

	return out
}

func TestEveryRouteHasExactlyOneFunction(t *testing.T) {
	s := loadStack(t)
	served := routerRoutes(t)

	deployed := map[route]string{}
	for name, f := range s.Functions {
		for r := range httpEvents(f) {
			if other, dup := deployed[r]; dup {
				t.Errorf("%s is deployed by both %s and %s", r, other, name)
			}
			deployed[r] = name
			if !served[r] {
				t.Errorf("function %s has an event for %s, which the router does not serve",
					name, r)
			}
		}
	}

	operations := map[route]string{}
	for _, op := range httpapi.Operations {
		for _, m := range op.Methods {
			operations[route{m, op.Path}] = op.Name
		}
	}
	for r := range served {
		if _, ok := operations[r]; !ok {
			t.Errorf("the router serves %s, which no operation describes", r)
		}
	}
	for r, name := range operations {
		if !served[r] {
			t.Errorf("operation %s: the router does not serve %s", name, r)
		}
		if got := deployed[r]; got != name {
			t.Errorf("%s: deployed by function %q, want %q", r, got, name)
		}
	}
}

func TestFunctionsShareOneArtifactAndStayUnderTheGatewayTimeout(t *testing.T) {
	s := loadStack(t)
	p := s.Provider

	if len(s.Functions) != len(httpapi.Operations)+1 {
		t.Errorf("%d functions, want the %d operations and migrate",
			len(s.Functions), len(httpapi.Operations))
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"runtime", p["runtime"], "provided.al2023"},
		{"architecture", p["architecture"], "arm64"},
		{"artifact", s.Package["artifact"], "dist/lambda.zip"},
		{"payload", asMap(p["httpApi"])["payload"], "2.0"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("provider %s = %v, want %v", c.what, c.got, c.want)
		}
	}

	timeout, _ := p["timeout"].(uint64)
	if timeout == 0 || timeout >= 29 {
		t.Errorf("timeout %v: want a value below API Gateway's 29 s", p["timeout"])
	}
	if mem, _ := p["memorySize"].(uint64); mem < 128 {
		t.Errorf("memorySize %v not set", p["memorySize"])
	}
	if days, _ := p["logRetentionInDays"].(uint64); days == 0 {
		t.Error("no log retention: logs would be kept forever")
	}

	for name, f := range s.Functions {
		if f["handler"] != "bootstrap" {
			t.Errorf("%s: handler %v, want bootstrap", name, f["handler"])
		}
		if name == "migrate" {
			if len(httpEvents(f)) > 0 {
				t.Error("the migrate function must not be reachable over HTTP")
			}
			continue
		}
		if f["package"] != nil || f["runtime"] != nil || f["timeout"] != nil {
			t.Errorf("%s overrides the shared artifact, runtime or timeout", name)
		}
	}
}

func TestWritesNeedTheAuthorizerAndReadsArePublic(t *testing.T) {
	s := loadStack(t)
	authorizers := asMap(asMap(s.Provider["httpApi"])["authorizers"])

	for name, f := range s.Functions {
		for r, a := range httpEvents(f) {
			if r.method == "GET" {
				if len(a) > 0 {
					t.Errorf("%s %s: a public read carries an authorizer", name, r)
				}
				continue
			}
			if _, ok := authorizers[fmt.Sprint(a["name"])]; !ok {
				t.Errorf("%s %s: write without a known authorizer (%v)", name, r, a)
			}
			if !slices.Contains(asList(a["scopes"]), any("catalog/write")) {
				t.Errorf("%s %s: write without the catalog/write scope", name, r)
			}
		}
	}

	jwt := asMap(authorizers["catalogJwt"])
	if jwt["type"] != "jwt" || jwt["issuerUrl"] != cliParams["jwtIssuerUrl"] {
		t.Errorf("authorizer %v: want a JWT authorizer on the given issuer", jwt)
	}
}

// TestEnvironmentIsWhatTheConfigurationReads loads the configuration from each
// function's environment, as Lambda would give it, so a misspelled or conflicting
// variable fails here rather than at the first cold start.
func TestEnvironmentIsWhatTheConfigurationReads(t *testing.T) {
	s := loadStack(t)

	for name, f := range s.Functions {
		env := map[string]string{"AWS_LAMBDA_FUNCTION_NAME": s.Service + "-prod-" + name}
		for k, v := range asMap(s.Provider["environment"]) {
			env[k] = envValue(v)
		}
		for k, v := range asMap(f["environment"]) {
			env[k] = envValue(v)
		}

		read := map[string]bool{}
		getenv := func(k string) string {
			read[k] = true
			return env[k]
		}
		cfg, err := config.Load(getenv)
		if err != nil {
			t.Errorf("%s: the configuration rejects the template's environment: %v", name, err)
			continue
		}
		_ = config.LoadLambda(getenv)

		for k := range env {
			if !read[k] {
				t.Errorf("%s: %s is set but nothing reads it", name, k)
			}
		}
		if cfg.Env != config.Production || !cfg.OnLambda {
			t.Errorf("%s: env %s on Lambda %v, want production on Lambda", name, cfg.Env,
				cfg.OnLambda)
		}
		if cfg.AutoMigrate || cfg.SeedDemo {
			t.Errorf("%s: AutoMigrate or demo data at cold start", name)
		}
		if name != "migrate" && cfg.Auth.Source != config.AuthGateway {
			t.Errorf("%s: auth source %s, want the API Gateway authorizer's claims", name,
				cfg.Auth.Source)
		}
	}
}

// envValue stands in for what CloudFormation puts in place of an intrinsic.
func envValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		if cond := asList(v["Fn::If"]); len(cond) == 3 {
			return envValue(cond[2]) // the branch without RDS Proxy, the default
		}
		return "resolved-by-cloudformation.example"
	}

	return fmt.Sprint(v)
}

// secretLike matches what must never be written into the template: a password or
// key under any name, AWS access keys, DSNs with credentials.
var (
	secretName  = regexp.MustCompile(`(?i)(password|passwd|secret|token|api_?key)`)
	secretValue = regexp.MustCompile(`AKIA[0-9A-Z]{16}|://[^/\s:@]+:[^/\s@]+@`)
)

func TestNoSecretInPlainText(t *testing.T) {
	s := loadStack(t)

	walk(map[string]any{"provider": s.Provider, "functions": s.Functions,
		"resources": s.Resources}, "", func(path string, key string, v any) {
		str, isString := v.(string)
		if isString && secretValue.MatchString(str) {
			t.Errorf("%s: looks like a credential", path)
		}
		if !isString || str == "" || !secretName.MatchString(key) {
			return
		}
		// Names of secrets (ARNs, parameters) are fine; their values are not.
		allowed := key == "DB_SECRET_ARN" || key == "ManageMasterUserPassword" ||
			strings.HasPrefix(str, "arn:")
		if !allowed {
			t.Errorf("%s = %q: a secret written in the template", path, str)
		}
	})

	for id, r := range s.Resources {
		props := asMap(r["Properties"])
		if _, ok := props["MasterUserPassword"]; ok {
			t.Errorf("%s: MasterUserPassword in the template; let RDS manage it", id)
		}
	}
	if _, ok := asMap(s.Provider["environment"])["DB_PASSWORD"]; ok {
		t.Error("DB_PASSWORD in the environment; use IAM authentication or the secret")
	}
}

func walk(v any, path string, visit func(path, key string, v any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			visit(path+"."+k, k, x)
			walk(x, path+"."+k, visit)
		}
	case map[string]map[string]any:
		for k, x := range v {
			walk(x, path+"."+k, visit)
		}
	case []any:
		for i, x := range v {
			walk(x, fmt.Sprintf("%s[%d]", path, i), visit)
		}
	}
}

func TestIAMGrantsOnlyWhatTheCodeCalls(t *testing.T) {
	s := loadStack(t)
	statements := asList(asMap(asMap(s.Provider["iam"])["role"])["statements"])

	var actions []string
	for _, st := range statements {
		m := asMap(st)
		action := fmt.Sprint(m["Action"])
		actions = append(actions, action)
		if strings.Contains(action, "*") || fmt.Sprint(m["Resource"]) == "*" {
			t.Errorf("statement %v grants a wildcard", m)
		}
		if m["Effect"] != "Allow" {
			t.Errorf("statement %v: want only Allow statements", m)
		}
		if action == "secretsmanager:GetSecretValue" {
			want := map[string]any{"Fn::GetAtt": []any{"DatabaseCluster",
				"MasterUserSecret.SecretArn"}}
			if fmt.Sprint(m["Resource"]) != fmt.Sprint(want) {
				t.Errorf("GetSecretValue on %v, want the cluster's own secret only",
					m["Resource"])
			}
		}
	}
	slices.Sort(actions)
	if want := []string{"rds-db:connect", "secretsmanager:GetSecretValue"}; !slices.Equal(
		actions, want) {
		t.Errorf("IAM actions %v, want exactly %v", actions, want)
	}
}

func TestDatabaseIsPrivateEncryptedAndBackedUp(t *testing.T) {
	s := loadStack(t)

	cluster := resourcesOfType(s, "AWS::RDS::DBCluster")
	if len(cluster) != 1 {
		t.Fatalf("%d Aurora clusters, want 1", len(cluster))
	}
	c := asMap(cluster[0]["Properties"])
	checks := []struct {
		what string
		ok   bool
	}{
		{"aurora-postgresql engine", c["Engine"] == "aurora-postgresql"},
		{"PostgreSQL 15", strings.HasPrefix(fmt.Sprint(c["EngineVersion"]), "15.")},
		{"encryption at rest", c["StorageEncrypted"] == true},
		{"seven days of backups", toInt(c["BackupRetentionPeriod"]) >= 7},
		{"deletion protection", c["DeletionProtection"] == true},
		{"password managed by RDS", c["ManageMasterUserPassword"] == true},
		{"IAM authentication", c["EnableIAMDatabaseAuthentication"] == true},
		{"snapshot on delete", cluster[0]["DeletionPolicy"] == "Snapshot"},
	}
	for _, ch := range checks {
		if !ch.ok {
			t.Errorf("cluster: no %s", ch.what)
		}
	}

	instances := resourcesOfType(s, "AWS::RDS::DBInstance")
	zones := map[string]bool{}
	for _, in := range instances {
		p := asMap(in["Properties"])
		if p["PubliclyAccessible"] != false {
			t.Errorf("instance %v: PubliclyAccessible must be false", p)
		}
		zones[fmt.Sprint(p["AvailabilityZone"])] = true
	}
	if len(instances) != 2 || len(zones) != 2 {
		t.Errorf("%d instances in %d zones, want a writer and a reader in two zones",
			len(instances), len(zones))
	}

	group := resourcesOfType(s, "AWS::RDS::DBClusterParameterGroup")[0]
	params := asMap(asMap(group["Properties"])["Parameters"])
	if toInt(params["log_min_duration_statement"]) <= 0 {
		t.Error("the cluster parameter group does not log slow statements")
	}
	if toInt(params["idle_in_transaction_session_timeout"]) <= 0 {
		t.Error("the cluster parameter group does not bound idle transactions")
	}
}

func TestOnlyTheFunctionsReachTheDatabase(t *testing.T) {
	s := loadStack(t)

	cluster := asMap(resourcesOfType(s, "AWS::RDS::DBCluster")[0]["Properties"])
	dbGroups := asList(cluster["VpcSecurityGroupIds"])
	if len(dbGroups) != 1 {
		t.Fatalf("cluster security groups %v, want one", dbGroups)
	}
	dbGroup := fmt.Sprint(asMap(dbGroups[0])["Ref"])
	lambdaGroups := asList(asMap(s.Provider["vpc"])["securityGroupIds"])
	if len(lambdaGroups) != 1 {
		t.Fatalf("function security groups %v, want one", lambdaGroups)
	}
	lambdaGroup := fmt.Sprint(asMap(lambdaGroups[0])["Ref"])

	// Every way into the database group: inline rules and separate ingress resources.
	type ingress struct {
		from      string
		condition any
		rule      map[string]any
	}
	var into []ingress
	for _, r := range asList(asMap(s.Resources[dbGroup]["Properties"])["SecurityGroupIngress"]) {
		into = append(into, ingress{rule: asMap(r)})
	}
	for _, r := range resourcesOfType(s, "AWS::EC2::SecurityGroupIngress") {
		p := asMap(r["Properties"])
		if fmt.Sprint(asMap(p["GroupId"])["Ref"]) == dbGroup {
			into = append(into, ingress{condition: r["Condition"], rule: p})
		}
	}
	if len(into) == 0 {
		t.Fatal("nothing may reach the database: the functions need port 5432")
	}
	for _, in := range into {
		from := fmt.Sprint(asMap(in.rule["SourceSecurityGroupId"])["Ref"])
		port := toInt(in.rule["FromPort"]) == 5432 && toInt(in.rule["ToPort"]) == 5432
		viaProxy := from == "ProxySecurityGroup" && in.condition == "UseRdsProxy"
		if !port || (from != lambdaGroup && !viaProxy) || in.rule["CidrIp"] != nil {
			t.Errorf("database ingress %v: only %s may reach port 5432", in.rule, lambdaGroup)
		}
	}

	// No route out: no internet or NAT gateway, no route to anywhere.
	for id, r := range s.Resources {
		switch r["Type"] {
		case "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::EIP",
			"AWS::EC2::Route":
			t.Errorf("%s (%s): the private network needs no way to the internet", id,
				r["Type"])
		case "AWS::EC2::Subnet":
			if asMap(r["Properties"])["MapPublicIpOnLaunch"] != false {
				t.Errorf("subnet %s may hand out public addresses", id)
			}
		}
	}
	if len(resourcesOfType(s, "AWS::EC2::VPCEndpoint")) == 0 {
		t.Error("no VPC endpoints: the functions could not reach Secrets Manager")
	}
}

func TestAlarmsCoverTheDatabaseAndEveryFunction(t *testing.T) {
	s := loadStack(t)

	metrics := map[string]bool{}
	alarmed := map[string]bool{}
	for _, a := range resourcesOfType(s, "AWS::CloudWatch::Alarm") {
		p := asMap(a["Properties"])
		metrics[fmt.Sprint(p["Namespace"], " ", p["MetricName"])] = true
		for _, d := range asList(p["Dimensions"]) {
			if dm := asMap(d); dm["Name"] == "FunctionName" {
				alarmed[fmt.Sprint(asMap(dm["Value"])["Ref"])] = true
			}
		}
	}
	for _, m := range []string{"AWS/RDS DatabaseConnections", "AWS/RDS CPUUtilization",
		"AWS/Lambda Errors"} {
		if !metrics[m] {
			t.Errorf("no alarm on %s", m)
		}
	}
	for name := range s.Functions {
		if id := functionLogicalID(name); !alarmed[id] {
			t.Errorf("function %s (%s) has no error alarm", name, id)
		}
	}
}

func TestMigrationsRunBeforeTheFunctionsChange(t *testing.T) {
	s := loadStack(t)

	m, ok := s.Resources["MigrateOnDeploy"]
	if !ok {
		t.Fatal("no MigrateOnDeploy custom resource")
	}
	token := fmt.Sprint(asMap(asMap(m["Properties"])["ServiceToken"])["Fn::GetAtt"])
	if token != fmt.Sprint([]any{functionLogicalID("migrate"), "Arn"}) {
		t.Errorf("MigrateOnDeploy invokes %s, want the migrate function", token)
	}
	if asMap(m["Properties"])["DeployId"] == nil {
		t.Error("MigrateOnDeploy without DeployId would run on the first deploy only")
	}
	for name := range s.Functions {
		if name == "migrate" {
			continue
		}
		deps := asList(asMap(s.Extensions[functionLogicalID(name)])["DependsOn"])
		if !slices.Contains(deps, any("MigrateOnDeploy")) {
			t.Errorf("%s does not wait for the migrations", name)
		}
	}
}

// functionLogicalID is the CloudFormation id the framework gives a function:
// products_list becomes ProductsUnderscorelistLambdaFunction.
func functionLogicalID(name string) string {
	n := strings.ReplaceAll(strings.ReplaceAll(name, "-", "Dash"), "_", "Underscore")

	return strings.ToUpper(n[:1]) + n[1:] + "LambdaFunction"
}

func resourcesOfType(s stack, typ string) []map[string]any {
	var out []map[string]any
	for _, r := range s.Resources {
		if r["Type"] == typ {
			out = append(out, r)
		}
	}

	return out
}

func toInt(v any) int {
	var n int
	_, _ = fmt.Sscan(fmt.Sprint(v), &n)

	return n
}
