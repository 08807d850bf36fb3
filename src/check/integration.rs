//! Checks a route's integration, in call form (`integration = lambda_proxy(f)`) or block form
//! (`integration lambda { ... }`), including parameter mappings, templates and responses.

use super::eval::{Env, Value, V};
use super::props::{Args, Props};
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{
    AwsTarget, Integration, IntegrationKind, IntegrationResponse, MappingValue, Method, ParamLocation, Passthrough, Path, RequestParam,
    Text, TextPart,
};
use crate::source::Span;
use crate::syntax::ast;
use indexmap::IndexMap;
use std::rc::Rc;

const KINDS: &[&str] = &["lambda_proxy", "lambda", "http_proxy", "http", "aws", "mock"];

/// Where integration settings come from: a call's arguments or a block's properties.
enum Source<'p, 'w> {
    Call(Args),
    Block(&'p mut Props<'w>),
}

impl Source<'_, '_> {
    fn get(&mut self, cx: &mut Cx, key: &'static str) -> Option<V> {
        match self {
            Source::Call(a) => a.get(key),
            Source::Block(p) => p.get(cx, key),
        }
    }
}

/// What the integration may refer to.
struct RouteInfo<'a> {
    method: Method,
    path: Option<&'a Path>,
    params: &'a [RequestParam],
}

impl<'w> Cx<'w> {
    pub(crate) fn integration(
        &mut self,
        props: &mut Props<'w>,
        r: &ast::Route,
        method: Method,
        path: Option<&Path>,
        params: &[RequestParam],
    ) -> Option<Integration> {
        let info = RouteInfo { method, path, params };
        let attr = props.get(self, "integration");
        let block = props.block(self, "integration");
        match (attr, block) {
            (Some(v), None) => {
                let span = v.span;
                match v.value {
                    Value::Call { callee, args } => {
                        let kind =
                            self.option(&V { value: Value::Word(callee.name.clone()), span: callee.span }, "integration type", KINDS)?;
                        let positional: &[&'static str] = match kind {
                            "lambda_proxy" | "lambda" => &["function"],
                            "http_proxy" | "http" => &["url"],
                            "aws" => &["service"],
                            _ => &["status"],
                        };
                        let args = Args::new(args, kind).positional(positional);
                        let mut src = Source::Call(args);
                        let result = self.integration_from(kind, &mut src, &info, span, None);
                        if let Source::Call(a) = src {
                            a.finish(self);
                        }
                        result
                    }
                    Value::Word(w) => {
                        self.option(&V { value: Value::Word(w), span }, "integration type", KINDS)?;
                        let d = Diagnostic::error("E0301", span, "an integration is a call")
                            .label("missing arguments")
                            .help("write e.g. `integration = lambda_proxy(my_function)` or `integration = mock()`");
                        self.diags.push(d);
                        None
                    }
                    _ => {
                        self.type_error(&v, "an integration such as `lambda_proxy(fn)`");
                        None
                    }
                }
            }
            (None, Some((b, env))) => {
                let Some(kind_label) = b.labels.first() else {
                    let d = Diagnostic::error("E0206", b.kind.span, "integration block needs a type")
                        .label("no type")
                        .help(format!("write `integration lambda {{ ... }}`; types: {}", KINDS.join(", ")));
                    self.diags.push(d);
                    return None;
                };
                let kind =
                    self.option(&V { value: Value::Word(kind_label.name.clone()), span: kind_label.span }, "integration type", KINDS)?;
                let mut bprops = Props::of_body(&b.body, &env, format!("integration {kind}"));
                // The header `integration KIND`, not the whole block, so labels stay on one line.
                let span = b.kind.span.to(kind_label.span);
                let result = self.integration_from(kind, &mut Source::Block(&mut bprops), &info, span, Some(&env));
                bprops.finish(self);
                result
            }
            (Some(v), Some((b, _))) => {
                let d = Diagnostic::error("E0202", b.kind.span, "integration given twice")
                    .label("block")
                    .with_secondary(v.span, "and property");
                self.diags.push(d);
                None
            }
            (None, None) => {
                let d = Diagnostic::error("E0206", r.method.span.to(r.path.span), "route has no integration")
                    .label("no backend")
                    .help("add e.g. `integration = lambda_proxy(my_function)`, `http_proxy(\"https://...\")` or `mock()`");
                self.diags.push(d);
                None
            }
        }
    }

    fn integration_from(
        &mut self,
        kind: &str,
        src: &mut Source<'_, 'w>,
        info: &RouteInfo,
        span: Span,
        env: Option<&Rc<Env>>,
    ) -> Option<Integration> {
        let timeout_ms =
            src.get(self, "timeout").and_then(|v| self.duration_ms(&v, "integration timeout", 50.0, 29_000.0)).map(|ms| ms as u32);
        let role_v = src.get(self, "role");
        let credentials = role_v.as_ref().and_then(|v| self.role(v));
        let passthrough = src
            .get(self, "passthrough")
            .and_then(|v| self.option(&v, "passthrough behaviour", &["when_no_match", "when_no_templates", "never"]))
            .map(|w| match w {
                "when_no_templates" => Passthrough::WhenNoTemplates,
                "never" => Passthrough::Never,
                _ => Passthrough::WhenNoMatch,
            });
        let mut request_parameters = IndexMap::new();
        let mut request_templates = IndexMap::new();
        let mut responses = Vec::new();
        // Private integrations (HTTP kinds only) go through a VPC link.
        let mut vpc_link: Option<String> = None;
        if let Source::Block(props) = src {
            if let Some((b, benv)) = props.block(self, "request_parameters") {
                request_parameters = self.request_parameters(b, &benv, info);
            }
            if let Some((b, benv)) = props.block(self, "request_templates") {
                request_templates = self.templates(b, &benv, info);
            }
            for (b, benv) in props.blocks("response") {
                if let Some(r) = self.integration_response(b, &benv, info) {
                    responses.push(r);
                }
            }
        }
        let _ = env;
        let kind_model = match kind {
            "lambda_proxy" | "lambda" => {
                let f = src.get(self, "function");
                let f = match f {
                    Some(v) => self.function(&v)?,
                    None => return self.missing(span, "function", "the Lambda function, e.g. `lambda_proxy(my_function)`"),
                };
                if kind == "lambda" {
                    IntegrationKind::Lambda { function: f }
                } else {
                    IntegrationKind::LambdaProxy { function: f }
                }
            }
            "http_proxy" | "http" => {
                // Read every setting before returning early, so none is reported as unknown.
                let (url_v, method_v) = (src.get(self, "url"), src.get(self, "method"));
                let vpc_link_v = src.get(self, "vpc_link");
                let url = match url_v {
                    Some(v) => (self.text(&v)?, v.span),
                    None => {
                        return self.missing(span, "url", "the backend URL, e.g. `http_proxy(\"https://backend.example.com/{proxy}\")`")
                    }
                };
                let method = match method_v {
                    Some(v) => Method::parse(self.option(
                        &v,
                        "HTTP method",
                        &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"],
                    )?)?,
                    None => info.method,
                };
                if let Some(v) = vpc_link_v {
                    vpc_link = match v.value {
                        Value::Word(w) => Some(w),
                        _ => {
                            self.type_error(&v, "a `vpc_link` name");
                            None
                        }
                    };
                }
                self.check_url(&url.0, url.1);
                self.map_placeholders(&url.0, url.1, info, &mut request_parameters);
                IntegrationKind::Http { url: url.0, method, proxy: kind == "http_proxy" }
            }
            "aws" => {
                let assign = if matches!(src, Source::Call(_)) { ":" } else { " =" };
                let service_v = src.get(self, "service");
                let (region_v, action_v, path_v, method_v) =
                    (src.get(self, "region"), src.get(self, "action"), src.get(self, "path"), src.get(self, "method"));
                let service = match service_v {
                    Some(v) => match &v.value {
                        Value::Word(w) => w.clone(),
                        _ => self.literal(&v)?,
                    },
                    None => {
                        return self.missing(
                            span,
                            "service",
                            "the AWS service, e.g. `aws(dynamodb, action: \"PutItem\", role: table_role)`",
                        )
                    }
                };
                let region = region_v.and_then(|v| self.literal(&v));
                let target = match (action_v, path_v) {
                    (Some(av), None) => AwsTarget::Action(self.literal(&av)?),
                    (None, Some(pv)) => {
                        let p = self.literal(&pv)?;
                        self.map_placeholders(&Text::lit(p.clone()), pv.span, info, &mut request_parameters);
                        AwsTarget::Path(p.trim_start_matches('/').to_string())
                    }
                    _ => {
                        let d = Diagnostic::error("E0206", span, "an `aws` integration needs exactly one of `action` or `path`")
                            .label("AWS integration")
                            .help(format!("write `action{assign} \"PutItem\"` for action-style APIs or `path{assign} \"bucket/{{key}}\"` for path-style ones"));
                        self.diags.push(d);
                        return None;
                    }
                };
                let method = match method_v {
                    Some(v) => Method::parse(self.option(&v, "HTTP method", &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"])?)?,
                    None => match target {
                        AwsTarget::Action(_) => Method::POST,
                        AwsTarget::Path(_) => {
                            if info.method == Method::ANY {
                                Method::POST
                            } else {
                                info.method
                            }
                        }
                    },
                };
                if role_v.is_none() {
                    let d = Diagnostic::error("E0206", span, "an `aws` integration needs `role`")
                        .label("no credentials")
                        .help(format!("API Gateway needs a role it can assume to call the service: add `role{assign} my_role`"));
                    self.diags.push(d);
                }
                IntegrationKind::Aws { service, region, target, method }
            }
            _ => {
                let status = match src.get(self, "status") {
                    Some(v) => self.integer(&v, "mock status", 100, 599)? as u16,
                    // Without a status, answer with the default response's status.
                    None => responses.iter().find(|r| r.pattern.is_none()).map_or(200, |r| r.status),
                };
                if request_templates.is_empty() {
                    request_templates.insert("application/json".to_string(), format!("{{\"statusCode\": {status}}}"));
                }
                if responses.is_empty() {
                    responses.push(IntegrationResponse {
                        status,
                        pattern: None,
                        headers: IndexMap::new(),
                        templates: IndexMap::new(),
                        span,
                    });
                }
                IntegrationKind::Mock
            }
        };
        let proxy = kind_model.is_proxy();
        if proxy && (!request_templates.is_empty() || !responses.is_empty()) {
            let d = Diagnostic::error("E0301", span, format!("`{kind}` passes requests and responses through unchanged"))
                .label("templates or responses on a proxy integration")
                .help(format!("use `{}` for mapping templates and integration responses", kind.trim_end_matches("_proxy")));
            self.diags.push(d);
        }
        if !proxy && responses.is_empty() {
            responses.push(IntegrationResponse { status: 200, pattern: None, headers: IndexMap::new(), templates: IndexMap::new(), span });
        } else if !proxy && !responses.iter().any(|r| r.pattern.is_none()) {
            let d = Diagnostic::warning("E0414", span, "no default integration response")
                .label("every response has a `pattern`")
                .help("add a response without `pattern` (e.g. `response 200 {}`), or unmatched backend results become 500 errors");
            self.diags.push(d);
        }
        Some(Integration {
            kind: kind_model,
            timeout_ms,
            request_parameters,
            request_templates,
            passthrough,
            responses,
            credentials,
            vpc_link,
            v2: None,
            span,
        })
    }

    fn missing<T>(&mut self, span: Span, what: &str, help: &str) -> Option<T> {
        let d = Diagnostic::error("E0206", span, format!("integration needs `{what}`"))
            .label(format!("missing `{what}`"))
            .help(format!("give {help}"));
        self.diags.push(d);
        None
    }

    fn check_url(&mut self, url: &Text, span: Span) {
        if let Some(TextPart::Lit(first)) = url.parts.first() {
            if !(first.starts_with("https://") || first.starts_with("http://")) {
                let d =
                    Diagnostic::error("E0301", span, "integration URL must start with `https://` or `http://`").label("not an HTTP URL");
                self.diags.push(d);
            }
        }
    }

    /// Maps each `{name}` in a backend URL or path from the route's path variable of that name.
    fn map_placeholders(&mut self, target: &Text, span: Span, info: &RouteInfo, mapping: &mut IndexMap<String, MappingValue>) {
        for part in &target.parts {
            let TextPart::Lit(s) = part else { continue };
            let mut rest = s.as_str();
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}') else { break };
                let name = rest[open + 1..open + close].trim_end_matches('+').to_string();
                rest = &rest[open + close + 1..];
                let key = format!("integration.request.path.{name}");
                if mapping.contains_key(&key) {
                    continue;
                }
                if info.path.is_some_and(|p| p.vars().any(|v| v == name)) {
                    mapping.insert(key, MappingValue::Expr(format!("method.request.path.{name}")));
                } else if info.path.is_some() {
                    let d = Diagnostic::error("E0405", span, format!("`{{{name}}}` is not a path variable of this route"))
                        .label("placeholder without a value")
                        .help(format!("add `{{{name}}}` to the route path, or map it: `request_parameters {{ path.{name} = ... }}`"));
                    self.diags.push(d);
                }
            }
        }
    }

    /// `request_parameters { path.id = path.petId  header.X-Trace = context.requestId }`
    fn request_parameters(&mut self, b: &ast::Block, env: &Rc<Env>, info: &RouteInfo) -> IndexMap<String, MappingValue> {
        let mut out = IndexMap::new();
        for s in &b.body.stmts {
            let ast::Stmt::Attr(a) = s else {
                let d = Diagnostic::error("E0205", b.kind.span, "only `location.name = value` entries belong in `request_parameters`")
                    .label("here");
                self.diags.push(d);
                continue;
            };
            let Some((loc, name)) = a.key.name.split_once('.') else {
                let d = Diagnostic::error("E0301", a.key.span, format!("`{}` does not name a backend parameter", a.key.name))
                    .label("expected `path.NAME`, `query.NAME` or `header.NAME`");
                self.diags.push(d);
                continue;
            };
            let loc = match loc {
                "path" => "path",
                "query" | "querystring" => "querystring",
                "header" => "header",
                other => {
                    let d = Diagnostic::error("E0303", a.key.span, format!("unknown parameter location `{other}`"))
                        .label("expected path, query or header");
                    self.diags.push(d);
                    continue;
                }
            };
            let v = self.eval(&a.value, env);
            if let Some(m) = self.mapping_value(&v, info, "method.request") {
                out.insert(format!("integration.request.{loc}.{name}"), m);
            }
        }
        out
    }

    /// A mapping source: a request reference (`path.id`, `query.q`, `header.H`, `context.x`,
    /// `stage_variables.x`), a backend reference in responses, or a static string.
    fn mapping_value(&mut self, v: &V, info: &RouteInfo, prefix: &str) -> Option<MappingValue> {
        match &v.value {
            Value::Text(_) | Value::Raw(_) => self.literal(v).map(MappingValue::Static),
            Value::Word(w) => {
                let (head, rest) = w.split_once('.').unwrap_or((w.as_str(), ""));
                let bad = rest.is_empty();
                match head {
                    _ if bad => {}
                    "path" | "query" | "header" if prefix == "method.request" => {
                        let loc = match head {
                            "path" => ParamLocation::Path,
                            "query" => ParamLocation::Query,
                            _ => ParamLocation::Header,
                        };
                        self.require_declared(loc, rest, v.span, info);
                        return Some(MappingValue::Expr(format!("method.request.{}.{rest}", loc.mapping_word())));
                    }
                    "context" => return Some(MappingValue::Expr(format!("context.{rest}"))),
                    "stage_variables" => return Some(MappingValue::Expr(format!("stageVariables.{rest}"))),
                    "backend" if prefix == "integration.response" => {
                        let (kind, name) = rest.split_once('.').unwrap_or((rest, ""));
                        if matches!(kind, "header" | "body") && !name.is_empty() {
                            return Some(MappingValue::Expr(format!("integration.response.{kind}.{name}")));
                        }
                    }
                    _ => {}
                }
                let help = if prefix == "method.request" {
                    "use `path.NAME`, `query.NAME`, `header.NAME`, `context.NAME`, `stage_variables.NAME` or a \"static string\""
                } else {
                    "use `backend.header.NAME`, `backend.body.FIELD`, `context.NAME`, `stage_variables.NAME` or a \"static string\""
                };
                let d = Diagnostic::error("E0201", v.span, format!("unknown mapping source `{w}`")).label("not a request value").help(help);
                self.diags.push(d);
                None
            }
            _ => {
                self.type_error(v, "a mapping source such as `path.id` or a \"static string\"");
                None
            }
        }
    }

    fn require_declared(&mut self, loc: ParamLocation, name: &str, span: Span, info: &RouteInfo) {
        let declared = info
            .params
            .iter()
            .any(|p| p.location == loc && (p.name == name || (loc == ParamLocation::Header && p.name.eq_ignore_ascii_case(name))));
        if !declared && info.path.is_some() {
            let word = match loc {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            let help = if loc == ParamLocation::Path {
                format!("add `{{{name}}}` to the route path")
            } else {
                format!("declare it in the route: `{word} {name}` (or `{word} {name}?` if optional)")
            };
            let d = Diagnostic::error("E0405", span, format!("{word} parameter `{name}` is used but not declared"))
                .label("not declared by the route")
                .help(help);
            self.diags.push(d);
        }
    }

    /// `request_templates { "application/json" = """...""" }` (also used for responses).
    fn templates(&mut self, b: &ast::Block, env: &Rc<Env>, info: &RouteInfo) -> IndexMap<String, String> {
        let mut out = IndexMap::new();
        for s in &b.body.stmts {
            let ast::Stmt::Attr(a) = s else {
                let d = Diagnostic::error("E0205", b.kind.span, "only `\"content/type\" = \"\"\"template\"\"\"` entries belong here")
                    .label("here");
                self.diags.push(d);
                continue;
            };
            if !a.key.name.contains('/') {
                let d = Diagnostic::error("E0301", a.key.span, format!("`{}` is not a content type", a.key.name))
                    .label("expected e.g. \"application/json\"")
                    .help("quote the content type: `\"application/json\" = \"\"\"...\"\"\"`");
                self.diags.push(d);
                continue;
            }
            let v = self.eval(&a.value, env);
            if let Some(t) = self.literal(&v) {
                // A """raw""" literal's text maps one to one onto the source, so labels can point
                // at the exact `$input.params(...)` call.
                let raw_start = matches!(a.value.kind, ast::ExprKind::Raw(_)).then_some(a.value.span.start + 3);
                self.check_template_params(&t, v.span, raw_start, info);
                out.insert(a.key.name.clone(), t);
            }
        }
        out
    }

    /// `$input.params('x')` and `$input.params().querystring.get('x')` must name declared parameters.
    fn check_template_params(&mut self, template: &str, span: Span, raw_start: Option<u32>, info: &RouteInfo) {
        for (loc, name, range) in template_param_refs(template) {
            let declared = info.params.iter().any(|p| {
                (loc.is_none() || loc == Some(p.location))
                    && (p.name == name || (p.location == ParamLocation::Header && p.name.eq_ignore_ascii_case(&name)))
            });
            if !declared {
                let span = match raw_start {
                    Some(base) => Span::new(span.file, base as usize + range.start, base as usize + range.end),
                    None => span,
                };
                let help = match loc {
                    Some(ParamLocation::Path) => format!("add `{{{name}}}` to the route path"),
                    Some(ParamLocation::Query) => format!("declare it in the route: `query {name}` (or `query {name}?` if optional)"),
                    Some(ParamLocation::Header) => format!("declare it in the route: `header {name}` (or `header {name}?` if optional)"),
                    None => format!("declare it in the route, e.g. `query {name}` or `header {name}`"),
                };
                let d = Diagnostic::error(
                    "E0405",
                    span,
                    format!("template reads request parameter `{name}`, which the route does not declare"),
                )
                .label("read here")
                .help(help);
                self.diags.push(d);
            }
        }
    }

    fn integration_response(&mut self, b: &'w ast::Block, env: &Rc<Env>, info: &RouteInfo) -> Option<IntegrationResponse> {
        let status = self.status_label(b)?;
        let mut props = Props::of_body(&b.body, env, format!("integration response {status}"));
        let pattern = props.get(self, "pattern").and_then(|v| self.literal(&v));
        let mut headers = IndexMap::new();
        if let Some((hb, henv)) = props.block(self, "headers") {
            for s in &hb.body.stmts {
                let ast::Stmt::Attr(a) = s else {
                    let d =
                        Diagnostic::error("E0205", hb.kind.span, "only `Header-Name = value` entries belong in `headers`").label("here");
                    self.diags.push(d);
                    continue;
                };
                let v = self.eval(&a.value, &henv);
                if let Some(m) = self.mapping_value(&v, info, "integration.response") {
                    headers.insert(a.key.name.clone(), m);
                }
            }
        }
        let templates = match props.block(self, "templates") {
            Some((tb, tenv)) => self.templates(tb, &tenv, info),
            None => IndexMap::new(),
        };
        props.finish(self);
        Some(IntegrationResponse { status, pattern, headers, templates, span: b.span })
    }
}

/// The request parameters a VTL template reads: `(location, name)`, location None for
/// `$input.params('x')`, which searches every location; with the byte range of each read.
fn template_param_refs(t: &str) -> Vec<(Option<ParamLocation>, String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut rest = t;
    // The end of a read: after the closing quote, and the `)` if it follows.
    let end_of = |after_open: &str, name: &str| {
        let end = t.len() - after_open.len() + name.len() + 2;
        if t[end..].starts_with(')') {
            end + 1
        } else {
            end
        }
    };
    while let Some(i) = rest.find("$input.params(") {
        let start = t.len() - rest.len() + i;
        rest = &rest[i + "$input.params(".len()..];
        if let Some(name) = quoted_arg(rest) {
            let end = end_of(rest, &name);
            out.push((None, name, start..end));
            continue;
        }
        if let Some(after) = rest.strip_prefix(").") {
            for (word, loc) in [("path", ParamLocation::Path), ("querystring", ParamLocation::Query), ("header", ParamLocation::Header)] {
                if let Some(get) = after.strip_prefix(word).and_then(|a| a.strip_prefix(".get(")) {
                    if let Some(name) = quoted_arg(get) {
                        let end = end_of(get, &name);
                        out.push((Some(loc), name, start..end));
                    }
                }
            }
        }
    }
    out
}

fn quoted_arg(s: &str) -> Option<String> {
    let q = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let end = s[1..].find(q)?;
    let name = &s[1..1 + end];
    (!name.is_empty() && !name.contains('$')).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn finds_template_parameter_reads() {
        let t = "{\"id\": \"$input.params('id')\", \"q\": \"$input.params().querystring.get('q')\", \"all\": $input.params()}";
        let refs = template_param_refs(t);
        let names: Vec<_> = refs.iter().map(|(l, n, _)| (*l, n.as_str())).collect();
        assert_eq!(names, vec![(None, "id"), (Some(ParamLocation::Query), "q")]);
        let texts: Vec<&str> = refs.iter().map(|(_, _, r)| &t[r.clone()]).collect();
        assert_eq!(texts, vec!["$input.params('id')", "$input.params().querystring.get('q')"]);
    }
}
