//! The API: document-level extensions, and each path operation as a route with its parameters,
//! auth, body, validation, cache keys, method responses and documentation ([`super::docs`]).

use super::read::escape;
use super::write::{ident, plain, raw_or_plain};
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

/// What a route's integration answers by itself: (status, headers) per integration response.
pub(super) type Derived = Vec<(u16, Vec<String>)>;

impl Importer<'_> {
    pub(super) fn import_api(&mut self) {
        self.mark("/info/title");
        if let Some(d) = self.take_str("/info/description") {
            let t = self.text(&d, "/info/description");
            self.api.push(format!("description = {t}"));
        }
        self.api_extensions();
        self.import_models();
        self.import_security_schemes();
        self.import_validators();
        let docs = self.documentation();
        for path in self.keys("/paths") {
            let pptr = format!("/paths/{}", escape(&path));
            for key in self.keys(&pptr) {
                let optr = format!("{pptr}/{}", escape(&key));
                match METHODS.iter().find(|(k, _)| k.eq_ignore_ascii_case(&key)) {
                    Some((_, m)) => {
                        let doc = docs.get(&(path.clone(), m.to_string())).cloned().unwrap_or_default();
                        self.route(&path, m, &optr, &pptr, doc);
                    }
                    None if key == "parameters" || key == "summary" || key == "description" || key == "servers" => {}
                    None => self.unsupported(&optr, format!("the path item entry `{key}`")),
                }
            }
            self.mark(&format!("{pptr}/parameters"));
        }
        self.gateway_responses();
    }

    /// Binary media types, compression, API key source, endpoint configuration, policy.
    fn api_extensions(&mut self) {
        if let Some(Value::Array(types)) = self.take("/x-amazon-apigateway-binary-media-types") {
            let items: Vec<String> = types.iter().filter_map(Value::as_str).map(plain).collect();
            self.api.push(format!("binary_media_types = [{}]", items.join(", ")));
        }
        if let Some(n) = self.at("/x-amazon-apigateway-minimum-compression-size").and_then(Value::as_u64) {
            self.mark("/x-amazon-apigateway-minimum-compression-size");
            self.api.push(format!("minimum_compression = {n}B"));
        }
        if let Some(src) = self.take_str("/x-amazon-apigateway-api-key-source") {
            match src.to_ascii_uppercase().as_str() {
                "HEADER" => self.api.push("api_key_source = header".into()),
                "AUTHORIZER" => self.api.push("api_key_source = authorizer".into()),
                _ => self.unsupported("/x-amazon-apigateway-api-key-source", format!("the API key source `{src}`")),
            }
        }
        // OpenAPI 3 puts the endpoint configuration in a Server object; Swagger 2 (and older
        // OpenAPI 3 documents) at the root.
        let mut eps: Vec<String> =
            (0..self.len("/servers")).map(|i| format!("/servers/{i}/x-amazon-apigateway-endpoint-configuration")).collect();
        eps.push("/x-amazon-apigateway-endpoint-configuration".into());
        let (mut vpce, mut items, mut private, mut disable): (Vec<String>, Vec<String>, bool, bool) =
            (Vec::new(), Vec::new(), false, false);
        for ep in &eps {
            if let Some(Value::Array(ids)) = self.take(&format!("{ep}/vpcEndpointIds")) {
                private = true;
                for (i, id) in ids.iter().enumerate() {
                    match id.as_str() {
                        Some(s) if !vpce.iter().any(|v| v == s) => {
                            vpce.push(s.to_string());
                            items.push(self.text(s, &format!("{ep}/vpcEndpointIds")));
                        }
                        Some(_) => {}
                        None => self.unsupported(&format!("{ep}/vpcEndpointIds/{i}"), "a VPC endpoint ID that is not a string"),
                    }
                }
            }
            if let Some(Value::Bool(b)) = self.take(&format!("{ep}/disableExecuteApiEndpoint")) {
                disable |= b;
            }
        }
        if private {
            self.api.push("endpoint = private".into());
            self.api.push(format!("vpc_endpoints = [{}]", items.join(", ")));
        }
        if disable {
            self.api.push("disable_execute_api_endpoint = true".into());
        }
        self.policy(&vpce);
    }

    fn route(&mut self, path: &str, method: &str, optr: &str, pptr: &str, docs: super::docs::RouteDocs) {
        if !valid_path(path) {
            self.unsupported(optr, format!("the path `{path}` (gwc paths are `/literal` and `/{{variable}}` segments)"));
            return;
        }
        let iptr = format!("{optr}/x-amazon-apigateway-integration");
        if self.at(&iptr).is_none() {
            self.unsupported(optr, format!("`{method} {path}` without `x-amazon-apigateway-integration`"));
            return;
        }
        let mut lines: Vec<String> = Vec::new();
        if let Some(id) = self.take_str(&format!("{optr}/operationId")) {
            lines.push(format!("operation_name = {}", plain(&id)));
        }
        let mut documented: Vec<(String, String)> = docs.props.clone();
        if let Some(p) = &docs.props_ptr {
            self.mark(p);
        }
        for k in ["summary", "description"] {
            if let Some(v) = self.at(&format!("{optr}/{k}")).and_then(Value::as_str).map(str::to_string) {
                self.mark(&format!("{optr}/{k}"));
                if !documented.iter().any(|(dk, _)| dk == k) {
                    documented.push((k.to_string(), v));
                }
            }
        }
        documented.sort_by_key(|(k, _)| if k == "summary" { 0 } else { 1 });
        for (k, v) in &documented {
            lines.push(format!("{k} = {}", plain(v)));
        }
        lines.extend(self.security(optr));
        // Request parameters: the path item's, then the operation's (which override them).
        let mut declared: Vec<(String, String, bool)> = Vec::new();
        let mut body: Option<(String, String)> = None;
        for list in [format!("{pptr}/parameters"), format!("{optr}/parameters")] {
            for i in 0..self.len(&list) {
                let p = format!("{list}/{i}");
                self.parameter(&p, path, &mut declared, &mut body, &mut lines);
            }
        }
        if let Some((model, ct)) = self.request_body(optr).or(body) {
            let default_ct = self.models.get(&format!("#ct:{model}")).cloned().unwrap_or_else(|| "application/json".into());
            if ct == default_ct {
                lines.push(format!("body: {model}"));
            } else {
                lines.push(format!("body: {model} {{ content_type = {} }}", plain(&ct)));
            }
            self.has_body = true;
        }
        let Some((integration, derived, sources)) = self.integration(&iptr, method, path) else {
            self.has_body = false;
            return;
        };
        // What mappings and templates read must be declared: as optional parameters (a read of
        // any location, `$input.params('x')`, as a query parameter) unless the path has it.
        for (loc, name) in sources {
            let in_path = path.contains(&format!("{{{name}}}")) || path.contains(&format!("{{{name}+}}"));
            let known = declared.iter().any(|(l, n, _)| {
                (*l == loc || loc == "any") && (n == &name || ((loc == "header" || l == "header") && n.eq_ignore_ascii_case(&name)))
            });
            // A path read is declared by the path, or cannot be declared at all.
            if known || loc == "path" || (loc == "any" && in_path) || !super::write::is_seg(&name) {
                continue;
            }
            let loc = if loc == "any" { "query".to_string() } else { loc };
            lines.push(format!("{loc} {name}?"));
            declared.push((loc, name, false));
        }
        self.validation(optr, declared.iter().any(|(_, _, r)| *r), &mut lines);
        self.cache_keys(&iptr, &declared, &mut lines);
        lines.extend(self.parameter_docs(&docs.params, path, &declared));
        lines.extend(self.method_responses(optr, &derived, &docs.responses));
        lines.extend(integration);
        self.api.push(String::new());
        self.api.push(format!("{method} {path} {{"));
        for l in lines {
            self.api.push(format!("  {l}"));
        }
        self.api.push("}".into());
    }

    /// One entry of `parameters` (path ones are implied by the path).
    fn parameter(
        &mut self,
        p: &str,
        path: &str,
        declared: &mut Vec<(String, String, bool)>,
        body: &mut Option<(String, String)>,
        lines: &mut Vec<String>,
    ) {
        let Some(p) = self.deref(p) else { return };
        let name = self.at(&format!("{p}/name")).and_then(Value::as_str).unwrap_or("").to_string();
        let loc = self.at(&format!("{p}/in")).and_then(Value::as_str).unwrap_or("").to_string();
        let required = self.at(&format!("{p}/required")).and_then(Value::as_bool).unwrap_or(false);
        match loc.as_str() {
            "path" if path.contains(&format!("{{{name}}}")) || path.contains(&format!("{{{name}+}}")) => self.mark(&p),
            "query" | "header" if super::write::is_seg(&name) => {
                self.mark(&p);
                let ty = self.at(&format!("{p}/schema/type")).or_else(|| self.at(&format!("{p}/type"))).and_then(Value::as_str);
                let ty = match ty {
                    Some(t @ ("integer" | "number" | "boolean")) => format!(": {t}"),
                    _ => String::new(),
                };
                if let Some(i) = declared.iter().position(|(l, n, _)| *l == loc && *n == name) {
                    // An operation parameter overrides the path item's.
                    declared.remove(i);
                    lines.retain(|l| !l.starts_with(&format!("{loc} {name}")));
                }
                lines.push(format!("{loc} {name}{}{ty}", if required { "" } else { "?" }));
                declared.push((loc, name, required));
            }
            "body" if self.swagger => match self.schema_model(&format!("{p}/schema"), "Body") {
                Some(m) => {
                    self.mark(&p);
                    *body = Some((m, "application/json".into()));
                }
                None => self.unsupported(&p, "this body parameter"),
            },
            _ => self.unsupported(&p, format!("the `{loc}` parameter `{name}`")),
        }
    }

    /// Follows a `$ref` to a shared parameter (marking the reference); None if it dangles.
    fn deref(&mut self, p: &str) -> Option<String> {
        match self.at(&format!("{p}/$ref")).and_then(Value::as_str).map(str::to_string) {
            Some(r) => match r.strip_prefix('#').filter(|t| self.at(t).is_some()) {
                Some(target) => {
                    self.mark(p);
                    Some(target.to_string())
                }
                None => {
                    self.bad_ref(p, &r);
                    None
                }
            },
            None => Some(p.to_string()),
        }
    }

    pub(super) fn bad_ref(&mut self, p: &str, r: &str) {
        let d = crate::diag::Diagnostic::error("E0805", self.span(p), format!("`$ref: {r}` does not resolve"))
            .label(format!("{}{p}", self.base))
            .help("gwc import resolves references inside the document (`#/...`) only");
        let d = self.partial(d);
        self.diags.push(d);
        self.mark(p);
    }

    /// OpenAPI 3 `requestBody`: (model, content type).
    fn request_body(&mut self, optr: &str) -> Option<(String, String)> {
        let b = format!("{optr}/requestBody");
        let cts = self.keys(&format!("{b}/content"));
        let first = cts.first()?.clone();
        self.mark(&format!("{b}/required"));
        let m = self.schema_model(&format!("{b}/content/{}/schema", escape(&first)), "Body");
        match &m {
            Some(_) => self.mark(&format!("{b}/content/{}", escape(&first))),
            None => self.unsupported(&format!("{b}/content/{}", escape(&first)), "this request body schema"),
        }
        for ct in cts.iter().skip(1) {
            self.unsupported(&format!("{b}/content/{}", escape(ct)), "a second request body content type (a route has one body)");
        }
        m.map(|m| (m, first))
    }

    /// `validate = ...` when the operation's validator differs from what gwc picks by default.
    fn validation(&mut self, optr: &str, required_params: bool, lines: &mut Vec<String>) {
        let own = self.take_str(&format!("{optr}/x-amazon-apigateway-request-validator"));
        let name = own.or_else(|| self.at("/x-amazon-apigateway-request-validator").and_then(Value::as_str).map(str::to_string));
        if name.is_some() {
            self.mark("/x-amazon-apigateway-request-validator");
        }
        let word = match &name {
            Some(n) => match self.validators.get(n) {
                Some(w) => *w,
                None => {
                    self.unsupported(&format!("{optr}/x-amazon-apigateway-request-validator"), format!("the undeclared validator `{n}`"));
                    return;
                }
            },
            None => "none",
        };
        let has_body = std::mem::take(&mut self.has_body);
        let default = match (has_body, required_params) {
            (true, true) => "all",
            (true, false) => "body",
            (false, true) => "params",
            (false, false) => "none",
        };
        if matches!(word, "body" | "all") && !has_body {
            self.unsupported(
                &format!("{optr}/x-amazon-apigateway-request-validator"),
                "body validation of an operation without a body model",
            );
            lines.push("validate = none".into());
            return;
        }
        if word != default {
            lines.push(format!("validate = {word}"));
        }
    }

    fn cache_keys(&mut self, iptr: &str, declared: &[(String, String, bool)], lines: &mut Vec<String>) {
        let p = format!("{iptr}/cacheKeyParameters");
        let n = self.len(&p);
        self.mark(&p);
        if n == 0 {
            return;
        }
        let mut keys = Vec::new();
        for i in 0..n {
            let k = self.at(&format!("{p}/{i}")).and_then(Value::as_str).unwrap_or("").to_string();
            let key = match k.strip_prefix("method.request.").and_then(|r| r.split_once('.')) {
                Some(("querystring", n)) => Some(("query", n)),
                Some(("header", n)) => Some(("header", n)),
                Some(("path", n)) => Some(("path", n)),
                _ => None,
            };
            match key {
                Some((loc, name)) if loc == "path" || declared.iter().any(|(l, d, _)| l == loc && d == name) => {
                    keys.push(format!("{loc}.{name}"));
                }
                _ => self.unsupported(&format!("{p}/{i}"), format!("the cache key `{k}`")),
            }
        }
        if !keys.is_empty() {
            self.caches = true;
            lines.push(format!("cache {{ keys = [{}] }}", keys.join(", ")));
        }
    }

    /// `response N { headers = [...]  model = M }` for what the integration does not imply.
    fn method_responses(&mut self, optr: &str, derived: &Derived, docs: &[(u16, String, String)]) -> Vec<String> {
        let mut out = Vec::new();
        let mut documented = Vec::new();
        let base = format!("{optr}/responses");
        for status in self.keys(&base) {
            let r = format!("{base}/{}", escape(&status));
            let Some(r) = self.deref(&r) else { continue };
            let code: Option<u16> = status.parse().ok().filter(|c| (100..=599).contains(c));
            let headers = self.keys(&format!("{r}/headers"));
            let cts = self.keys(&format!("{r}/content"));
            let Some(code) = code else {
                if status == "default" && headers.is_empty() && cts.is_empty() {
                    self.mark(&r);
                } else {
                    self.unsupported(&r, format!("the method response `{status}`"));
                }
                continue;
            };
            self.mark(&format!("{r}/headers"));
            let mut model = None;
            if let Some(ct) = cts.first() {
                let sp = format!("{r}/content/{}/schema", escape(ct));
                match self.schema_model(&sp, "Response") {
                    Some(m) if self.models.get(&format!("#ct:{m}")).map_or("application/json", |s| s.as_str()) == ct => {
                        self.mark(&format!("{r}/content/{}", escape(ct)));
                        model = Some(m);
                    }
                    _ => self.unsupported(&format!("{r}/content/{}", escape(ct)), "this response model"),
                }
            }
            for ct in cts.iter().skip(1) {
                self.unsupported(&format!("{r}/content/{}", escape(ct)), "a second response content type");
            }
            if self.swagger {
                if let Some(m) =
                    self.at(&format!("{r}/schema")).map(|_| ()).and_then(|_| self.schema_model(&format!("{r}/schema"), "Response"))
                {
                    self.mark(&format!("{r}/schema"));
                    model = Some(m);
                }
            }
            self.mark(&r);
            let doc = docs.iter().find(|(s, _, _)| *s == code);
            let implied = derived.iter().find(|(s, _)| *s == code);
            let extra = headers.iter().any(|h| !implied.is_some_and(|(_, hs)| hs.contains(h)));
            if implied.is_some() && !extra && model.is_none() && doc.is_none() {
                continue;
            }
            let mut parts = Vec::new();
            if !headers.is_empty() {
                parts.push(format!("headers = [{}]", headers.iter().map(|h| plain(h)).collect::<Vec<_>>().join(", ")));
            }
            if let Some(m) = model {
                parts.push(format!("model = {m}"));
            }
            if let Some((_, text, p)) = doc {
                self.mark(p);
                documented.push(code);
                parts.push(format!("description = {}", plain(text)));
            }
            out.push(if parts.is_empty() {
                format!("response {code} {{}}")
            } else {
                format!("response {code} {{ {} }}", parts.join("  "))
            });
        }
        for (status, _, p) in docs {
            if !documented.contains(status) {
                self.unsupported(p, format!("the documentation of the response {status}, which the method does not have"));
            }
        }
        out
    }

    /// `x-amazon-apigateway-gateway-responses` as `gateway_response` blocks.
    fn gateway_responses(&mut self) {
        let base = "/x-amazon-apigateway-gateway-responses";
        for kind in self.keys(base) {
            let p = format!("{base}/{}", escape(&kind));
            let mut body = Vec::new();
            if let Some(s) = self.take_str(&format!("{p}/statusCode")) {
                if s.parse::<u16>().is_ok_and(|c| (100..=599).contains(&c) && c.to_string() == s) {
                    body.push(format!("status = {s}"));
                } else {
                    self.unsupported(&format!("{p}/statusCode"), format!("the gateway response status `{s}` (not a status code)"));
                }
            }
            let hp = format!("{p}/responseParameters");
            let mut headers = Vec::new();
            for k in self.keys(&hp) {
                let kp = format!("{hp}/{}", escape(&k));
                let v = self.at(&kp).and_then(Value::as_str).unwrap_or("").to_string();
                let src = super::integrations::mapping_source(&v, &["method.request", "context", "stageVariables"]);
                match (k.strip_prefix("gatewayresponse.header."), src) {
                    (Some(h), Some(src)) if super::write::is_seg(h) => {
                        self.mark(&kp);
                        headers.push(format!("{h} = {src}"));
                    }
                    _ => self.unsupported(&kp, format!("the gateway response parameter `{k}`")),
                }
            }
            if !headers.is_empty() {
                body.push(format!("headers {{ {} }}", headers.join("  ")));
            }
            let tp = format!("{p}/responseTemplates");
            let mut templates = Vec::new();
            for ct in self.keys(&tp) {
                if let Some(t) = self.take_str(&format!("{tp}/{}", escape(&ct))) {
                    templates.push(format!("{} = {}", plain(&ct), raw_or_plain(&t)));
                }
            }
            if !templates.is_empty() {
                body.push(format!("templates {{\n{}\n}}", templates.join("\n")));
            }
            if !crate::check::RESPONSE_TYPES.contains(&ident(&kind).as_str()) {
                self.unsupported(&p, format!("the gateway response type `{kind}`"));
                continue;
            }
            self.mark(&p);
            self.api.push(String::new());
            self.api.push(format!("gateway_response {} {{", ident(&kind)));
            self.api.extend(body.into_iter().map(|l| format!("  {l}")));
            self.api.push("}".into());
        }
    }
}

/// A path gwc accepts: `/`, or segments of literal text and whole-segment variables.
pub(super) fn valid_path(p: &str) -> bool {
    if p == "/" {
        return true;
    }
    p.starts_with('/')
        && p[1..].split('/').all(|seg| {
            let lit = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~$@:".contains(c));
            match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(v) => {
                    let v = v.strip_suffix('+').unwrap_or(v);
                    !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                }
                None => lit(seg),
            }
        })
}
