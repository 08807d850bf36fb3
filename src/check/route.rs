//! Checks one route: its path, request parameters, auth, responses and throttle.

use super::api::ApiDefaults;
use super::eval::{Env, Value, V};
use super::props::Props;
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{
    Auth, Authorizer, AuthorizerKind, Method, MethodResponse, ParamLocation, Path, RequestParam, Route, RouteKey, Segment, Throttle,
};
use crate::source::Span;
use crate::syntax::ast::{self, Stmt};
use std::rc::Rc;

impl<'w> Cx<'w> {
    pub(crate) fn route(&mut self, r: &'w ast::Route, env: &Rc<Env>, defaults: &ApiDefaults, authorizers: &[Authorizer]) -> Option<Route> {
        let method = Method::parse(&r.method.name)?;
        let full = format!("{}{}", env.prefix, r.path.name);
        let full = if full.len() > 1 { full.trim_end_matches('/').to_string() } else { full };
        let path = self.path(&full, r.path.span);
        let mut props = Props::of_body(&r.body, env, format!("route `{} {}`", method.as_str(), full));

        let operation_name = props.get(self, "operation_name").and_then(|v| self.literal(&v));
        let mut params: Vec<RequestParam> = Vec::new();
        if let Some(path) = &path {
            for v in path.vars() {
                params.push(RequestParam { location: ParamLocation::Path, name: v.to_string(), required: true, span: r.path.span });
            }
        }
        for (p, _) in props.take(|s| if let Stmt::RequestParam(p) = s { Some(p) } else { None }) {
            self.request_param(p, path.as_ref(), &mut params);
        }
        let auth = match props.get(self, "auth") {
            Some(v) => self.auth(&v, authorizers, &defaults.broken_authorizers),
            None => match &defaults.auth {
                Some((v, _)) => self.auth(v, authorizers, &defaults.broken_authorizers),
                None => Auth::None { explicit: false },
            },
        };
        let api_key_required = props.get(self, "api_key_required").and_then(|v| self.boolean(&v)).unwrap_or(defaults.api_key_required);
        let mut responses = Vec::new();
        let mut doc_items = Vec::new();
        for (b, benv) in props.blocks("response") {
            if let Some((resp, description)) = self.method_response(b, &benv, &defaults.models) {
                if let Some((text, span)) = description {
                    doc_items.push((crate::model::DocItem::Response(resp.status), text, span));
                }
                responses.push(resp);
            }
        }
        if let Some((b, benv)) = props.block(self, "documentation") {
            doc_items.extend(self.param_docs(b, &benv, &params));
        }
        let throttle = props.block(self, "throttle").map(|(b, benv)| self.throttle(b, &benv));
        let body = self.route_body(&mut props, &defaults.models);
        let validate_v = props.get(self, "validate").or_else(|| defaults.validate.clone());
        let validator = self.validator(validate_v, body.is_some(), &params);
        let cache = props.block(self, "cache").map(|(b, benv)| self.route_cache(b, &benv, &params));
        let docs = self.doc_properties(&mut props);
        let integration = self.integration(&mut props, r, method, path.as_ref(), &params);
        props.finish(self);

        let (path, integration) = (path?, integration?);
        let mut route = Route {
            key: RouteKey::Http { method, path },
            operation_name,
            params,
            auth,
            api_key_required,
            integration,
            responses,
            throttle,
            body,
            validator,
            cache,
            generated: None,
            v2: None,
            span: r.method.span.to(r.path.span),
        };
        if let RouteKey::Http { method, path } = &route.key {
            self.route_docs.extend(super::docs::route_parts(*method, path, docs, doc_items, route.span));
        }
        derive_method_responses(&mut route);
        Some(route)
    }

    /// Parses and validates a route path such as `/pets/{id}/{proxy+}`.
    pub(crate) fn path(&mut self, text: &str, span: Span) -> Option<Path> {
        let bad = |cx: &mut Self, msg: String, help: &str| {
            let d = Diagnostic::error("E0401", span, msg).label("this path").help(help.to_string());
            cx.diags.push(d);
            None
        };
        if text == "/" {
            return Some(Path { segments: Vec::new() });
        }
        let mut segments = Vec::new();
        let parts: Vec<&str> = text.split('/').skip(1).collect();
        for (i, part) in parts.iter().enumerate() {
            if part.is_empty() {
                return bad(self, format!("empty segment in path `{text}`"), "remove the doubled `/`");
            }
            if let Some(inner) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                let (name, greedy) = match inner.strip_suffix('+') {
                    Some(n) => (n, true),
                    None => (inner, false),
                };
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.') {
                    return bad(
                        self,
                        format!("invalid path variable `{part}`"),
                        "path variables are `{name}` with letters, digits, `_`, `-` or `.`",
                    );
                }
                if greedy && i + 1 != parts.len() {
                    let d = Diagnostic::error("E0402", span, format!("`{part}` must be the last segment of the path"))
                        .label("greedy variable before the end")
                        .help("a greedy variable `{name+}` matches the rest of the path, so nothing can follow it");
                    self.diags.push(d);
                    return None;
                }
                if segments.iter().any(|s| matches!(s, Segment::Var(n) | Segment::Greedy(n) if n == name)) {
                    return bad(self, format!("path variable `{{{name}}}` appears twice"), "give each variable its own name");
                }
                segments.push(if greedy { Segment::Greedy(name.to_string()) } else { Segment::Var(name.to_string()) });
            } else {
                if part.contains(['{', '}', '+']) {
                    return bad(
                        self,
                        format!("malformed segment `{part}` in path `{text}`"),
                        "a segment is either literal text or a whole `{variable}`",
                    );
                }
                if !part.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~:@$".contains(c)) {
                    return bad(
                        self,
                        format!("invalid character in path segment `{part}`"),
                        "path segments use letters, digits and `-_.~:@$`",
                    );
                }
                segments.push(Segment::Literal(part.to_string()));
            }
        }
        Some(Path { segments })
    }

    fn request_param(&mut self, p: &ast::RequestParam, path: Option<&Path>, params: &mut Vec<RequestParam>) {
        let location = match p.location.name.as_str() {
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            _ => ParamLocation::Header,
        };
        if let Some(ty) = &p.ty {
            if !matches!(ty.name.as_str(), "string" | "integer" | "number" | "boolean") {
                let d = Diagnostic::error("E0303", ty.span, format!("unknown parameter type `{}`", ty.name))
                    .label("unknown type")
                    .help("request parameters are string, integer, number or boolean");
                self.diags.push(d);
            }
        }
        if location == ParamLocation::Path {
            let in_path = path.is_some_and(|pa| pa.vars().any(|v| v == p.name.name));
            if !in_path {
                let d = Diagnostic::error("E0405", p.name.span, format!("path parameter `{}` is not in the route's path", p.name.name))
                    .label("not a variable of the path")
                    .help(format!("add `{{{}}}` to the path; path variables are declared by the path itself", p.name.name));
                self.diags.push(d);
            } else if p.optional {
                let d = Diagnostic::error("E0301", p.name.span, "path parameters are always required")
                    .label("cannot be optional")
                    .help(format!("remove the `?`: a route only matches when `{{{}}}` is present", p.name.name));
                self.diags.push(d);
            }
            return;
        }
        if let Some(prev) = params.iter().find(|q| q.location == location && q.name.eq_ignore_ascii_case(&p.name.name)) {
            let d = Diagnostic::error("E0202", p.name.span, format!("{} parameter `{}` is declared twice", p.location.name, p.name.name))
                .label("second declaration")
                .with_secondary(prev.span, "first declared here");
            self.diags.push(d);
            return;
        }
        params.push(RequestParam { location, name: p.name.name.clone(), required: !p.optional, span: p.name.span });
    }

    /// `auth = none | iam | NAME | NAME(scopes: [...])`.
    pub(crate) fn auth(&mut self, v: &V, authorizers: &[Authorizer], broken: &[String]) -> Auth {
        let (name, name_span, scopes) = match &v.value {
            Value::Word(w) if w == "none" => return Auth::None { explicit: true },
            Value::Word(w) if w == "iam" => return Auth::Iam,
            Value::Word(w) => (w.clone(), v.span, Vec::new()),
            Value::Call { callee, args } => {
                let mut a = super::props::Args::new(args.clone(), "an authorizer reference");
                let scopes_v = a.get("scopes");
                a.finish(self);
                let scopes = match scopes_v {
                    Some(sv) => self.list(&sv).iter().filter_map(|s| self.literal(s).map(|t| (t, s.span))).collect(),
                    None => Vec::new(),
                };
                (callee.name.clone(), callee.span, scopes)
            }
            Value::Error => return Auth::None { explicit: false },
            _ => {
                self.type_error(v, "`none`, `iam` or an authorizer name");
                return Auth::None { explicit: false };
            }
        };
        let Some(authorizer) = authorizers.iter().find(|a| a.name == name) else {
            if broken.contains(&name) {
                return Auth::None { explicit: false };
            }
            let mut d = Diagnostic::error("E0201", name_span, format!("unknown authorizer `{name}`")).label("no authorizer with this name");
            let declared: Vec<&str> = authorizers.iter().map(|a| a.name.as_str()).collect();
            d = match crate::diag::did_you_mean(&name, declared.iter().copied().chain(["none", "iam"])) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None if declared.is_empty() => d.help("use `none` or `iam`, or declare it: `authorizer NAME: token { function = ... }`"),
                None => d.help(format!("use `none`, `iam`, or one of the API's authorizers: {}", declared.join(", "))),
            };
            self.diags.push(d);
            return Auth::None { explicit: false };
        };
        if !scopes.is_empty() && !matches!(authorizer.kind, AuthorizerKind::Cognito { .. } | AuthorizerKind::Jwt { .. }) {
            let span = scopes.first().map(|(_, s)| *s).unwrap_or(name_span);
            let d = Diagnostic::error("E0406", span, format!("scopes need a Cognito authorizer, but `{name}` is not one"))
                .label("scopes given here")
                .with_secondary(authorizer.span, "declared here")
                .help("remove the scopes, or use a `cognito` authorizer; Lambda authorizers check scopes in their own code");
            self.diags.push(d);
        }
        Auth::Authorizer { name, scopes: scopes.into_iter().map(|(s, _)| s).collect() }
    }

    /// A method response, and its `description` (documentation) with its span.
    fn method_response(
        &mut self,
        b: &'w ast::Block,
        env: &Rc<Env>,
        models: &[crate::model::Model],
    ) -> Option<(MethodResponse, Option<(String, Span)>)> {
        let status = self.status_label(b)?;
        let mut props = Props::of_body(&b.body, env, format!("response {status}"));
        let headers =
            props.get(self, "headers").map(|v| self.list(&v).iter().filter_map(|h| self.literal(h)).collect()).unwrap_or_default();
        let mut response_models = indexmap::IndexMap::new();
        if let Some(v) = props.get(self, "model") {
            match &v.value {
                Value::Word(w) => match models.iter().find(|m| &m.name == w) {
                    Some(m) => {
                        response_models.insert(m.content_type.clone(), m.name.clone());
                    }
                    None => self.unknown_model(v.span, w, models),
                },
                _ => self.type_error(&v, "a model name"),
            }
        }
        let description = props.get(self, "description").and_then(|v| self.literal(&v).map(|t| (t, v.span)));
        props.finish(self);
        Some((MethodResponse { status, headers, models: response_models, span: b.span }, description))
    }

    /// The status code label of a `response NNN { }` block.
    pub(crate) fn status_label(&mut self, b: &ast::Block) -> Option<u16> {
        let Some(label) = b.labels.first() else {
            let d = Diagnostic::error("E0206", b.kind.span, "`response` needs a status code")
                .label("no status")
                .help("write `response 200 { ... }`");
            self.diags.push(d);
            return None;
        };
        match label.name.parse::<u16>() {
            Ok(s) if (100..=599).contains(&s) => Some(s),
            _ => {
                let d = Diagnostic::error("E0302", label.span, format!("`{}` is not an HTTP status code", label.name))
                    .label("expected 100 to 599")
                    .help("write a status such as 200, 404 or 500");
                self.diags.push(d);
                None
            }
        }
    }

    /// `throttle { rate = 100/s  burst = 200 }`
    pub(crate) fn throttle(&mut self, b: &'w ast::Block, env: &Rc<Env>) -> Throttle {
        let mut props = Props::of_body(&b.body, env, "throttle");
        let rate = props.get(self, "rate").and_then(|v| self.rate(&v, "throttle rate"));
        let burst = props.get(self, "burst").and_then(|v| self.integer(&v, "throttle burst", 0, i64::from(i32::MAX))).map(|b| b as u64);
        props.finish(self);
        if b.body.stmts.is_empty() {
            let d = Diagnostic::error("E0206", b.kind.span, "`throttle` needs `rate` or `burst`")
                .label("empty throttle")
                .help("write `throttle { rate = 100/s  burst = 200 }`");
            self.diags.push(d);
        }
        Throttle { rate, burst }
    }
}

/// Every integration response needs a method response declaring its status and headers.
fn derive_method_responses(route: &mut Route) {
    for ir in &route.integration.responses {
        let headers: Vec<String> = ir.headers.keys().cloned().collect();
        match route.responses.iter_mut().find(|m| m.status == ir.status) {
            Some(m) => {
                for h in headers {
                    if !m.headers.contains(&h) {
                        m.headers.push(h);
                    }
                }
            }
            None => route.responses.push(MethodResponse { status: ir.status, headers, models: indexmap::IndexMap::new(), span: ir.span }),
        }
    }
    route.responses.sort_by_key(|m| m.status);
}
