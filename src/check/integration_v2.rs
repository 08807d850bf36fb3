//! Checks the integration of an HTTP or WebSocket route: Lambda (payload 1.0 or 2.0 on HTTP),
//! HTTP backends (private ones through VPC links), AWS services (HTTP subtypes such as
//! `SQS-SendMessage`), and on WebSocket routes mapping templates and integration responses.

use super::eval::{Env, Value, V};
use super::http::SUBTYPES;
use super::kinds::{lacks, unsupported, Place, INTEGRATION_KINDS};
use super::props::{Args, Props};
use super::Cx;
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{
    ApiKind, AwsTarget, Integration, IntegrationKind, IntegrationResponseV2, IntegrationV2, MappingValue, Method, Passthrough, RouteKey,
    Text,
};
use crate::source::Span;
use crate::syntax::ast;
use indexmap::IndexMap;
use std::rc::Rc;

/// Integration settings from a call's arguments or a block's properties.
enum Src<'p, 'w> {
    Call(Args),
    Block(&'p mut Props<'w>),
}

impl Src<'_, '_> {
    fn get(&mut self, cx: &mut Cx, key: &'static str) -> Option<V> {
        match self {
            Src::Call(a) => a.get(key),
            Src::Block(p) => p.get(cx, key),
        }
    }
}

impl<'w> Cx<'w> {
    pub(crate) fn v2_integration(&mut self, props: &mut Props<'w>, kind: ApiKind, key: &RouteKey, route_span: Span) -> Option<Integration> {
        let attr = props.get(self, "integration");
        let block = props.block(self, "integration");
        match (attr, block) {
            (Some(v), None) => {
                let span = v.span;
                let Value::Call { callee, args } = v.value else {
                    self.type_error(&v, "an integration such as `lambda_proxy(fn)`");
                    return None;
                };
                let word = self.v2_kind_word(&callee.name, callee.span, kind)?;
                let positional: &[&'static str] = match word {
                    "lambda_proxy" | "lambda" => &["function"],
                    "http_proxy" | "http" => &["url"],
                    "aws" => &["service"],
                    _ => &[],
                };
                let mut src = Src::Call(Args::new(args, word).positional(positional));
                let out = self.v2_integration_from(word, &mut src, kind, key, span);
                if let Src::Call(a) = src {
                    a.finish(self);
                }
                out
            }
            (None, Some((b, env))) => {
                let Some(label) = b.labels.first() else {
                    let d = Diagnostic::error("E0206", b.kind.span, "integration block needs a type")
                        .label("no type")
                        .help("write `integration aws { ... }`");
                    self.diags.push(d);
                    return None;
                };
                let word = self.v2_kind_word(&label.name, label.span, kind)?;
                let mut bp = Props::of_body(&b.body, &env, format!("integration {word}"));
                self.kind_matrix(&mut bp, kind, Place::Integration);
                let span = b.kind.span.to(label.span);
                let out = self.v2_integration_from(word, &mut Src::Block(&mut bp), kind, key, span);
                bp.finish(self);
                out
            }
            (Some(v), Some((b, _))) => {
                let d = Diagnostic::error("E0202", b.kind.span, "integration given twice")
                    .label("block")
                    .with_secondary(v.span, "and property");
                self.diags.push(d);
                None
            }
            (None, None) => {
                let d = Diagnostic::error("E0206", route_span, "route has no integration")
                    .label("no backend")
                    .help("add e.g. `integration = lambda_proxy(my_function)` or `http_proxy(\"https://...\")`");
                self.diags.push(d);
                None
            }
        }
    }

    fn v2_kind_word(&mut self, word: &str, span: Span, kind: ApiKind) -> Option<&'static str> {
        if let Some((_, has)) = INTEGRATION_KINDS.iter().find(|(k, _)| *k == word) {
            if !has.contains(&kind) {
                let what = if word == "http" { "non-proxy HTTP integrations" } else { "mapping-template integrations" };
                let what = if word == "mock" { "mock integrations" } else { what };
                self.diags.push(unsupported(span, &format!("`{word}` integrations are"), what, kind, has));
                return None;
            }
        }
        let options: Vec<&'static str> = INTEGRATION_KINDS.iter().filter(|(_, has)| has.contains(&kind)).map(|(k, _)| *k).collect();
        self.option(&V { value: Value::Word(word.to_string()), span }, "integration type", &options)
    }

    /// A setting only some kinds have: E0408 (and nothing) on the others.
    fn gated(&mut self, src: &mut Src<'_, 'w>, key: &'static str, kind: ApiKind) -> Option<V> {
        let v = src.get(self, key)?;
        if let Some((has, what)) = lacks(Place::Integration, key, kind) {
            self.diags.push(unsupported(v.span, &format!("`{key}` is"), what, kind, has));
            return None;
        }
        Some(v)
    }

    fn v2_integration_from(
        &mut self,
        word: &'static str,
        src: &mut Src<'_, 'w>,
        kind: ApiKind,
        key: &RouteKey,
        span: Span,
    ) -> Option<Integration> {
        let max_ms = if kind == ApiKind::Http { 30_000.0 } else { 29_000.0 };
        let what = format!("{} integration timeout", super::kinds::kind_name(kind));
        let timeout_ms = src.get(self, "timeout").and_then(|v| self.duration_ms(&v, &what, 50.0, max_ms)).map(|ms| ms as u32);
        let role_v = src.get(self, "role");
        let credentials = role_v.as_ref().and_then(|v| self.role(v));
        let mut v2 = IntegrationV2::default();
        let payload_v = self.gated(src, "payload", kind);
        let tls_v = self.gated(src, "tls_server_name", kind);
        if let Some(v) = self.gated(src, "template_selection", kind) {
            v2.template_selection = self.literal(&v);
        }
        let passthrough = self
            .gated(src, "passthrough", kind)
            .and_then(|v| self.option(&v, "passthrough behaviour", &["when_no_match", "when_no_templates", "never"]))
            .map(|w| match w {
                "when_no_templates" => Passthrough::WhenNoTemplates,
                "never" => Passthrough::Never,
                _ => Passthrough::WhenNoMatch,
            });
        let mut request_templates = IndexMap::new();
        let mut request_parameters = IndexMap::new();
        let mut param_block: Option<(&'w ast::Block, Rc<Env>)> = None;
        if let Src::Block(p) = src {
            param_block = p.block(self, "request_parameters");
            if let Some((b, env)) = p.block(self, "request_templates") {
                request_templates = self.v2_templates(b, &env);
            }
            for (b, env) in p.blocks("response") {
                if kind == ApiKind::Http {
                    if let Some(status) = self.status_label(b) {
                        let m = self.v2_string_map(b, &env, true);
                        v2.response_parameters.insert(status.to_string(), m);
                    }
                } else if let Some(k) = self.ws_response_key(b) {
                    let mut rp = Props::of_body(&b.body, &env, format!("integration response {k}"));
                    let templates = match rp.block(self, "templates") {
                        Some((tb, tenv)) => self.v2_templates(tb, &tenv),
                        None => IndexMap::new(),
                    };
                    let template_selection = rp.get(self, "template_selection").and_then(|v| self.literal(&v));
                    rp.finish(self);
                    v2.responses.push(IntegrationResponseV2 { key: k, templates, template_selection, span: b.span });
                }
            }
        }
        let mut vpc_link = None;
        let route_method = match key {
            RouteKey::Http { method, .. } => *method,
            _ => Method::ANY,
        };
        let kind_model = match word {
            "lambda_proxy" | "lambda" => {
                let f = match src.get(self, "function") {
                    Some(v) => self.function(&v),
                    None => self.v2_missing(span, "function", "the Lambda function, e.g. `lambda_proxy(my_function)`"),
                };
                if kind == ApiKind::Http {
                    v2.payload_format = Some(
                        payload_v.and_then(|v| self.option(&v, "payload format version", &["1.0", "2.0"])).unwrap_or("2.0").to_string(),
                    );
                }
                let function = f?;
                if word == "lambda" {
                    IntegrationKind::Lambda { function }
                } else {
                    IntegrationKind::LambdaProxy { function }
                }
            }
            "http_proxy" | "http" => {
                let (url_v, method_v, link_v, target_v) =
                    (src.get(self, "url"), src.get(self, "method"), src.get(self, "vpc_link"), src.get(self, "target"));
                let method = match method_v {
                    Some(v) => Method::parse(self.option(
                        &v,
                        "HTTP method",
                        &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"],
                    )?)?,
                    None if kind == ApiKind::Websocket => Method::POST,
                    None => route_method,
                };
                if let Some(v) = link_v {
                    vpc_link = match &v.value {
                        Value::Word(w) => Some(w.clone()),
                        _ => {
                            self.type_error(&v, "a `vpc_link` name");
                            None
                        }
                    };
                }
                if let Some(v) = tls_v {
                    if vpc_link.is_none() {
                        let d = Diagnostic::error("E0301", v.span, "`tls_server_name` applies to private integrations")
                            .label("no `vpc_link`")
                            .help("add `vpc_link = NAME`, or remove `tls_server_name`");
                        self.diags.push(d);
                    }
                    v2.tls_server_name = self.literal(&v);
                }
                if kind == ApiKind::Websocket && vpc_link.is_some() {
                    // WebSocket private integrations call a URL the network load balancer answers
                    // (as REST ones do); `target` is an HTTP API's listener or service ARN.
                    let problem = match (&url_v, &target_v) {
                        (_, Some(t)) => Some((t.span, "`target` is for HTTP API private integrations")),
                        (None, None) => Some((span, "a WebSocket private integration needs `url`")),
                        (Some(_), None) => None,
                    };
                    if let Some((at, msg)) = problem {
                        let d = Diagnostic::error("E0464", at, msg).label("WebSocket private integration").help(
                            "write `url = \"http://internal.example.com/path\"`: the address the VPC link's network load balancer answers",
                        );
                        self.diags.push(d);
                        return None;
                    }
                }
                let url = match (&vpc_link, url_v, target_v) {
                    (Some(_), Some(u), None) if kind == ApiKind::Websocket => self.text(&u)?,
                    (Some(_), None, Some(t)) => self.text(&t)?,
                    (Some(_), _, None) => return self.v2_missing(
                        span,
                        "target",
                        "the load balancer listener ARN or Cloud Map service ARN the VPC link reaches, e.g. `target = alb_listener_arn`",
                    ),
                    (None, Some(u), None) => {
                        let t = self.text(&u)?;
                        if let Some(first) =
                            t.parts.first().and_then(|p| if let crate::model::TextPart::Lit(l) = p { Some(l) } else { None })
                        {
                            if !(first.starts_with("https://") || first.starts_with("http://")) {
                                let d = Diagnostic::error("E0301", u.span, "integration URL must start with `https://` or `http://`")
                                    .label("not an HTTP URL");
                                self.diags.push(d);
                            }
                        }
                        t
                    }
                    (None, None, None) => {
                        return self.v2_missing(span, "url", "the backend URL, e.g. `http_proxy(\"https://backend.example.com\")`")
                    }
                    (_, Some(u), Some(_)) | (None, None, Some(u)) => {
                        let d = Diagnostic::error(
                            "E0301",
                            u.span,
                            "give `url` for a public backend, or `vpc_link` and `target` for a private one",
                        )
                        .label("`url` and `target` do not go together");
                        self.diags.push(d);
                        return None;
                    }
                };
                IntegrationKind::Http { url, method, proxy: word == "http_proxy" }
            }
            "aws" => {
                let (service_v, action_v, region_v, path_v) =
                    (src.get(self, "service"), src.get(self, "action"), src.get(self, "region"), src.get(self, "path"));
                let service = match service_v {
                    Some(v) => match &v.value {
                        Value::Word(w) => (w.clone(), v.span),
                        _ => (self.literal(&v)?, v.span),
                    },
                    None => return self.v2_missing(span, "service", "the AWS service, e.g. `service = sqs`"),
                };
                if role_v.is_none() {
                    let d = Diagnostic::error("E0206", span, "an `aws` integration needs `role`")
                        .label("no credentials")
                        .help("API Gateway needs a role it can assume to call the service: add `role = my_role`");
                    self.diags.push(d);
                }
                let region = region_v.and_then(|v| self.literal(&v));
                if kind == ApiKind::Http {
                    if let Some(p) = path_v {
                        let d = Diagnostic::error("E0205", p.span, "HTTP API service integrations name an action, not a path")
                            .label("`path`")
                            .help("write `action = \"SendMessage\"`");
                        self.diags.push(d);
                    }
                    let (sub, params) = self.http_subtype(&service, action_v, span, param_block.take())?;
                    v2.subtype = Some(sub);
                    v2.parameters = params;
                    IntegrationKind::Aws {
                        service: service.0,
                        region,
                        target: AwsTarget::Action(v2.subtype.clone().unwrap_or_default()),
                        method: Method::POST,
                    }
                } else {
                    let target = match (action_v, path_v) {
                        (Some(a), None) => AwsTarget::Action(self.literal(&a)?),
                        (None, Some(p)) => AwsTarget::Path(self.literal(&p)?.trim_start_matches('/').to_string()),
                        _ => {
                            let d = Diagnostic::error("E0206", span, "an `aws` integration needs exactly one of `action` or `path`")
                                .label("AWS integration")
                                .help("write `action = \"PutItem\"` or `path = \"bucket/key\"`");
                            self.diags.push(d);
                            return None;
                        }
                    };
                    IntegrationKind::Aws { service: service.0, region, target, method: Method::POST }
                }
            }
            _ => {
                if request_templates.is_empty() {
                    request_templates.insert("$default".to_string(), "{\"statusCode\": 200}".to_string());
                    v2.template_selection.get_or_insert_with(|| "$default".to_string());
                }
                IntegrationKind::Mock
            }
        };
        if let Some((b, env)) = param_block {
            if kind == ApiKind::Http {
                v2.parameters = self.v2_string_map(b, &env, false);
            } else {
                request_parameters = self.ws_request_parameters(b, &env);
            }
        }
        if kind_model.is_proxy() && (!request_templates.is_empty() || !v2.responses.is_empty()) && kind == ApiKind::Websocket {
            let d = Diagnostic::error("E0301", span, format!("`{word}` passes messages through unchanged"))
                .label("templates or responses on a proxy integration")
                .help(format!("use `{}` for mapping templates and integration responses", word.trim_end_matches("_proxy")));
            self.diags.push(d);
        }
        Some(Integration {
            kind: kind_model,
            timeout_ms,
            request_parameters,
            request_templates,
            passthrough,
            responses: Vec::new(),
            credentials,
            vpc_link,
            v2: Some(v2),
            span,
        })
    }

    fn v2_missing<T>(&mut self, span: Span, what: &str, help: &str) -> Option<T> {
        let d = Diagnostic::error("E0206", span, format!("integration needs `{what}`"))
            .label(format!("missing `{what}`"))
            .help(format!("give {help}"));
        self.diags.push(d);
        None
    }

    /// The subtype of an HTTP API service integration and its checked parameters.
    fn http_subtype(
        &mut self,
        service: &(String, Span),
        action_v: Option<V>,
        span: Span,
        params: Option<(&'w ast::Block, Rc<Env>)>,
    ) -> Option<(String, IndexMap<String, Text>)> {
        let services: Vec<&str> = SUBTYPES.iter().map(|s| s.0).fold(Vec::new(), |mut v, s| {
            if !v.contains(&s) {
                v.push(s);
            }
            v
        });
        let svc =
            self.option(&V { value: Value::Word(service.0.clone()), span: service.1 }, "service of an HTTP API integration", &services)?;
        let actions: Vec<&str> = SUBTYPES.iter().filter(|s| s.0 == svc).map(|s| s.2).collect();
        let action = match action_v {
            Some(v) => self.option(&v, &format!("{svc} action"), &actions)?,
            None if actions.len() == 1 => actions[0],
            None => return self.v2_missing(span, "action", &format!("the {svc} action: one of {}", actions.join(", "))),
        };
        let (_, prefix, _, required, optional) = SUBTYPES.iter().find(|s| s.0 == svc && s.2 == action)?;
        let subtype = format!("{prefix}-{action}");
        let map = match &params {
            Some((b, env)) => self.v2_string_map(b, env, true),
            None => IndexMap::new(),
        };
        if let Some((b, _)) = &params {
            for s in &b.body.stmts {
                if let ast::Stmt::Attr(a) = s {
                    if !required.contains(&a.key.name.as_str()) && !optional.contains(&a.key.name.as_str()) {
                        let all: Vec<&str> = required.iter().chain(optional.iter()).copied().collect();
                        let mut d = Diagnostic::error("E0205", a.key.span, format!("`{}` is not a parameter of {subtype}", a.key.name))
                            .label("unknown parameter");
                        d = match did_you_mean(&a.key.name, all.iter().copied()) {
                            Some(x) => d.help(format!("did you mean `{x}`?")),
                            None => d.help(format!("{subtype} takes {}", all.join(", "))),
                        };
                        self.diags.push(d);
                    }
                }
            }
        }
        let missing: Vec<&str> = required.iter().copied().filter(|r| !map.contains_key(*r)).collect();
        if !missing.is_empty() {
            let at = params.as_ref().map_or(span, |(b, _)| b.kind.span);
            let d = Diagnostic::error(
                "E0462",
                at,
                format!("{subtype} needs {}", missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")),
            )
            .label("missing request parameters")
            .help(format!("map them in `request_parameters {{ {} = \"...\" }}`, e.g. from `$request.body`", missing[0]));
            self.diags.push(d);
        }
        Some((subtype, map))
    }

    /// `KEY = "text"` entries (HTTP request and response parameter mappings). `free` keys are
    /// taken as written; otherwise they must be `append|overwrite|remove:header.NAME`,
    /// `...:querystring.NAME` or `overwrite:path`.
    fn v2_string_map(&mut self, b: &ast::Block, env: &Rc<Env>, free: bool) -> IndexMap<String, Text> {
        let mut out = IndexMap::new();
        for s in &b.body.stmts {
            let ast::Stmt::Attr(a) = s else {
                let d = Diagnostic::error("E0205", b.kind.span, "only `\"key\" = \"value\"` entries belong here").label("here");
                self.diags.push(d);
                continue;
            };
            let k = &a.key.name;
            let response = b.kind.name == "response";
            let valid = free && !response
                || match k.split_once(':') {
                    Some((op, target)) => {
                        matches!(op, "append" | "overwrite" | "remove")
                            && (target.strip_prefix("header.").is_some_and(|n| !n.is_empty())
                                || (!response && target.strip_prefix("querystring.").is_some_and(|n| !n.is_empty()))
                                || (op == "overwrite" && target == if response { "statuscode" } else { "path" }))
                    }
                    None => false,
                };
            if !valid {
                let forms = if response {
                    "`overwrite:statuscode` or `append|overwrite|remove:header.NAME`"
                } else {
                    "`append|overwrite|remove:header.NAME`, `...:querystring.NAME` or `overwrite:path`"
                };
                let d = Diagnostic::error("E0301", a.key.span, format!("`{k}` is not a parameter mapping key"))
                    .label("invalid key")
                    .help(format!("write {forms}, quoted"));
                self.diags.push(d);
                continue;
            }
            let v = self.eval(&a.value, env);
            if let Some(t) = self.text(&v) {
                if out.insert(k.clone(), t).is_some() {
                    let d = Diagnostic::error("E0202", a.key.span, format!("`{k}` is mapped twice")).label("mapped again");
                    self.diags.push(d);
                }
            }
        }
        out
    }

    /// WebSocket `request_parameters { header.X = query.token }`.
    fn ws_request_parameters(&mut self, b: &ast::Block, env: &Rc<Env>) -> IndexMap<String, MappingValue> {
        let mut out = IndexMap::new();
        for s in &b.body.stmts {
            let ast::Stmt::Attr(a) = s else { continue };
            let target = match a.key.name.split_once('.') {
                Some(("header", n)) => format!("integration.request.header.{n}"),
                Some(("query" | "querystring", n)) => {
                    format!("integration.request.querystring.{n}")
                }
                _ => {
                    let d = Diagnostic::error("E0301", a.key.span, format!("`{}` is not a backend parameter", a.key.name))
                        .label("expected `header.NAME` or `query.NAME`");
                    self.diags.push(d);
                    continue;
                }
            };
            let v = self.eval(&a.value, env);
            let value = match &v.value {
                Value::Word(w) => match w.split_once('.') {
                    Some(("header", n)) => MappingValue::Expr(format!("route.request.header.{n}")),
                    Some(("query", n)) => MappingValue::Expr(format!("route.request.querystring.{n}")),
                    Some(("context", n)) => MappingValue::Expr(format!("context.{n}")),
                    Some(("stage_variables", n)) => MappingValue::Expr(format!("stageVariables.{n}")),
                    _ => {
                        self.type_error(&v, "`header.N`, `query.N`, `context.N`, `stage_variables.N` or a string");
                        continue;
                    }
                },
                _ => match self.literal(&v) {
                    Some(s) => MappingValue::Static(s),
                    None => continue,
                },
            };
            out.insert(target, value);
        }
        out
    }

    /// `request_templates { "$default" = """...""" }` keyed by template selection values.
    fn v2_templates(&mut self, b: &ast::Block, env: &Rc<Env>) -> IndexMap<String, String> {
        let mut out = IndexMap::new();
        for s in &b.body.stmts {
            let ast::Stmt::Attr(a) = s else { continue };
            let v = self.eval(&a.value, env);
            if let Some(t) = self.literal(&v) {
                out.insert(a.key.name.clone(), t);
            }
        }
        out
    }
}
