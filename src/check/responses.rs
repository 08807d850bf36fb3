//! Checks `gateway_response TYPE { status headers templates }`: API Gateway's own error responses.

use super::eval::{Env, Value, V};
use super::props::Props;
use super::Cx;
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{GatewayResponse, MappingValue};
use crate::syntax::ast;
use indexmap::IndexMap;
use std::rc::Rc;

/// Every response type API Gateway lets a REST API customise, lower-cased as written in gwc.
pub(crate) const RESPONSE_TYPES: &[&str] = &[
    "access_denied",
    "api_configuration_error",
    "authorizer_configuration_error",
    "authorizer_failure",
    "bad_request_body",
    "bad_request_parameters",
    "default_4xx",
    "default_5xx",
    "expired_token",
    "integration_failure",
    "integration_timeout",
    "invalid_api_key",
    "invalid_signature",
    "missing_authentication_token",
    "quota_exceeded",
    "request_too_large",
    "resource_not_found",
    "throttled",
    "unauthorized",
    "unsupported_media_type",
    "waf_filtered",
];

impl<'w> Cx<'w> {
    pub(crate) fn gateway_responses(&mut self, props: &mut Props<'w>) -> Vec<GatewayResponse> {
        let mut out: Vec<GatewayResponse> = Vec::new();
        for (b, env) in props.blocks("gateway_response") {
            let Some(r) = self.gateway_response(b, &env) else {
                continue;
            };
            if let Some(prev) = out.iter().find(|p| p.kind == r.kind) {
                let d = Diagnostic::error("E0202", r.span, format!("gateway response `{}` is declared twice", r.kind.to_lowercase()))
                    .label("second declaration")
                    .with_secondary(prev.span, "first declared here")
                    .help("merge the two blocks");
                self.diags.push(d);
                continue;
            }
            out.push(r);
        }
        out.sort_by(|a, b| a.kind.cmp(&b.kind));
        out
    }

    fn gateway_response(&mut self, b: &'w ast::Block, env: &Rc<Env>) -> Option<GatewayResponse> {
        let Some(label) = b.labels.first() else {
            let d = Diagnostic::error("E0206", b.kind.span, "`gateway_response` needs a response type")
                .label("no type")
                .help("write e.g. `gateway_response default_4xx { ... }`");
            self.diags.push(d);
            return None;
        };
        let word = label.name.to_lowercase();
        if !RESPONSE_TYPES.contains(&word.as_str()) {
            let mut d = Diagnostic::error("E0303", label.span, format!("unknown gateway response type `{}`", label.name))
                .label("not a response type");
            d = match did_you_mean(&word, RESPONSE_TYPES.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("types: {}", RESPONSE_TYPES.join(", "))),
            };
            self.diags.push(d);
            return None;
        }
        let mut props = Props::of_body(&b.body, env, format!("gateway_response {word}"));
        let status = props.get(self, "status").and_then(|v| self.integer(&v, "gateway response status", 100, 599)).map(|s| s as u16);
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
                if let Some(m) = self.response_header_value(&v) {
                    headers.insert(a.key.name.clone(), m);
                }
            }
        }
        let mut templates = IndexMap::new();
        if let Some((tb, tenv)) = props.block(self, "templates") {
            for s in &tb.body.stmts {
                let ast::Stmt::Attr(a) = s else { continue };
                if !a.key.name.contains('/') {
                    let d = Diagnostic::error("E0301", a.key.span, format!("`{}` is not a content type", a.key.name))
                        .label("expected e.g. \"application/json\"");
                    self.diags.push(d);
                    continue;
                }
                let v = self.eval(&a.value, &tenv);
                if let Some(t) = self.literal(&v) {
                    templates.insert(a.key.name.clone(), t);
                }
            }
        }
        props.finish(self);
        Some(GatewayResponse { kind: word.to_uppercase(), status, headers, templates, span: label.span })
    }

    /// A gateway response header: a plain string, `context.N`, `stage_variables.N`, or a request
    /// value `header.N`, `query.N`, `path.N`.
    fn response_header_value(&mut self, v: &V) -> Option<MappingValue> {
        match &v.value {
            Value::Word(w) => {
                let (head, name) = w.split_once('.').unwrap_or((w, ""));
                let expr = match head {
                    "context" => format!("context.{name}"),
                    "stage_variables" => format!("stageVariables.{name}"),
                    "header" => format!("method.request.header.{name}"),
                    "query" => format!("method.request.querystring.{name}"),
                    "path" => format!("method.request.path.{name}"),
                    _ => {
                        let d = Diagnostic::error("E0301", v.span, format!("`{w}` is not a response header value"))
                            .label("unknown source")
                            .help("use a string (`\"*\"`), `context.NAME`, `stage_variables.NAME`, or `header.NAME`, `query.NAME`, `path.NAME` of the request");
                        self.diags.push(d);
                        return None;
                    }
                };
                if name.is_empty() {
                    self.type_error(v, "a value such as `context.requestId`");
                    return None;
                }
                Some(MappingValue::Expr(expr))
            }
            _ => self.literal(v).map(MappingValue::Static),
        }
    }
}
