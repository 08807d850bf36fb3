//! Lowers an HTTP or WebSocket API to `aws_apigatewayv2_*` resources, mirroring CloudFormation's v2 lowering.

mod routes;

use super::rest::{function_arn, lambda_uri, permission};
use super::{lit, reference, text, text_list, Resources};
use crate::emit::names::{deployment_hash, pascal, snake, LogicalIds};
use crate::model::{Api, ApiKind, AuthorizerKind, IdentitySource, Program, RouteKey, Stage, Text};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

const API: &str = "aws_apigatewayv2_api";
const AUTHORIZER: &str = "aws_apigatewayv2_authorizer";
const STAGE: &str = "aws_apigatewayv2_stage";
const DEPLOYMENT: &str = "aws_apigatewayv2_deployment";
const VPC_LINK: &str = "aws_apigatewayv2_vpc_link";
const DOMAIN: &str = "aws_apigatewayv2_domain_name";
const API_MAPPING: &str = "aws_apigatewayv2_api_mapping";
const PERMISSION: &str = "aws_lambda_permission";

/// Resource names, unique per kind (collisions get a hash suffix, as in CloudFormation): the
/// API's, one per route (its integration, responses and permission share it), authorizer,
/// stage, VPC link, domain, mapping and Lambda permission.
pub(super) struct Names {
    api: String,
    ids: IndexMap<&'static str, LogicalIds>,
}

/// `OrdersIdGet`, `Default`, `Connect`, `SendMessage`: the readable base of a route's names.
fn route_base(k: &RouteKey) -> String {
    match k {
        RouteKey::Http { method, path } => {
            let p: String =
                if path.segments.is_empty() { "Root".into() } else { path.segments.iter().map(|s| pascal(&s.text())).collect() };
            format!("{p}{}", pascal(&method.as_str().to_lowercase()))
        }
        RouteKey::Default => "Default".into(),
        RouteKey::Websocket(w) => pascal(w),
    }
}

/// `api.example.com` (or the domain's parameters) as a name base.
fn domain_key(d: &crate::model::Domain) -> String {
    d.name
        .parts
        .iter()
        .map(|p| match p {
            crate::model::TextPart::Lit(l) => l.clone(),
            crate::model::TextPart::Param(n) => n.clone(),
            _ => String::new(),
        })
        .collect()
}

impl Names {
    fn new(api: &Api) -> Names {
        let mut ids: IndexMap<&'static str, LogicalIds> = IndexMap::new();
        let mut want = |kind: &'static str, key: String, id: String| ids.entry(kind).or_default().want(key, id);
        let stage_base = |s: &str| pascal(s.trim_start_matches('$'));
        for r in &api.routes {
            let (k, base) = (r.key.text(), route_base(&r.key));
            want("route", k.clone(), base.clone());
            want("permission", format!("route:{k}"), base.clone());
            for s in &api.stages {
                want("permission", format!("route:{k}:{}", s.name), format!("{base}{}", stage_base(&s.name)));
            }
        }
        for a in &api.authorizers {
            want("authorizer", a.name.clone(), pascal(&a.name));
            want("permission", format!("authorizer:{}", a.name), format!("Authorizer{}", pascal(&a.name)));
            for s in &api.stages {
                want(
                    "permission",
                    format!("authorizer:{}:{}", a.name, s.name),
                    format!("Authorizer{}{}", pascal(&a.name), stage_base(&s.name)),
                );
            }
        }
        for s in &api.stages {
            want("stage", s.name.clone(), stage_base(&s.name));
        }
        for l in api.v2.iter().flat_map(|v| &v.vpc_links) {
            want("vpc_link", l.name.clone(), pascal(&l.name));
        }
        for d in &api.domains {
            want("domain", domain_key(d), pascal(&domain_key(d)));
            for m in &d.mappings {
                let key = m.base_path.as_deref().unwrap_or("");
                let part = if key.is_empty() { "Root".to_string() } else { pascal(key) };
                want("mapping", format!("{} {key}", domain_key(d)), format!("{}{part}", pascal(&domain_key(d))));
            }
        }
        for l in ids.values_mut() {
            l.assign();
        }
        Names { api: snake(&api.name), ids }
    }
    pub(super) fn get(&self, kind: &str, key: &str) -> String {
        snake(&self.ids.get(kind).map(|l| l.get(key)).unwrap_or_else(|| pascal(key)))
    }
    pub(super) fn route(&self, k: &RouteKey) -> String {
        self.get("route", &k.text())
    }
    fn stage(&self, s: &str) -> String {
        self.get("stage", s)
    }
    pub(super) fn api_id(&self) -> Value {
        reference(API, &self.api, "id")
    }
}

fn tags(t: &IndexMap<String, Text>) -> Value {
    Value::Object(t.iter().map(|(k, v)| (k.clone(), text(v))).collect())
}

/// Lambda permissions for `f` (`key`: `route:KEY` or `authorizer:NAME`), scoped to
/// `{api}/{scope}` with `{stage}` in the scope standing for the stage; one per stage when the
/// function is chosen by a stage variable.
pub(super) fn permissions(res: &mut Resources, program: &Program, api: &Api, names: &Names, f: &str, key: &str, scope: &str) {
    let source = |stage: &str| format!("${{{API}.{}.execution_arn}}/{}", names.api, scope.replace("{stage}", stage));
    if function_arn(program, f).stage_variables().next().is_none() {
        res.add(PERMISSION, &names.get("permission", key), permission(program, f, source("*"), &IndexMap::new()));
        return;
    }
    for s in &api.stages {
        let name = names.get("permission", &format!("{key}:{}", s.name));
        res.add(PERMISSION, &name, permission(program, f, source(&s.name), &s.variables));
    }
}

pub(in crate::emit::terraform) fn lower(program: &Program, api: &Api) -> (Map<String, Value>, Map<String, Value>) {
    let names = Names::new(api);
    let mut res = Resources::default();
    res.add(API, &names.api, api_resource(api));
    for l in api.v2.iter().flat_map(|v| &v.vpc_links) {
        let mut p = Map::new();
        p.insert("name".into(), lit(&format!("{}-{}", api.name, l.name)));
        p.insert("subnet_ids".into(), text_list(program, &l.subnets));
        // Required by the provider; API Gateway takes an empty list for "no security groups".
        p.insert("security_group_ids".into(), text_list(program, &l.security_groups));
        res.add(VPC_LINK, &names.get("vpc_link", &l.name), Value::Object(p));
    }
    for a in &api.authorizers {
        authorizer(&mut res, program, api, &names, a);
    }
    let account = super::account::lower(&mut res, api, &names.api);
    let (route_addresses, deployed) = routes::lower(&mut res, program, api, &names);
    let mut outputs = Map::new();
    let word = if api.kind == ApiKind::Http { "HTTP" } else { "WebSocket" };
    outputs.insert("api_id".into(), json!({ "description": format!("Id of the {word} API {}", api.name), "value": names.api_id() }));
    let deployment = (api.kind == ApiKind::Websocket).then(|| {
        let hash = deployment_hash(program, api);
        res.add(
            DEPLOYMENT,
            &names.api,
            json!({
                "api_id": names.api_id(),
                "description": format!("gwc deployment {hash}"),
                "triggers": { "redeployment": hash },
                "lifecycle": { "create_before_destroy": true },
                "depends_on": deployed,
            }),
        );
        reference(DEPLOYMENT, &names.api, "id")
    });
    for s in &api.stages {
        let mut st = stage(api, &names, s, deployment.clone());
        let mut depends: Vec<String> = Vec::new();
        if deployment.is_none() {
            // An auto-deployed stage deploys what exists when it is created, and its route
            // settings must name existing routes: it waits for every route.
            depends.extend(route_addresses.iter().cloned());
        }
        let logs = matches!(s.logging, Some(crate::model::LogLevel::Error | crate::model::LogLevel::Info))
            || s.data_trace
            || s.access_log.is_some();
        if let (Some(a), true) = (&account, logs) {
            // API Gateway refuses logging settings until the account has a CloudWatch role.
            depends.push(a.clone());
        }
        if !depends.is_empty() {
            st.insert("depends_on".into(), json!(depends));
        }
        let name = names.stage(&s.name);
        res.add(STAGE, &name, Value::Object(st));
        if !api.disable_execute_api_endpoint {
            let what = if api.kind == ApiKind::Websocket { "websocket_url" } else { "invoke_url" };
            outputs.insert(
                format!("{name}_{what}"),
                json!({ "description": format!("URL of stage {}", s.name), "value": reference(STAGE, &name, "invoke_url") }),
            );
        }
    }
    domains(&mut res, &mut outputs, api, &names);
    // What a WebSocket API shares with REST APIs: VPC links to network load balancers, client
    // certificates, API keys and usage plans (whose stages are this API's).
    super::rest::vpc_links(&mut res, program, api);
    super::rest::client_certificates(&mut res, api);
    let stage_name = |s: &str| reference(STAGE, &names.stage(s), "name");
    super::rest::keys_and_plans(&mut res, api, &names.api_id(), &stage_name);
    (res.0, outputs)
}

fn api_resource(api: &Api) -> Value {
    let mut p = Map::new();
    p.insert("name".into(), lit(&api.name));
    p.insert("protocol_type".into(), json!(if api.kind == ApiKind::Http { "HTTP" } else { "WEBSOCKET" }));
    if let Some(d) = &api.description {
        p.insert("description".into(), text(d));
    }
    if let Some(v2) = &api.v2 {
        if let Some(r) = &v2.route_selection {
            p.insert("route_selection_expression".into(), lit(r));
        }
        if let Some(k) = &v2.api_key_selection {
            p.insert("api_key_selection_expression".into(), lit(k));
        }
    }
    if let Some(c) = &api.cors {
        let strings = |v: &[String]| Value::Array(v.iter().map(|s| lit(s)).collect());
        let mut o = Map::new();
        o.insert("allow_origins".into(), strings(&c.origins));
        if !c.methods.is_empty() {
            o.insert(
                "allow_methods".into(),
                json!(c.methods.iter().map(|m| if m.as_str() == "ANY" { "*" } else { m.as_str() }).collect::<Vec<_>>()),
            );
        }
        if !c.headers.is_empty() {
            o.insert("allow_headers".into(), strings(&c.headers));
        }
        if !c.expose_headers.is_empty() {
            o.insert("expose_headers".into(), strings(&c.expose_headers));
        }
        if let Some(m) = c.max_age_seconds {
            o.insert("max_age".into(), json!(m));
        }
        if c.credentials {
            o.insert("allow_credentials".into(), json!(true));
        }
        p.insert("cors_configuration".into(), Value::Object(o));
    }
    if api.disable_execute_api_endpoint {
        p.insert("disable_execute_api_endpoint".into(), json!(true));
    }
    if !api.tags.is_empty() {
        p.insert("tags".into(), tags(&api.tags));
    }
    Value::Object(p)
}

fn identity(kind: ApiKind, s: &IdentitySource) -> Value {
    let s = match (kind, s) {
        (ApiKind::Websocket, IdentitySource::Header(h)) => format!("route.request.header.{h}"),
        (ApiKind::Websocket, IdentitySource::Query(q)) => format!("route.request.querystring.{q}"),
        (_, IdentitySource::Header(h)) => format!("$request.header.{h}"),
        (_, IdentitySource::Query(q)) => format!("$request.querystring.{q}"),
        (_, IdentitySource::StageVariable(v)) => format!("$stageVariables.{v}"),
        (_, IdentitySource::Context(c)) => format!("$context.{c}"),
    };
    lit(&s)
}

fn authorizer(res: &mut Resources, program: &Program, api: &Api, names: &Names, a: &crate::model::Authorizer) {
    let name = names.get("authorizer", &a.name);
    let mut p = Map::new();
    p.insert("api_id".into(), names.api_id());
    p.insert("name".into(), lit(&a.name));
    match &a.kind {
        AuthorizerKind::Jwt { issuer, audiences, identity: ids } => {
            p.insert("authorizer_type".into(), json!("JWT"));
            p.insert("identity_sources".into(), Value::Array(ids.iter().map(|i| identity(api.kind, i)).collect()));
            p.insert("jwt_configuration".into(), json!({ "issuer": text(issuer), "audience": text_list(program, audiences) }));
        }
        AuthorizerKind::Request { function, identity: ids } => {
            p.insert("authorizer_type".into(), json!("REQUEST"));
            p.insert("authorizer_uri".into(), lambda_uri(program, function));
            if !ids.is_empty() {
                p.insert("identity_sources".into(), Value::Array(ids.iter().map(|i| identity(api.kind, i)).collect()));
            }
            if let Some(v2) = &a.v2 {
                if let Some(f) = &v2.payload_format {
                    p.insert("authorizer_payload_format_version".into(), lit(f));
                }
                if v2.simple_responses {
                    p.insert("enable_simple_responses".into(), json!(true));
                }
            }
            if api.kind == ApiKind::Http {
                if let Some(ttl) = a.ttl_seconds {
                    p.insert("authorizer_result_ttl_in_seconds".into(), json!(ttl));
                }
            }
            if let Some(c) = &a.credentials {
                p.insert("authorizer_credentials_arn".into(), text(c));
            }
        }
        // Not authorizer types of HTTP or WebSocket APIs (the checker reports E0408).
        AuthorizerKind::Token { .. } | AuthorizerKind::Cognito { .. } => {}
    }
    res.add(AUTHORIZER, &name, Value::Object(p));
    if let (Some(f), None) = (a.kind.function(), &a.credentials) {
        let scope = format!("authorizers/${{{AUTHORIZER}.{name}.id}}");
        permissions(res, program, api, names, f, &format!("authorizer:{}", a.name), &scope);
    }
}

fn stage(api: &Api, names: &Names, s: &Stage, deployment: Option<Value>) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("api_id".into(), names.api_id());
    p.insert("name".into(), lit(&s.name));
    match deployment {
        Some(d) => {
            p.insert("deployment_id".into(), d);
        }
        None => {
            p.insert("auto_deploy".into(), json!(true));
        }
    }
    if let Some(d) = &s.description {
        p.insert("description".into(), text(d));
    }
    if !s.variables.is_empty() {
        p.insert("stage_variables".into(), tags(&s.variables));
    }
    if let Some(c) = &s.client_certificate {
        // WebSocket stages only (the checker reports E0408 on HTTP APIs).
        p.insert("client_certificate_id".into(), super::rest::client_certificate_id(c));
    }
    let base = |o: &mut Map<String, Value>| {
        if s.metrics {
            o.insert("detailed_metrics_enabled".into(), json!(true));
        }
        if api.kind == ApiKind::Websocket {
            if let Some(l) = s.logging {
                o.insert("logging_level".into(), json!(l.api_word()));
            }
            if s.data_trace {
                o.insert("data_trace_enabled".into(), json!(true));
            }
        }
    };
    let mut defaults = Map::new();
    base(&mut defaults);
    if let Some(t) = &s.throttle {
        throttle(&mut defaults, t.rate, t.burst);
    }
    if !defaults.is_empty() {
        p.insert("default_route_settings".into(), Value::Object(defaults));
    }
    let mut per_route = Vec::new();
    for r in &api.routes {
        let Some(t) = &r.throttle else { continue };
        let mut o = Map::new();
        o.insert("route_key".into(), lit(&r.key.text()));
        base(&mut o);
        let st = s.throttle.unwrap_or(crate::model::Throttle { rate: None, burst: None });
        throttle(&mut o, t.rate.or(st.rate), t.burst.or(st.burst));
        per_route.push(Value::Object(o));
    }
    if !per_route.is_empty() {
        p.insert("route_settings".into(), Value::Array(per_route));
    }
    if let Some(a) = &s.access_log {
        p.insert("access_log_settings".into(), json!({ "destination_arn": text(&a.destination), "format": lit(&a.format) }));
    }
    if !s.tags.is_empty() {
        p.insert("tags".into(), tags(&s.tags));
    }
    p
}

fn throttle(o: &mut Map<String, Value>, rate: Option<f64>, burst: Option<u64>) {
    if let Some(r) = rate {
        o.insert("throttling_rate_limit".into(), json!(r));
    }
    if let Some(b) = burst {
        o.insert("throttling_burst_limit".into(), json!(b));
    }
}

/// Custom domains (regional) and their API mappings, which refer to their stage resources so
/// they never race them; the DNS target and hosted zone of each as outputs.
fn domains(res: &mut Resources, outputs: &mut Map<String, Value>, api: &Api, names: &Names) {
    for d in &api.domains {
        let name = names.get("domain", &domain_key(d));
        let mut conf = Map::new();
        conf.insert("certificate_arn".into(), text(&d.certificate));
        conf.insert("endpoint_type".into(), json!("REGIONAL"));
        // Required by the provider; TLS_1_2 is API Gateway's default for regional domains.
        conf.insert("security_policy".into(), lit(d.security_policy.as_deref().unwrap_or("TLS_1_2")));
        let mut p = Map::new();
        p.insert("domain_name".into(), text(&d.name));
        if let Some(m) = &d.mutual_tls {
            let mut o = Map::new();
            o.insert("truststore_uri".into(), text(&m.truststore_uri));
            if let Some(v) = &m.truststore_version {
                o.insert("truststore_version".into(), text(v));
            }
            p.insert("mutual_tls_authentication".into(), Value::Object(o));
            if let Some(c) = &m.ownership_certificate {
                conf.insert("ownership_verification_certificate_arn".into(), text(c));
            }
        }
        p.insert("domain_name_configuration".into(), Value::Object(conf));
        if !d.tags.is_empty() {
            p.insert("tags".into(), tags(&d.tags));
        }
        res.add(DOMAIN, &name, Value::Object(p));
        for m in &d.mappings {
            let key = m.base_path.as_deref().unwrap_or("");
            let mut o = Map::new();
            o.insert("api_id".into(), names.api_id());
            o.insert("domain_name".into(), reference(DOMAIN, &name, "domain_name"));
            o.insert("stage".into(), reference(STAGE, &names.stage(&m.stage), "name"));
            if let Some(b) = &m.base_path {
                o.insert("api_mapping_key".into(), lit(b));
            }
            res.add(API_MAPPING, &names.get("mapping", &format!("{} {key}", domain_key(d))), Value::Object(o));
        }
        // `one(...)`: the configuration is a one-element block (a list in the provider).
        let attr = |a: &str| json!(format!("${{one({DOMAIN}.{name}.domain_name_configuration).{a}}}"));
        outputs.insert(
            format!("{name}_target"),
            json!({ "description": format!("DNS target (alias) for {}", domain_key(d)), "value": attr("target_domain_name") }),
        );
        outputs.insert(
            format!("{name}_hosted_zone_id"),
            json!({ "description": format!("Hosted zone of the alias target of {}", domain_key(d)), "value": attr("hosted_zone_id") }),
        );
    }
}
