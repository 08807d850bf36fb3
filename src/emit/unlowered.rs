//! What a target does not lower: one coded diagnostic per Model feature, never a silent drop.
//!
//! Every emitter other than CloudFormation asks this module, before it writes anything, which
//! features of an API it would leave out. A feature either is lowered by the target, lies outside
//! what the target describes by definition (OpenAPI is the API definition an import reads: stages,
//! deployments, usage plans, keys, domains and account settings are not part of it, as
//! `tests/parity.rs` lists with reasons), or is an E0500 error pointing at its source.

use crate::diag::Diagnostic;
use crate::model::{Api, ApiKind, LoggingRole, Program};
use crate::source::Span;

/// A target other than CloudFormation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Terraform,
    OpenApi,
}

impl Target {
    fn word(self) -> &'static str {
        match self {
            Target::Terraform => "Terraform",
            Target::OpenApi => "OpenAPI",
        }
    }
}

/// The kinds of Model features whose lowering differs between targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Model,
    RequestValidation,
    ResponseModels,
    CacheKeys,
    CacheCluster,
    Canary,
    GatewayResponse,
    ApiKey,
    UsagePlan,
    Domain,
    VpcLink,
    /// A private integration through a VPC link.
    VpcLinkConnection,
    ClientCertificate,
    LoggingRole,
    WebAcl,
    Documentation,
}

/// How a target treats a kind of feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Support {
    Lowered,
    /// Not part of what the target describes (OpenAPI: not part of an API definition).
    OutsideTarget,
    NotYet,
}

fn support(target: Target, kind: Kind) -> Support {
    use Kind::*;
    match target {
        Target::Terraform => match kind {
            Canary => Support::NotYet,
            Model | RequestValidation | ResponseModels | CacheKeys | CacheCluster | GatewayResponse | ApiKey | UsagePlan | Domain
            | VpcLink | VpcLinkConnection | ClientCertificate | LoggingRole | WebAcl | Documentation => Support::Lowered,
        },
        Target::OpenApi => match kind {
            CacheCluster | Canary | ApiKey | UsagePlan | Domain | VpcLink | ClientCertificate | LoggingRole | WebAcl => {
                Support::OutsideTarget
            }
            Model | RequestValidation | ResponseModels | CacheKeys | VpcLinkConnection | GatewayResponse | Documentation => {
                Support::Lowered
            }
        },
    }
}

/// One use of a feature: what it is, in words, and where.
struct Feature {
    kind: Kind,
    what: String,
    span: Span,
}

/// Every feature of `api` whose lowering differs between targets.
fn features(api: &Api) -> Vec<Feature> {
    let mut out = Vec::new();
    let mut add = |kind, what: String, span| out.push(Feature { kind, what, span });
    for m in &api.models {
        add(Kind::Model, format!("model `{}`", m.name), m.span);
    }
    for r in &api.routes {
        let route = match &r.key {
            crate::model::RouteKey::Http { method, path } => format!("`{} {}`", method.as_str(), path.text()),
            crate::model::RouteKey::Default => "`$default`".to_string(),
            crate::model::RouteKey::Websocket(k) => format!("`{k}`"),
        };
        if r.body.is_some() || r.validator.is_some() {
            add(Kind::RequestValidation, format!("the request body model and validation of {route}"), r.span);
        }
        for m in r.responses.iter().filter(|m| !m.models.is_empty()) {
            add(Kind::ResponseModels, format!("the response models of {route} ({})", m.status), m.span);
        }
        if r.cache.as_ref().is_some_and(|c| c.enabled && !c.keys.is_empty()) {
            add(Kind::CacheKeys, format!("the cache keys of {route}"), r.span);
        }
        if let Some(l) = &r.integration.vpc_link {
            add(Kind::VpcLinkConnection, format!("the private integration (VPC link `{l}`) of {route}"), r.integration.span);
        }
    }
    for s in &api.stages {
        if s.cache.is_some() {
            add(Kind::CacheCluster, format!("the cache cluster of stage `{}`", s.name), s.span);
        }
        if s.canary.is_some() {
            add(Kind::Canary, format!("the canary of stage `{}`", s.name), s.span);
        }
        if let Some(c) = &s.client_certificate {
            add(Kind::ClientCertificate, format!("client certificate `{c}` of stage `{}`", s.name), s.span);
        }
        if s.web_acl.is_some() {
            add(Kind::WebAcl, format!("the web ACL of stage `{}`", s.name), s.span);
        }
    }
    for g in &api.gateway_responses {
        add(Kind::GatewayResponse, format!("gateway response `{}`", g.kind), g.span);
    }
    for k in &api.api_keys {
        add(Kind::ApiKey, format!("API key `{}`", k.name), k.span);
    }
    for p in &api.usage_plans {
        add(Kind::UsagePlan, format!("usage plan `{}`", p.name), p.span);
    }
    for d in &api.domains {
        add(Kind::Domain, format!("custom domain `{}`", d.name.as_lit().unwrap_or("(computed)")), d.span);
    }
    for l in &api.vpc_links {
        add(Kind::VpcLink, format!("VPC link `{}`", l.name), l.span);
    }
    for c in &api.client_certificates {
        add(Kind::ClientCertificate, format!("client certificate `{}`", c.name), c.span);
    }
    if matches!(api.logging_role, Some(LoggingRole::Create | LoggingRole::Role(_))) {
        add(Kind::LoggingRole, "the account's CloudWatch logging role (`logging_role`)".to_string(), api.span);
    }
    for d in &api.docs {
        let route = api
            .routes
            .iter()
            .find(|r| matches!(&r.key, crate::model::RouteKey::Http { method, path } if Some(*method) == d.method && Some(path) == d.path.as_ref()));
        let what = match (d.method, &d.path) {
            (Some(m), Some(p)) => format!("the documentation of `{} {}`", m.as_str(), p.text()),
            _ => "the API's documentation".to_string(),
        };
        add(Kind::Documentation, what, route.map(|r| r.span).unwrap_or(api.span));
    }
    out
}

/// The diagnostics that keep `api` from being written as `target`: E0501/E0502 for an API kind
/// the target does not write, E0500 for each feature it does not lower. Empty when the target
/// writes everything of the API it is meant to describe.
pub fn diagnostics(target: Target, _program: &Program, api: &Api) -> Vec<Diagnostic> {
    let kind = match api.kind {
        ApiKind::Rest => "REST",
        ApiKind::Http => "HTTP",
        ApiKind::Websocket => "WebSocket",
    };
    match (target, api.kind) {
        (_, ApiKind::Rest) => {}
        (Target::OpenApi, ApiKind::Websocket) => {
            return vec![Diagnostic::error("E0502", api.span, format!("WebSocket API `{}` has no OpenAPI form", api.name))
                .label("a WebSocket API")
                .help("OpenAPI describes request-response APIs only; build this API with `--target cloudformation` (the default)")];
        }
        _ => {
            return vec![Diagnostic::error("E0501", api.span, format!("the {} target does not write {kind} APIs yet", target.word()))
                .label(format!("this {kind} API"))
                .help("build this API with `--target cloudformation` (the default)")];
        }
    }
    features(api)
        .into_iter()
        .filter(|f| support(target, f.kind) == Support::NotYet)
        .map(|f| {
            let help = match (target, f.kind) {
                (Target::Terraform, Kind::Canary) => {
                    "a canary stage keeps serving the previous deployment, which Terraform destroys when it replaces the deployment \
                     (CloudFormation retains it); build this API with `--target cloudformation` (the default), or remove the canary"
                }
                _ => "build this API with `--target cloudformation` (the default), which lowers it, or remove the feature from the program",
            };
            Diagnostic::error("E0500", f.span, format!("the {} target does not lower {} yet", target.word(), f.what))
                .label(format!("not written to {}", target.word()))
                .help(help)
        })
        .collect()
}
