//! Checks `cors { ... }` and lowers it for a REST API into the Model itself: an OPTIONS preflight
//! per path (MOCK, never authorized, never needing a key), the headers on non-proxy responses,
//! and DEFAULT_4XX/DEFAULT_5XX gateway responses that carry them, so every target gets it right.

use super::props::Props;
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{
    Api, ApiKeySource, Auth, AuthorizerKind, Cors, GatewayResponse, Generated, IdentitySource, Integration, IntegrationKind,
    IntegrationResponse, MappingValue, Method, MethodResponse, Path, Route, RouteKey,
};
use indexmap::IndexMap;

/// The headers API Gateway's console allows by default.
const DEFAULT_HEADERS: &[&str] = &["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token"];
const ALL_METHODS: &[Method] = &[Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE, Method::HEAD];

impl<'w> Cx<'w> {
    /// `cors { origins = [...]  methods  headers  expose_headers  max_age  credentials }`
    pub(crate) fn cors(&mut self, props: &mut Props<'w>) -> Option<Cors> {
        let (b, env) = props.block(self, "cors")?;
        let mut p = Props::of_body(&b.body, &env, "cors");
        let origins_v = p.get(self, "origins");
        let origins: Vec<String> =
            origins_v.as_ref().map(|v| self.list(v).iter().filter_map(|o| self.literal(o)).collect()).unwrap_or_default();
        let methods = match p.get(self, "methods") {
            Some(v) => self
                .list(&v)
                .iter()
                .filter_map(|m| {
                    self.option(m, "HTTP method", &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]).and_then(Method::parse)
                })
                .collect(),
            None => Vec::new(),
        };
        let headers_v = p.get(self, "headers");
        let headers = match &headers_v {
            Some(v) => self.list(v).iter().filter_map(|h| self.literal(h)).collect(),
            None => DEFAULT_HEADERS.iter().map(|s| s.to_string()).collect(),
        };
        let expose_headers =
            p.get(self, "expose_headers").map(|v| self.list(&v).iter().filter_map(|h| self.literal(h)).collect()).unwrap_or_default();
        let max_age_seconds = p.get(self, "max_age").and_then(|v| self.seconds(&v, "CORS max age", 0, 86_400));
        let credentials_v = p.get(self, "credentials");
        let credentials = credentials_v.as_ref().and_then(|v| self.boolean(v)).unwrap_or(false);
        p.finish(self);
        let Some(ov) = origins_v else {
            let d = Diagnostic::error("E0206", b.kind.span, "`cors` needs `origins`")
                .label("no origins")
                .help("add `origins = [\"https://app.example.com\"]`");
            self.diags.push(d);
            return None;
        };
        if origins.len() > 1 {
            let d = Diagnostic::error("E0422", ov.span, "a REST API's CORS allows one origin")
                .label(format!("{} origins", origins.len()))
                .help("REST APIs answer preflights from a MOCK integration with fixed headers: list the one origin of your web app (or \"*\"), and let the backend answer with the caller's origin if you need several");
            self.diags.push(d);
            return None;
        }
        if let (Some(cv), true, true) = (&credentials_v, credentials, origins.iter().any(|o| o == "*")) {
            let d = Diagnostic::error("E0420", cv.span, "CORS credentials cannot be allowed for every origin")
                .label("credentials with origin \"*\"")
                .with_secondary(ov.span, "wildcard origin")
                .help("browsers refuse credentialed responses with `Access-Control-Allow-Origin: *`: name the origin, e.g. `origins = [\"https://app.example.com\"]`");
            self.diags.push(d);
            return None;
        }
        if origins.is_empty() {
            self.type_error(&ov, "a list with one origin");
            return None;
        }
        let span = headers_v.map(|v| v.span).unwrap_or(b.kind.span);
        Some(Cors { origins, methods, headers, expose_headers, max_age_seconds, credentials, span })
    }

    /// Warns when a header the API's auth reads is not an allowed CORS header: browsers would not
    /// send it, and every call would fail authorization.
    fn cors_auth_headers(&mut self, api: &Api, cors: &Cors) {
        let allowed = |h: &str| cors.headers.iter().any(|a| a.eq_ignore_ascii_case(h) || a == "*");
        let mut needed: Vec<(String, String)> = Vec::new();
        for r in &api.routes {
            if let Auth::Authorizer { name, .. } = &r.auth {
                if let Some(a) = api.authorizers.iter().find(|a| &a.name == name) {
                    let headers: Vec<String> = match &a.kind {
                        AuthorizerKind::Token { header, .. } | AuthorizerKind::Cognito { header, .. } => vec![header.clone()],
                        AuthorizerKind::Request { identity, .. } | AuthorizerKind::Jwt { identity, .. } => {
                            identity.iter().filter_map(|i| if let IdentitySource::Header(h) = i { Some(h.clone()) } else { None }).collect()
                        }
                    };
                    needed.extend(headers.into_iter().map(|h| (h, format!("authorizer `{name}`"))));
                }
            }
            if r.auth == Auth::Iam {
                needed.extend(
                    ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"].map(|h| (h.to_string(), "IAM (SigV4) auth".to_string())),
                );
            }
            if r.api_key_required && api.api_key_source != Some(ApiKeySource::Authorizer) {
                needed.push(("X-Api-Key".to_string(), "API keys".to_string()));
            }
        }
        let mut seen: Vec<String> = Vec::new();
        for (h, why) in needed {
            if allowed(&h) || seen.iter().any(|s| s.eq_ignore_ascii_case(&h)) {
                continue;
            }
            seen.push(h.clone());
            let d = Diagnostic::warning("E0421", cors.span, format!("CORS does not allow the `{h}` header, which {why} reads"))
                .label(format!("`{h}` missing"))
                .help(format!("add \"{h}\" to `headers`, or browsers will not send it and calls will fail authorization"));
            self.diags.push(d);
        }
    }

    /// Lowers CORS into preflight routes, response headers and gateway responses.
    pub(crate) fn apply_cors(&mut self, api: &mut Api) {
        let Some(cors) = api.cors.clone() else { return };
        self.cors_auth_headers(api, &cors);
        let origin = cors.origins[0].clone();
        // Headers every actual response carries.
        let mut common: IndexMap<String, String> = IndexMap::new();
        common.insert("Access-Control-Allow-Origin".into(), origin.clone());
        if cors.credentials {
            common.insert("Access-Control-Allow-Credentials".into(), "true".into());
        }
        if !cors.expose_headers.is_empty() {
            common.insert("Access-Control-Expose-Headers".into(), cors.expose_headers.join(","));
        }
        let mut paths: IndexMap<Path, Vec<Method>> = IndexMap::new();
        for r in &api.routes {
            let RouteKey::Http { method, path } = &r.key else {
                continue;
            };
            let methods = paths.entry(path.clone()).or_default();
            if *method == Method::ANY {
                methods.extend(ALL_METHODS);
            } else {
                methods.push(*method);
            }
        }
        for (path, methods) in paths {
            if let Some(own) =
                api.routes.iter().find(|r| matches!(&r.key, RouteKey::Http { method: Method::OPTIONS, path: p } if *p == path))
            {
                let d = Diagnostic::error("E0423", own.span, format!("`OPTIONS {}` is generated by `cors`", path.text()))
                    .label("declared here too")
                    .with_secondary(cors.span, "CORS is on for the whole API")
                    .help("remove this route: gwc generates the preflight (MOCK, no authorization, no API key) for every path");
                self.diags.push(d);
                continue;
            }
            let mut allow: Vec<Method> = if cors.methods.is_empty() { methods } else { cors.methods.clone() };
            allow.push(Method::OPTIONS);
            allow.sort();
            allow.dedup();
            let mut headers: IndexMap<String, MappingValue> = IndexMap::new();
            headers.insert("Access-Control-Allow-Headers".into(), MappingValue::Static(cors.headers.join(",")));
            headers.insert(
                "Access-Control-Allow-Methods".into(),
                MappingValue::Static(allow.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(",")),
            );
            for (k, v) in &common {
                if k != "Access-Control-Expose-Headers" {
                    headers.insert(k.clone(), MappingValue::Static(v.clone()));
                }
            }
            if let Some(age) = cors.max_age_seconds {
                headers.insert("Access-Control-Max-Age".into(), MappingValue::Static(age.to_string()));
            }
            let mut templates = IndexMap::new();
            templates.insert("application/json".to_string(), "{\"statusCode\": 204}".to_string());
            let response =
                IntegrationResponse { status: 204, pattern: None, headers: headers.clone(), templates: IndexMap::new(), span: cors.span };
            let integration = Integration {
                kind: IntegrationKind::Mock,
                timeout_ms: None,
                request_parameters: IndexMap::new(),
                request_templates: templates,
                passthrough: None,
                responses: vec![response],
                credentials: None,
                vpc_link: None,
                v2: None,
                span: cors.span,
            };
            api.routes.push(Route {
                key: RouteKey::Http { method: Method::OPTIONS, path },
                operation_name: None,
                params: Vec::new(),
                auth: Auth::None { explicit: true },
                api_key_required: false,
                integration,
                responses: vec![MethodResponse {
                    status: 204,
                    headers: headers.keys().cloned().collect(),
                    models: IndexMap::new(),
                    span: cors.span,
                }],
                throttle: None,
                body: None,
                validator: None,
                cache: None,
                generated: Some(Generated::CorsPreflight),
                v2: None,
                span: cors.span,
            });
        }
        // Non-proxy integrations answer through mappings: each response gets the headers.
        for r in api.routes.iter_mut().filter(|r| r.generated.is_none() && !r.integration.kind.is_proxy()) {
            for ir in &mut r.integration.responses {
                for (k, v) in &common {
                    ir.headers.entry(k.clone()).or_insert_with(|| MappingValue::Static(v.clone()));
                }
            }
            for m in &mut r.responses {
                for k in common.keys() {
                    if !m.headers.contains(k) {
                        m.headers.push(k.clone());
                    }
                }
            }
        }
        // API Gateway's own errors (authorizer denials, throttling, missing routes) need the
        // headers too, or browsers report them as CORS failures.
        for kind in ["DEFAULT_4XX", "DEFAULT_5XX"] {
            if !api.gateway_responses.iter().any(|g| g.kind == kind) {
                api.gateway_responses.push(GatewayResponse {
                    kind: kind.into(),
                    status: None,
                    headers: IndexMap::new(),
                    templates: IndexMap::new(),
                    span: cors.span,
                });
            }
            if let Some(g) = api.gateway_responses.iter_mut().find(|g| g.kind == kind) {
                for (k, v) in &common {
                    g.headers.entry(k.clone()).or_insert_with(|| MappingValue::Static(v.clone()));
                }
                g.headers.entry("Access-Control-Allow-Headers".into()).or_insert_with(|| MappingValue::Static(cors.headers.join(",")));
            }
        }
        api.gateway_responses.sort_by(|a, b| a.kind.cmp(&b.kind));
    }
}
