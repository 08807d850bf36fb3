//! HTTP API documents (OpenAPI 3 as API Gateway's HTTP API import reads it) as an `http api`: routes with `$default`, Lambda, HTTP, private and AWS service integrations, JWT and Lambda authorizers, IAM, CORS and tags.

use super::read::escape;
use super::write::{ident, is_seg, plain};
use super::Importer;
use serde_json::Value;

const METHODS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("x-amazon-apigateway-any-method", "ANY"),
];

/// AWS service integration subtypes: (subtype prefix, gwc service word).
const SERVICES: &[(&str, &str)] = &[
    ("EventBridge", "eventbridge"),
    ("SQS", "sqs"),
    ("AppConfig", "appconfig"),
    ("Kinesis", "kinesis"),
    ("StepFunctions", "step_functions"),
];

/// What an HTTP API has no place for (no request parameter declarations, models or method
/// responses): an operation's parameters, responses, body and texts only document it.
const OPERATION_DOCS: &[&str] = &["parameters", "responses", "requestBody", "summary", "description", "tags", "deprecated"];

/// `5000` ms as a gwc duration.
fn duration(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// An HTTP API identity source (`$request.header.X`) as gwc writes it (`header.X`).
fn identity(s: &str) -> Option<String> {
    let (loc, name) = if let Some(h) = s.strip_prefix("$request.header.") {
        ("header", h)
    } else if let Some(q) = s.strip_prefix("$request.querystring.") {
        ("query", q)
    } else if let Some(v) = s.strip_prefix("$stageVariables.") {
        ("stage_variables", v)
    } else if let Some(c) = s.strip_prefix("$context.") {
        ("context", c)
    } else {
        return None;
    };
    let ok = if loc == "context" {
        !name.is_empty() && name.split('.').all(|seg| !seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    } else {
        is_seg(name)
    };
    ok.then(|| format!("{loc}.{name}"))
}

/// A key of a `request_parameters` or `response` block: bare when it is an identifier.
fn key(k: &str) -> String {
    if k.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        k.to_string()
    } else {
        plain(k)
    }
}

/// An HTTP API parameter mapping key as the checker takes it: `append|overwrite|remove:header.NAME`,
/// and for requests `...:querystring.NAME` or `overwrite:path`, for responses `overwrite:statuscode`.
fn is_mapping_key(k: &str, response: bool) -> bool {
    k.split_once(':').is_some_and(|(op, target)| {
        matches!(op, "append" | "overwrite" | "remove")
            && (target.strip_prefix("header.").is_some_and(|n| !n.is_empty())
                || (!response && target.strip_prefix("querystring.").is_some_and(|n| !n.is_empty()))
                || (op == "overwrite" && target == if response { "statuscode" } else { "path" }))
    })
}

impl Importer<'_> {
    pub(super) fn import_http_api(&mut self) {
        self.mark("/info/title");
        self.mark("/x-amazon-apigateway-importexport-version");
        if let Some(d) = self.take_str("/info/description") {
            let t = self.text(&d, "/info/description");
            self.api.push(format!("description = {t}"));
        }
        self.http_api_settings();
        self.http_security_schemes();
        // Schemas and the like only document an HTTP API (it has no models).
        for k in ["schemas", "responses", "parameters", "requestBodies", "headers", "examples", "links", "callbacks"] {
            self.mark(&format!("/components/{k}"));
        }
        for path in self.keys("/paths") {
            let pptr = format!("/paths/{}", escape(&path));
            for k in self.keys(&pptr) {
                let optr = format!("{pptr}/{}", escape(&k));
                match METHODS.iter().find(|(m, _)| m.eq_ignore_ascii_case(&k)) {
                    Some((_, m)) if path == "$default" && *m == "ANY" => self.http_route(&path, "$default", &optr),
                    Some((_, m)) if path != "$default" => self.http_route(&path, m, &optr),
                    Some(_) => self.unsupported(&optr, "a `$default` path with a method other than `x-amazon-apigateway-any-method`"),
                    None if ["parameters", "summary", "description", "servers"].contains(&k.as_str()) => self.mark(&optr),
                    None => self.unsupported(&optr, format!("the path item entry `{k}`")),
                }
            }
        }
    }

    /// `disable_execute_api_endpoint` (from `servers` or the REST-style extension), `tags`, `cors`.
    fn http_api_settings(&mut self) {
        let mut disable = false;
        for i in 0..self.len("/servers") {
            let p = format!("/servers/{i}/x-amazon-apigateway-endpoint-configuration/disableExecuteApiEndpoint");
            if let Some(Value::Bool(b)) = self.take(&p) {
                disable |= b;
            }
        }
        if let Some(Value::Bool(b)) = self.take("/x-amazon-apigateway-endpoint-configuration/disableExecuteApiEndpoint") {
            disable |= b;
        }
        if disable {
            self.api.push("disable_execute_api_endpoint = true".into());
        }
        let mut tags = Vec::new();
        for i in 0..self.len("/tags") {
            let p = format!("/tags/{i}");
            let Some(v) = self.at(&format!("{p}/x-amazon-apigateway-tag-value")).and_then(Value::as_str).map(str::to_string) else {
                continue; // an OpenAPI tag: documentation only
            };
            let name = self.at(&format!("{p}/name")).and_then(Value::as_str).unwrap_or("").to_string();
            if !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                self.unsupported(&p, format!("the tag `{name}` (gwc tag keys are identifiers)"));
                continue;
            }
            let t = self.text(&v, &format!("{p}/x-amazon-apigateway-tag-value"));
            self.mark(&p);
            tags.push(format!("{name} = {t}"));
        }
        if !tags.is_empty() {
            self.api.push(format!("tags {{ {} }}", tags.join("  ")));
        }
        let c = "/x-amazon-apigateway-cors";
        let origins: Vec<String> = self
            .at(&format!("{c}/allowOrigins"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        if self.at(c).is_some() && origins.is_empty() {
            self.unsupported(c, "CORS without `allowOrigins`");
        } else if self.at(c).is_some() {
            let mut lines = Vec::new();
            let strings = |im: &mut Self, k: &str| -> Option<Vec<String>> {
                let p = format!("{c}/{k}");
                let items: Vec<String> = im.at(&p)?.as_array()?.iter().map(|v| v.as_str().map(str::to_string)).collect::<Option<_>>()?;
                im.mark(&p);
                Some(items)
            };
            for (k, word) in [("allowOrigins", "origins"), ("allowHeaders", "headers"), ("exposeHeaders", "expose_headers")] {
                if let Some(items) = strings(self, k) {
                    lines.push(format!("{word} = [{}]", items.iter().map(|s| plain(s)).collect::<Vec<_>>().join(", ")));
                }
            }
            if let Some(items) = strings(self, "allowMethods") {
                let methods: Option<Vec<String>> = items
                    .iter()
                    .map(|m| {
                        if m == "*" {
                            Some("ANY".to_string())
                        } else {
                            METHODS.iter().find(|(k, _)| k.eq_ignore_ascii_case(m)).map(|(_, w)| w.to_string())
                        }
                    })
                    .collect();
                match methods {
                    Some(ms) => lines.push(format!("methods = [{}]", ms.join(", "))),
                    None => self.unsupported(&format!("{c}/allowMethods"), "these CORS methods"),
                }
            }
            if let Some(n) = self.at(&format!("{c}/maxAge")).and_then(Value::as_u64).filter(|n| *n <= 86_400) {
                self.mark(&format!("{c}/maxAge"));
                lines.push(format!("max_age = {n}s"));
            }
            if origins.iter().any(|o| o == "*") && self.at(&format!("{c}/allowCredentials")) == Some(&Value::Bool(true)) {
                self.unsupported(&format!("{c}/allowCredentials"), "CORS credentials for every origin (browsers refuse them)");
            } else if let Some(Value::Bool(b)) = self.take(&format!("{c}/allowCredentials")) {
                if b {
                    lines.push("credentials = true".into());
                }
            }
            self.api.push(String::new());
            self.api.push("cors {".into());
            self.api.extend(lines.into_iter().map(|l| format!("  {l}")));
            self.api.push("}".into());
        }
    }

    /// Security schemes: JWT and Lambda authorizers, and SigV4 (IAM).
    fn http_security_schemes(&mut self) {
        let base = "/components/securitySchemes";
        for scheme in self.keys(base) {
            let p = format!("{base}/{}", escape(&scheme));
            let x = format!("{p}/x-amazon-apigateway-authorizer");
            let authtype = self.at(&format!("{p}/x-amazon-apigateway-authtype")).and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
            if self.at(&x).is_none() {
                if authtype == "awssigv4" {
                    self.mark(&p);
                    self.iam_schemes.push(scheme);
                } else {
                    self.unsupported(
                        &p,
                        format!("the security scheme `{scheme}` (HTTP APIs authorize with IAM, JWT or Lambda authorizers)"),
                    );
                }
                continue;
            }
            let ty = self.at(&format!("{x}/type")).and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
            let name = {
                let mut n = ident(&super::write::snake(&scheme));
                while self.authorizers.values().any(|a| *a == n) || self.decls.contains_key(&n) || n == "none" || n == "iam" {
                    n.push('_');
                }
                n
            };
            self.pending_authorizer = Some(name.clone());
            let mut props = Vec::new();
            let ids: Vec<String> = self
                .at(&format!("{x}/identitySource"))
                .and_then(Value::as_str)
                .map(|s| s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect())
                .unwrap_or_default();
            let mut items = Vec::new();
            let mut bad = None;
            for s in &ids {
                match identity(s) {
                    Some(i) => items.push(i),
                    None => bad = bad.or(Some(s.clone())),
                }
            }
            if let Some(s) = bad {
                // Reported: the authorizer goes with it.
                self.unsupported(&format!("{x}/identitySource"), format!("the identity source `{s}`"));
                self.mark(&p);
                continue;
            }
            self.mark(&format!("{x}/identitySource"));
            let kind = match ty.as_str() {
                "jwt" => {
                    let jc = format!("{x}/jwtConfiguration");
                    let Some(issuer) = self.take_str(&format!("{jc}/issuer")) else {
                        self.unsupported(&p, format!("the JWT authorizer `{scheme}` without `jwtConfiguration.issuer`"));
                        continue;
                    };
                    let issuer = self.text(&issuer, &format!("{jc}/issuer"));
                    props.push(format!("issuer = {issuer}"));
                    let aud: Vec<String> = match self.at(&format!("{jc}/audience")) {
                        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
                        Some(Value::String(s)) => vec![s.clone()],
                        _ => Vec::new(),
                    };
                    if aud.is_empty() {
                        self.unsupported(&p, format!("the JWT authorizer `{scheme}` without `jwtConfiguration.audience`"));
                        continue;
                    }
                    self.mark(&format!("{jc}/audience"));
                    let aud: Vec<String> = aud.iter().map(|a| self.text(a, &format!("{jc}/audience"))).collect();
                    props.push(format!("audiences = [{}]", aud.join(", ")));
                    match items.as_slice() {
                        [] => {}
                        [one] if one == "header.Authorization" => {}
                        [one] if one.starts_with("header.") => props.push(format!("identity = {one}")),
                        _ => {
                            self.unsupported(&format!("{x}/identitySource"), "this JWT identity source (one header)");
                            self.mark(&p);
                            continue;
                        }
                    }
                    // The scheme's OAuth 2 or OpenID Connect fields only document the flows.
                    for k in ["type", "flows", "openIdConnectUrl", "name", "in"] {
                        self.mark(&format!("{p}/{k}"));
                    }
                    "jwt"
                }
                "request" => {
                    let uri = self.at(&format!("{x}/authorizerUri")).and_then(Value::as_str).unwrap_or("").to_string();
                    let Some(arn) = super::integrations::lambda_arn_of(&uri) else {
                        self.unsupported(&p, format!("the authorizer `{scheme}` without a Lambda `authorizerUri`"));
                        continue;
                    };
                    let f = self.function(&arn, &format!("{x}/authorizerUri"));
                    self.mark(&format!("{x}/authorizerUri"));
                    props.push(format!("function = {f}"));
                    if !items.is_empty() {
                        props.push(format!("identity = [{}]", items.join(", ")));
                    }
                    let v1 = self.at(&format!("{x}/authorizerPayloadFormatVersion")).and_then(Value::as_str) == Some("1.0");
                    match self.take_str(&format!("{x}/authorizerPayloadFormatVersion")).as_deref() {
                        Some("1.0") => props.push("payload = \"1.0\"".into()),
                        Some("2.0") | None => {}
                        Some(v) => {
                            self.unsupported(&format!("{x}/authorizerPayloadFormatVersion"), format!("the payload format version `{v}`"))
                        }
                    }
                    if let (Some(Value::Bool(true)), true) = (self.at(&format!("{x}/enableSimpleResponses")), v1) {
                        self.unsupported(&format!("{x}/enableSimpleResponses"), "simple responses with payload format 1.0 (they need 2.0)");
                    } else if let Some(Value::Bool(b)) = self.take(&format!("{x}/enableSimpleResponses")) {
                        if b {
                            props.push("simple_responses = true".into());
                        }
                    }
                    if let Some(ttl) = self.at(&format!("{x}/authorizerResultTtlInSeconds")).and_then(Value::as_u64) {
                        if ttl <= 3600 {
                            self.mark(&format!("{x}/authorizerResultTtlInSeconds"));
                            props.push(format!("ttl = {ttl}s"));
                        }
                    }
                    if let Some(c) = self.take_str(&format!("{x}/authorizerCredentials")) {
                        let r = self.role(&c, &format!("{x}/authorizerCredentials"));
                        props.push(format!("role = {r}"));
                    }
                    // The scheme's own fields restate the first identity header.
                    for k in ["type", "name", "in"] {
                        self.mark(&format!("{p}/{k}"));
                    }
                    "request"
                }
                other => {
                    self.unsupported(&format!("{x}/type"), format!("the HTTP API authorizer type `{other}` (`jwt` or `request`)"));
                    continue;
                }
            };
            self.mark(&format!("{x}/type"));
            self.authorizers.insert(scheme.clone(), name.clone());
            self.api.push(String::new());
            self.api.push(format!("authorizer {name}: {kind} {{"));
            self.api.extend(props.into_iter().map(|l| format!("  {l}")));
            self.api.push("}".into());
        }
        self.pending_authorizer = None;
    }

    /// One route: `METHOD /path { }` or `route $default { }` (method `$default`).
    fn http_route(&mut self, path: &str, method: &str, optr: &str) {
        if method != "$default" && !super::operations::valid_path(path) {
            self.unsupported(optr, format!("the path `{path}` (gwc paths are `/literal` and `/{{variable}}` segments)"));
            return;
        }
        let mut iptr = format!("{optr}/x-amazon-apigateway-integration");
        if self.at(&iptr).is_none() {
            self.unsupported(optr, format!("`{method} {path}` without `x-amazon-apigateway-integration`"));
            return;
        }
        // An integration shared through `components/x-amazon-apigateway-integrations`.
        if let Some(r) = self.at(&format!("{iptr}/$ref")).and_then(Value::as_str).map(str::to_string) {
            match r.strip_prefix('#').filter(|t| self.at(t).is_some()) {
                Some(target) => {
                    self.mark(&format!("{iptr}/$ref"));
                    iptr = target.to_string();
                }
                None => {
                    self.bad_ref(&format!("{iptr}/$ref"), &r);
                    return;
                }
            }
        }
        if method == "$default" {
            self.mark(&format!("{optr}/isDefaultRoute"));
        }
        let mut lines = Vec::new();
        if let Some(id) = self.take_str(&format!("{optr}/operationId")) {
            lines.push(format!("operation_name = {}", plain(&id)));
        }
        for k in OPERATION_DOCS {
            self.mark(&format!("{optr}/{k}"));
        }
        lines.extend(self.security(optr));
        let route_method = if method == "$default" { "ANY" } else { method };
        let Some(integration) = self.http_integration(&iptr, route_method) else {
            // Reported: the rest of the integration goes with it.
            self.mark(&iptr);
            return;
        };
        lines.extend(integration);
        self.api.push(String::new());
        if method == "$default" {
            self.api.push("route $default {".into());
        } else {
            self.api.push(format!("{method} {path} {{"));
        }
        self.api.extend(lines.into_iter().map(|l| format!("  {l}")));
        self.api.push("}".into());
    }

    /// The route's `integration` lines.
    fn http_integration(&mut self, p: &str, route_method: &str) -> Option<Vec<String>> {
        let ty = self.at(&format!("{p}/type")).and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
        let payload = self.at(&format!("{p}/payloadFormatVersion")).and_then(Value::as_str).map(str::to_string);
        let mut props: Vec<(String, String)> = Vec::new();
        let mut call: Option<String> = None;
        // The parameters an AWS service integration requires and allows.
        let mut subtype_params: Option<(&[&str], &[&str])> = None;
        let word = match ty.as_str() {
            "aws_proxy" if self.at(&format!("{p}/integrationSubtype")).is_some() => {
                let sub = self.at(&format!("{p}/integrationSubtype")).and_then(Value::as_str).unwrap_or("").to_string();
                let found = sub.split_once('-').and_then(|(svc, action)| {
                    SERVICES.iter().find(|(prefix, _)| prefix.eq_ignore_ascii_case(svc)).map(|(_, w)| (w.to_string(), action.to_string()))
                });
                let known = found.as_ref().and_then(|(service, action)| {
                    crate::check::SUBTYPES.iter().find(|s| s.0 == service && s.2 == action).map(|s| (s.3, s.4))
                });
                let (Some((service, action)), Some(params)) = (found, known) else {
                    self.unsupported(&format!("{p}/integrationSubtype"), format!("the integration subtype `{sub}`"));
                    return None;
                };
                let given: Vec<String> = self.keys(&format!("{p}/requestParameters"));
                let missing: Vec<&str> = params.0.iter().copied().filter(|r| !given.iter().any(|g| g == r)).collect();
                if !missing.is_empty() {
                    self.unsupported(p, format!("the `{sub}` integration without the request parameters {}", missing.join(", ")));
                    return None;
                }
                subtype_params = Some(params);
                if self.at(&format!("{p}/credentials")).and_then(Value::as_str).is_none() {
                    self.unsupported(
                        p,
                        format!("the `{sub}` integration without `credentials` (gwc's AWS service integrations take a role)"),
                    );
                    return None;
                }
                self.mark(&format!("{p}/integrationSubtype"));
                if payload.as_deref().is_none_or(|v| v == "1.0") {
                    self.mark(&format!("{p}/payloadFormatVersion"));
                }
                props.push(("service".into(), service));
                props.push(("action".into(), plain(&action)));
                "aws"
            }
            "aws_proxy" => {
                let uri = self.at(&format!("{p}/uri")).and_then(Value::as_str).unwrap_or("").to_string();
                let Some(arn) = super::integrations::lambda_arn_of(&uri) else {
                    self.unsupported(&format!("{p}/uri"), "an `aws_proxy` integration that is not a Lambda function invocation");
                    return None;
                };
                let f = self.function(&arn, &format!("{p}/uri"));
                self.mark(&format!("{p}/uri"));
                if self.at(&format!("{p}/httpMethod")).and_then(Value::as_str).is_none_or(|m| m.eq_ignore_ascii_case("POST")) {
                    self.mark(&format!("{p}/httpMethod"));
                }
                props.push(("function".into(), f));
                // API Gateway takes 1.0 when an HTTP API integration does not say.
                match payload.as_deref() {
                    Some("2.0") => self.mark(&format!("{p}/payloadFormatVersion")),
                    Some("1.0") | None => {
                        self.mark(&format!("{p}/payloadFormatVersion"));
                        props.push(("payload".into(), "\"1.0\"".into()));
                    }
                    Some(_) => {}
                }
                "lambda_proxy"
            }
            "http_proxy" => {
                let uri = self.take_str(&format!("{p}/uri")).unwrap_or_default();
                let uri = self.text(&uri, &format!("{p}/uri"));
                if payload.as_deref().is_none_or(|v| v == "1.0") {
                    self.mark(&format!("{p}/payloadFormatVersion"));
                }
                let private =
                    self.at(&format!("{p}/connectionType")).and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case("VPC_LINK"));
                if private {
                    let id = self.at(&format!("{p}/connectionId")).and_then(Value::as_str).unwrap_or("").to_string();
                    let Some(pascal) = id.strip_prefix("${").and_then(|s| s.strip_suffix("VpcLink}")).filter(|s| {
                        s.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
                    }) else {
                        self.unsupported(
                            &format!("{p}/connectionId"),
                            format!("the VPC link `{id}` (gwc declares the VPC links it uses; it imports `${{NameVpcLink}}` placeholders)"),
                        );
                        return None;
                    };
                    let link = self.http_vpc_link(pascal);
                    self.mark(&format!("{p}/connectionType"));
                    self.mark(&format!("{p}/connectionId"));
                    props.push(("vpc_link".into(), link));
                    props.push(("target".into(), uri));
                    if let Some(s) = self.take_str(&format!("{p}/tlsConfig/serverNameToVerify")) {
                        props.push(("tls_server_name".into(), plain(&s)));
                    }
                } else if uri.starts_with("\"https://") || uri.starts_with("\"http://") {
                    props.push(("url".into(), uri));
                } else {
                    self.unsupported(&format!("{p}/uri"), "an HTTP integration without an `http://` or `https://` uri");
                    return None;
                }
                let m = self.at(&format!("{p}/httpMethod")).and_then(Value::as_str).unwrap_or(route_method).to_ascii_uppercase();
                match METHODS.iter().find(|(_, w)| *w == m) {
                    Some(_) => {
                        self.mark(&format!("{p}/httpMethod"));
                        if m != route_method {
                            props.push(("method".into(), m));
                        }
                    }
                    None => self.unsupported(&format!("{p}/httpMethod"), format!("the HTTP method `{m}`")),
                }
                "http_proxy"
            }
            other => {
                self.unsupported(
                    &format!("{p}/type"),
                    format!("an HTTP API integration of type `{other}` (HTTP APIs have `aws_proxy` and `http_proxy` integrations)"),
                );
                return None;
            }
        };
        self.mark(&format!("{p}/type"));
        if self.at(&format!("{p}/connectionType")).and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case("INTERNET")) {
            self.mark(&format!("{p}/connectionType"));
        }
        if let Some(ms) = self.at(&format!("{p}/timeoutInMillis")).and_then(Value::as_u64).filter(|ms| (50..=30_000).contains(ms)) {
            self.mark(&format!("{p}/timeoutInMillis"));
            props.push(("timeout".into(), duration(ms)));
        }
        if let Some(c) = self.take_str(&format!("{p}/credentials")) {
            let r = self.role(&c, &format!("{p}/credentials"));
            props.push(("role".into(), r));
        }
        let mut blocks = Vec::new();
        let rp = format!("{p}/requestParameters");
        if word != "lambda_proxy" && self.at(&rp).is_some() {
            let mut items = Vec::new();
            for k in self.keys(&rp) {
                let kp = format!("{rp}/{}", escape(&k));
                let known = match subtype_params {
                    Some((required, optional)) => required.contains(&k.as_str()) || optional.contains(&k.as_str()),
                    None => is_mapping_key(&k, false),
                };
                match self.at(&kp).and_then(Value::as_str).map(str::to_string).filter(|_| known) {
                    Some(v) => {
                        let t = self.text(&v, &kp);
                        self.mark(&kp);
                        items.push(format!("{} = {t}", key(&k)));
                    }
                    None => self.unsupported(&kp, format!("the request parameter `{k}`")),
                }
            }
            blocks.push(format!("request_parameters {{ {} }}", items.join("  ")));
        }
        let sp = format!("{p}/responseParameters");
        if word == "http_proxy" {
            for status in self.keys(&sp) {
                let stp = format!("{sp}/{}", escape(&status));
                if !status.parse::<u16>().is_ok_and(|s| (100..=599).contains(&s) && s.to_string() == status) {
                    self.unsupported(&stp, format!("response parameters for `{status}` (gwc keys them by status code)"));
                    continue;
                }
                let mut items = Vec::new();
                for k in self.keys(&stp) {
                    let kp = format!("{stp}/{}", escape(&k));
                    match self.at(&kp).and_then(Value::as_str).map(str::to_string).filter(|_| is_mapping_key(&k, true)) {
                        Some(v) => {
                            let t = self.text(&v, &kp);
                            self.mark(&kp);
                            items.push(format!("{} = {t}", key(&k)));
                        }
                        None => self.unsupported(&kp, format!("the response parameter `{k}`")),
                    }
                }
                blocks.push(format!("response {status} {{ {} }}", items.join("  ")));
            }
        }
        // The call form when it says everything, else the block form.
        let simple = blocks.is_empty() && props.first().is_some_and(|(k, _)| k == "function" || k == "url");
        if simple {
            let mut args = vec![props[0].1.clone()];
            args.extend(props[1..].iter().map(|(k, v)| format!("{k}: {v}")));
            call = Some(format!("integration = {word}({})", args.join(", ")));
        }
        Some(match call {
            Some(c) => vec![c],
            None => {
                let mut out = vec![format!("integration {word} {{")];
                out.extend(props.iter().map(|(k, v)| format!("  {k} = {v}")));
                out.extend(blocks.iter().map(|b| format!("  {b}")));
                out.push("}".into());
                out
            }
        })
    }

    /// The HTTP API `vpc_link` whose logical ID in gwc's templates is `<Pascal>VpcLink`,
    /// declared with parameters for its subnet and security group (OpenAPI does not say which).
    fn http_vpc_link(&mut self, pascal_name: &str) -> String {
        if let Some(n) = self.vpc_links.get(pascal_name) {
            return n.clone();
        }
        let name = super::write::snake(pascal_name);
        let subnet = self.fresh(&format!("{name}_subnet"));
        self.decls.insert(subnet.clone(), format!("param {subnet}: string"));
        let group = self.fresh(&format!("{name}_security_group"));
        self.decls.insert(group.clone(), format!("param {group}: string"));
        self.api.push(String::new());
        self.api.push("// OpenAPI does not say where the VPC link is: set its subnets and security groups.".into());
        self.api.push(format!("vpc_link {name} {{ subnets = [{subnet}]  security_groups = [{group}] }}"));
        self.vpc_links.insert(pascal_name.to_string(), name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_sources_and_durations() {
        assert_eq!(identity("$request.header.X-Key").as_deref(), Some("header.X-Key"));
        assert_eq!(identity("$request.querystring.token").as_deref(), Some("query.token"));
        assert_eq!(identity("$stageVariables.env").as_deref(), Some("stage_variables.env"));
        assert_eq!(identity("$context.identity.sourceIp").as_deref(), Some("context.identity.sourceIp"));
        assert_eq!(identity("$request.body.x"), None);
        assert_eq!(identity("$context."), None);
        assert_eq!(duration(30_000), "30s");
        assert_eq!(duration(1_500), "1500ms");
        assert_eq!(key("QueueUrl"), "QueueUrl");
        assert_eq!(key("overwrite:path"), "\"overwrite:path\"");
    }
}
