//! The kind capability matrix: which API kinds have which feature, and the E0408 that names the
//! kind that has one when a program uses it on another.

use super::props::Props;
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::ApiKind;
use crate::syntax::ast::Stmt;

/// Where a feature is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Api,
    Route,
    Stage,
    Integration,
}

const REST: &[ApiKind] = &[ApiKind::Rest];
const REST_HTTP: &[ApiKind] = &[ApiKind::Rest, ApiKind::Http];
const REST_WS: &[ApiKind] = &[ApiKind::Rest, ApiKind::Websocket];
const HTTP: &[ApiKind] = &[ApiKind::Http];
const WS: &[ApiKind] = &[ApiKind::Websocket];

/// `(place, property or block, kinds that have it, what it is)`.
const MATRIX: &[(Place, &str, &[ApiKind], &str)] = &[
    (Place::Api, "endpoint", REST, "endpoint types (HTTP and WebSocket APIs are regional)"),
    (Place::Api, "vpc_endpoints", REST, "private endpoints"),
    (Place::Api, "binary_media_types", REST, "binary media types"),
    (Place::Api, "minimum_compression", REST, "payload compression"),
    (Place::Api, "api_key_source", REST, "API key sources"),
    (Place::Api, "validate", REST, "request validation"),
    (Place::Api, "model", REST, "request models"),
    (Place::Api, "usage_plan", REST_WS, "usage plans"),
    (Place::Api, "api_key", REST_WS, "API keys"),
    (Place::Api, "gateway_response", REST, "gateway responses"),
    (Place::Api, "policy", REST, "resource policies"),
    (Place::Api, "client_certificate", REST_WS, "client certificates"),
    (Place::Api, "cors", REST_HTTP, "the `cors` configuration"),
    (Place::Api, "api_key_required", REST_WS, "API keys"),
    (Place::Api, "logging_role", REST_WS, "the account logging role (HTTP APIs log without it)"),
    (Place::Api, "route_selection", WS, "route selection"),
    (Place::Api, "api_key_selection", WS, "API key selection"),
    (Place::Route, "cache", REST, "caching"),
    (Place::Route, "body", REST, "request models"),
    (Place::Route, "validate", REST, "request validation"),
    (Place::Api, "documentation", REST, "documentation parts"),
    (Place::Route, "summary", REST, "documentation parts"),
    (Place::Route, "documentation", REST, "documentation parts"),
    (Place::Route, "description", REST, "documentation parts"),
    (Place::Route, "api_key_required", REST_WS, "API keys"),
    (Place::Route, "response", REST_WS, "method and route responses"),
    (Place::Stage, "cache", REST, "caching"),
    (Place::Stage, "canary", REST, "canary releases"),
    (Place::Stage, "web_acl", REST, "WAF web ACLs"),
    (Place::Stage, "tracing", REST, "X-Ray tracing"),
    (Place::Stage, "client_certificate", REST_WS, "client certificates"),
    (Place::Stage, "logging", REST_WS, "execution logs"),
    (Place::Stage, "data_trace", REST_WS, "execution logs"),
    (Place::Integration, "request_templates", REST_WS, "mapping templates (VTL)"),
    (Place::Integration, "passthrough", REST_WS, "mapping templates (VTL)"),
    (Place::Integration, "template_selection", WS, "template selection"),
    (Place::Integration, "payload", HTTP, "payload format versions"),
    (Place::Integration, "tls_server_name", HTTP, "TLS settings of private integrations"),
];

/// Integration types and the kinds that have them.
pub(crate) const INTEGRATION_KINDS: &[(&str, &[ApiKind])] = &[
    ("lambda_proxy", &[ApiKind::Rest, ApiKind::Http, ApiKind::Websocket]),
    ("http_proxy", &[ApiKind::Rest, ApiKind::Http, ApiKind::Websocket]),
    ("aws", &[ApiKind::Rest, ApiKind::Http, ApiKind::Websocket]),
    ("lambda", REST_WS),
    ("http", REST_WS),
    ("mock", REST_WS),
];

/// Authorizer types and the kinds that have them.
pub(crate) const AUTHORIZER_KINDS: &[(&str, &[ApiKind])] =
    &[("request", &[ApiKind::Rest, ApiKind::Http, ApiKind::Websocket]), ("token", REST), ("cognito", REST), ("jwt", HTTP)];

/// The kinds that have the feature `key` at `place`, when `kind` is not one of them.
pub(crate) fn lacks(place: Place, key: &str, kind: ApiKind) -> Option<(&'static [ApiKind], &'static str)> {
    MATRIX.iter().find(|(p, k, has, _)| *p == place && *k == key && !has.contains(&kind)).map(|(_, _, has, what)| (*has, *what))
}

/// "REST APIs", "REST and WebSocket APIs".
pub(crate) fn kinds_phrase(kinds: &[ApiKind]) -> String {
    let names: Vec<&str> = kinds
        .iter()
        .map(|k| match k {
            ApiKind::Rest => "REST",
            ApiKind::Http => "HTTP",
            ApiKind::Websocket => "WebSocket",
        })
        .collect();
    let joined = match names.as_slice() {
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    };
    format!("{joined} APIs")
}

/// "REST", "HTTP", "WebSocket".
pub(crate) fn kind_name(kind: ApiKind) -> &'static str {
    match kind {
        ApiKind::Rest => "REST",
        ApiKind::Http => "HTTP",
        ApiKind::Websocket => "WebSocket",
    }
}

/// The E0408 for a feature (`subject` says what is written, with its verb: "`cache` is") that
/// only `has` kinds have, used on a `kind` API; `what` names the feature.
pub(crate) fn unsupported(span: crate::source::Span, subject: &str, what: &str, kind: ApiKind, has: &[ApiKind]) -> Diagnostic {
    let keyword = has.first().map(|k| k.word()).unwrap_or("rest");
    Diagnostic::error("E0408", span, format!("{subject} only available on {}", kinds_phrase(has)))
        .label(format!("{what}: not supported by {} APIs", kind_name(kind)))
        .help(format!("remove it, or declare the API as `{keyword} api` if it needs {what}"))
}

impl<'w> Cx<'w> {
    /// Reports (E0408) and consumes every property and block at `place` that `kind` lacks.
    pub(crate) fn kind_matrix(&mut self, props: &mut Props<'w>, kind: ApiKind, place: Place) {
        for (p, key, has, what) in MATRIX {
            if *p != place || has.contains(&kind) {
                continue;
            }
            let found = props.take(|s| match s {
                Stmt::Attr(a) if a.key.name == *key => Some(a.key.span),
                Stmt::Block(b) if b.kind.name == *key => Some(b.kind.span),
                _ => None,
            });
            for (span, _) in found {
                self.diags.push(unsupported(span, &format!("`{key}` is"), what, kind, has));
            }
        }
        if place == Place::Route && kind != ApiKind::Rest {
            for (span, _) in props.take(|s| if let Stmt::RequestParam(p) = s { Some(p.span) } else { None }) {
                self.diags.push(unsupported(span, "declaring request parameters is", "request parameter declarations", kind, REST));
            }
        }
    }

    /// `stage $default` (served at the root URL, deployed automatically) is an HTTP API's.
    pub(crate) fn check_default_stage(&mut self, api: &crate::model::Api) {
        if api.kind == ApiKind::Http {
            return;
        }
        for s in api.stages.iter().filter(|s| s.name == "$default") {
            self.diags.push(unsupported(s.span, "the `$default` stage is", "`$default` stages", api.kind, HTTP));
        }
    }
}
