//! REST resources beyond routes in Terraform: models and request validators, gateway responses,
//! API keys and usage plans, custom domains, VPC links, client certificates, the account logging
//! role, web ACL associations, and the stage settings of caches.

use super::{tags, Names, Resources, REST_API, STAGE};
use crate::emit::names::{pascal, snake, LogicalIds};
use crate::emit::terraform::{json_string, lit, marked_reference, reference, text, text_list};
use crate::model::{Api, EndpointKind, MappingValue, Method, Program, Route, Stage, Throttle, Validator};
use serde_json::{json, Map, Value};

pub(super) const MODEL: &str = "aws_api_gateway_model";
pub(super) const VALIDATOR: &str = "aws_api_gateway_request_validator";
pub(super) const GATEWAY_RESPONSE: &str = "aws_api_gateway_gateway_response";
const API_KEY: &str = "aws_api_gateway_api_key";
const USAGE_PLAN: &str = "aws_api_gateway_usage_plan";
const USAGE_PLAN_KEY: &str = "aws_api_gateway_usage_plan_key";
const DOMAIN: &str = "aws_api_gateway_domain_name";
const MAPPING: &str = "aws_api_gateway_base_path_mapping";
const VPC_LINK: &str = "aws_api_gateway_vpc_link";
const CLIENT_CERTIFICATE: &str = "aws_api_gateway_client_certificate";
const WEB_ACL: &str = "aws_wafv2_web_acl_association";

/// The Terraform name of a declared thing (`PetList` → `pet_list`).
fn local(name: &str) -> String {
    snake(&pascal(name))
}

fn validator_names(v: Validator) -> (&'static str, &'static str) {
    match v {
        Validator::Body => ("body", "BodyValidator"),
        Validator::Params => ("params", "ParamsValidator"),
        Validator::BodyAndParams => ("body_and_params", "BodyAndParamsValidator"),
    }
}

fn domain_key(d: &crate::model::Domain) -> String {
    d.name.as_lit().unwrap_or_default().to_string()
}

/// Names of domains and their mappings, which may collide once made identifiers.
pub(super) struct DomainNames {
    ids: LogicalIds,
}

impl DomainNames {
    pub(super) fn new(api: &Api) -> DomainNames {
        let mut ids = LogicalIds::default();
        for d in &api.domains {
            ids.want(format!("domain:{}", domain_key(d)), pascal(&domain_key(d)));
            for m in &d.mappings {
                let part = m.base_path.as_deref().map(pascal).unwrap_or_else(|| "Root".into());
                ids.want(
                    format!("mapping:{} {}", domain_key(d), m.base_path.as_deref().unwrap_or("")),
                    format!("{}{part}", pascal(&domain_key(d))),
                );
            }
        }
        ids.assign();
        DomainNames { ids }
    }
    fn domain(&self, d: &crate::model::Domain) -> String {
        snake(&self.ids.get(&format!("domain:{}", domain_key(d))))
    }
    fn mapping(&self, d: &crate::model::Domain, base: Option<&str>) -> String {
        snake(&self.ids.get(&format!("mapping:{} {}", domain_key(d), base.unwrap_or(""))))
    }
}

fn static_or_expr(v: &MappingValue) -> Value {
    match v {
        MappingValue::Static(s) => lit(&format!("'{}'", s.replace('\'', "\\'"))),
        MappingValue::Expr(e) => lit(e),
    }
}

/// `request_models`, `request_validator_id` of a method.
pub(super) fn method_properties(r: &Route, m: &mut Map<String, Value>) {
    if let Some(b) = &r.body {
        m.insert("request_models".into(), json!({ b.content_type.clone(): reference(MODEL, &local(&b.model), "name") }));
    }
    if let Some(v) = r.validator {
        m.insert("request_validator_id".into(), reference(VALIDATOR, validator_names(v).0, "id"));
    }
}

/// `response_models` of a method response.
pub(super) fn response_models(models: &indexmap::IndexMap<String, String>) -> Option<Value> {
    (!models.is_empty()).then(|| Value::Object(models.iter().map(|(ct, m)| (ct.clone(), reference(MODEL, &local(m), "name"))).collect()))
}

/// `cache_key_parameters`, `connection_type`, `connection_id` of an integration.
pub(super) fn integration_properties(r: &Route, p: &mut Map<String, Value>) {
    if let Some(c) = r.cache.as_ref().filter(|c| c.enabled && !c.keys.is_empty()) {
        p.insert(
            "cache_key_parameters".into(),
            json!(c.keys.iter().map(|(l, n)| format!("method.request.{}.{n}", l.mapping_word())).collect::<Vec<_>>()),
        );
    }
    if let Some(l) = &r.integration.vpc_link {
        p.insert("connection_type".into(), json!("VPC_LINK"));
        p.insert("connection_id".into(), reference(VPC_LINK, &local(l), "id"));
    }
}

/// Cache cluster and client certificate of a stage.
pub(super) fn stage_properties(s: &Stage, p: &mut Map<String, Value>) {
    if let Some(c) = &s.cache {
        p.insert("cache_cluster_enabled".into(), json!(true));
        p.insert("cache_cluster_size".into(), json!(c.size));
    }
    if let Some(c) = &s.client_certificate {
        p.insert("client_certificate_id".into(), client_certificate_id(c));
    }
}

/// The id of the declared client certificate `name` (REST and WebSocket stages refer to it).
pub(in crate::emit::terraform) fn client_certificate_id(name: &str) -> Value {
    reference(CLIENT_CERTIFICATE, &local(name), "id")
}

/// The API's client certificates (`aws_api_gateway_client_certificate`, shared by REST and
/// WebSocket APIs).
pub(in crate::emit::terraform) fn client_certificates(res: &mut Resources, api: &Api) {
    for c in &api.client_certificates {
        let mut p = Map::new();
        if let Some(d) = &c.description {
            p.insert("description".into(), text(d));
        }
        res.add(CLIENT_CERTIFICATE, &local(&c.name), Value::Object(p));
    }
}

/// Whether a stage must wait for the account's logging role (API Gateway refuses logging
/// settings before it is set).
pub(super) fn needs_account(api: &Api, s: &Stage) -> bool {
    let logs =
        matches!(s.logging, Some(crate::model::LogLevel::Error | crate::model::LogLevel::Info)) || s.data_trace || s.access_log.is_some();
    logs && matches!(api.logging_role, Some(crate::model::LoggingRole::Create | crate::model::LoggingRole::Role(_)))
}

/// Models, validators and gateway responses: what the deployment snapshots. Pushes onto `deps`
/// what the deployment must wait for.
pub(super) fn definition(res: &mut Resources, deps: &mut Vec<String>, api: &Api, names: &Names) {
    let api_id = reference(REST_API, &names.api, "id");
    for m in &api.models {
        // The schema is a JSON string whose `$ref` URLs interpolate the API's id.
        let api_ref = marked_reference(REST_API, &names.api, "id");
        let reference_of = |n: &str| json!(format!("https://apigateway.amazonaws.com/restapis/{api_ref}/models/{n}"));
        let schema = json_string(&crate::emit::documents::model_schema(m, &reference_of, true));
        let mut p = Map::new();
        p.insert("rest_api_id".into(), api_id.clone());
        p.insert("name".into(), lit(&m.name));
        p.insert("content_type".into(), lit(&m.content_type));
        if let Some(d) = &m.description {
            p.insert("description".into(), lit(d));
        }
        p.insert("schema".into(), json!(schema));
        let mut refs = Vec::new();
        m.schema.refs(&mut refs);
        refs.retain(|n| n != &m.name);
        if !refs.is_empty() {
            p.insert("depends_on".into(), json!(refs.iter().map(|n| format!("{MODEL}.{}", local(n))).collect::<Vec<_>>()));
        }
        res.add(MODEL, &local(&m.name), Value::Object(p));
    }
    let mut used: Vec<Validator> = api.routes.iter().filter_map(|r| r.validator).collect();
    used.sort();
    used.dedup();
    for v in used {
        let (name, title) = validator_names(v);
        res.add(
            VALIDATOR,
            name,
            json!({ "rest_api_id": api_id, "name": title, "validate_request_body": v.validates_body(), "validate_request_parameters": v.validates_params() }),
        );
    }
    for g in &api.gateway_responses {
        let mut p = Map::new();
        p.insert("rest_api_id".into(), api_id.clone());
        p.insert("response_type".into(), lit(&g.kind));
        if let Some(s) = g.status {
            p.insert("status_code".into(), json!(s.to_string()));
        }
        if !g.headers.is_empty() {
            p.insert(
                "response_parameters".into(),
                Value::Object(g.headers.iter().map(|(k, v)| (format!("gatewayresponse.header.{k}"), static_or_expr(v))).collect()),
            );
        }
        if !g.templates.is_empty() {
            p.insert("response_templates".into(), Value::Object(g.templates.iter().map(|(k, v)| (k.clone(), lit(v))).collect()));
        }
        let name = g.kind.to_lowercase();
        res.add(GATEWAY_RESPONSE, &name, Value::Object(p));
        deps.push(format!("{GATEWAY_RESPONSE}.{name}"));
    }
}

fn throttle_settings(t: &Throttle) -> Value {
    let mut o = Map::new();
    if let Some(b) = t.burst {
        o.insert("burst_limit".into(), json!(b));
    }
    if let Some(r) = t.rate {
        o.insert("rate_limit".into(), json!(r));
    }
    Value::Object(o)
}

/// `/pets/GET`, `//GET` for the root, `*` for ANY: the path of a plan's per-route throttle.
fn plan_route_key(m: Method, path: &crate::model::Path) -> String {
    let verb = if m == Method::ANY { "*" } else { m.as_str() };
    format!("{}/{verb}", path.text())
}

/// Everything that refers to stages or to the account: keys and usage plans, domains, VPC links,
/// client certificates, the logging role and web ACL associations; and their outputs.
/// API keys, usage plans (whose stages are `stage_name(stage)` of the API `api_id`) and their
/// keys: REST and WebSocket APIs alike.
pub(in crate::emit::terraform) fn keys_and_plans(res: &mut Resources, api: &Api, api_id: &Value, stage_name: &dyn Fn(&str) -> Value) {
    for k in &api.api_keys {
        let mut p = Map::new();
        p.insert("name".into(), lit(&format!("{}-{}", api.name, k.name)));
        p.insert("enabled".into(), json!(k.enabled));
        if let Some(v) = &k.value {
            p.insert("value".into(), text(v));
        }
        if let Some(d) = &k.description {
            p.insert("description".into(), text(d));
        }
        if let Some(c) = &k.customer_id {
            p.insert("customer_id".into(), text(c));
        }
        if !k.tags.is_empty() {
            p.insert("tags".into(), tags(&k.tags));
        }
        res.add(API_KEY, &local(&k.name), Value::Object(p));
    }
    for plan in &api.usage_plans {
        let mut p = Map::new();
        p.insert("name".into(), lit(&format!("{}-{}", api.name, plan.name)));
        if let Some(d) = &plan.description {
            p.insert("description".into(), text(d));
        }
        // `stage` refers to the stage resource, so the plan is created only once the stage exists.
        let stages: Vec<Value> = plan
            .stages
            .iter()
            .map(|s| {
                let mut o = Map::new();
                o.insert("api_id".into(), api_id.clone());
                o.insert("stage".into(), stage_name(s));
                if !plan.route_throttles.is_empty() {
                    let t: Vec<Value> = plan
                        .route_throttles
                        .iter()
                        .map(|(m, path, t)| {
                            let mut o = throttle_settings(t);
                            o["path"] = lit(&plan_route_key(*m, path));
                            o
                        })
                        .collect();
                    o.insert("throttle".into(), Value::Array(t));
                }
                Value::Object(o)
            })
            .collect();
        p.insert("api_stages".into(), Value::Array(stages));
        if let Some(t) = &plan.throttle {
            p.insert("throttle_settings".into(), throttle_settings(t));
        }
        if let Some(q) = &plan.quota {
            let mut o = Map::new();
            o.insert("limit".into(), json!(q.limit));
            o.insert("period".into(), json!(q.period.word()));
            if q.offset > 0 {
                o.insert("offset".into(), json!(q.offset));
            }
            p.insert("quota_settings".into(), Value::Object(o));
        }
        if !plan.tags.is_empty() {
            p.insert("tags".into(), tags(&plan.tags));
        }
        res.add(USAGE_PLAN, &local(&plan.name), Value::Object(p));
        for k in &plan.keys {
            res.add(
                USAGE_PLAN_KEY,
                &format!("{}_{}", local(&plan.name), local(k)),
                json!({ "key_id": reference(API_KEY, &local(k), "id"), "key_type": "API_KEY", "usage_plan_id": reference(USAGE_PLAN, &local(&plan.name), "id") }),
            );
        }
    }
}

/// VPC links to network load balancers (`aws_api_gateway_vpc_link`): REST and WebSocket APIs alike.
pub(in crate::emit::terraform) fn vpc_links(res: &mut Resources, program: &Program, api: &Api) {
    for l in &api.vpc_links {
        let mut p = Map::new();
        p.insert("name".into(), lit(&format!("{}-{}", api.name, l.name)));
        p.insert("target_arns".into(), text_list(program, &l.targets));
        if let Some(d) = &l.description {
            p.insert("description".into(), text(d));
        }
        res.add(VPC_LINK, &local(&l.name), Value::Object(p));
    }
}

pub(super) fn lower(res: &mut Resources, outputs: &mut Map<String, Value>, program: &Program, api: &Api, names: &Names) {
    let api_id = reference(REST_API, &names.api, "id");
    let stage_name = |s: &str| reference(STAGE, &names.stage(s), "stage_name");
    keys_and_plans(res, api, &api_id, &stage_name);
    let domains = DomainNames::new(api);
    for d in &api.domains {
        let name = domains.domain(d);
        let regional = d.endpoint == EndpointKind::Regional;
        let mut p = Map::new();
        p.insert("domain_name".into(), text(&d.name));
        p.insert(if regional { "regional_certificate_arn" } else { "certificate_arn" }.into(), text(&d.certificate));
        p.insert("endpoint_configuration".into(), json!({ "types": [if regional { "REGIONAL" } else { "EDGE" }] }));
        if let Some(sp) = &d.security_policy {
            p.insert("security_policy".into(), lit(sp));
        }
        if let Some(m) = &d.mutual_tls {
            let mut o = Map::new();
            o.insert("truststore_uri".into(), text(&m.truststore_uri));
            if let Some(v) = &m.truststore_version {
                o.insert("truststore_version".into(), text(v));
            }
            p.insert("mutual_tls_authentication".into(), Value::Object(o));
            if let Some(c) = &m.ownership_certificate {
                p.insert("ownership_verification_certificate_arn".into(), text(c));
            }
        }
        if !d.tags.is_empty() {
            p.insert("tags".into(), tags(&d.tags));
        }
        res.add(DOMAIN, &name, Value::Object(p));
        for m in &d.mappings {
            let mut o = Map::new();
            o.insert("api_id".into(), api_id.clone());
            // A reference to the stage resource: the mapping never races the stage it points at.
            o.insert("stage_name".into(), stage_name(&m.stage));
            o.insert("domain_name".into(), reference(DOMAIN, &name, "domain_name"));
            if let Some(b) = &m.base_path {
                o.insert("base_path".into(), lit(b));
            }
            res.add(MAPPING, &domains.mapping(d, m.base_path.as_deref()), Value::Object(o));
        }
        let (target, zone) =
            if regional { ("regional_domain_name", "regional_zone_id") } else { ("cloudfront_domain_name", "cloudfront_zone_id") };
        outputs.insert(
            format!("{name}_target"),
            json!({ "description": format!("DNS target (alias) for {}", domain_key(d)), "value": reference(DOMAIN, &name, target) }),
        );
        outputs.insert(
            format!("{name}_hosted_zone_id"),
            json!({ "description": format!("Hosted zone of the alias target of {}", domain_key(d)), "value": reference(DOMAIN, &name, zone) }),
        );
    }
    vpc_links(res, program, api);
    client_certificates(res, api);
    crate::emit::terraform::account::lower(res, api, &names.api);
    for s in &api.stages {
        if let Some(acl) = &s.web_acl {
            let arn = format!(
                "arn:${{data.aws_partition.current.partition}}:apigateway:${{data.aws_region.current.region}}::/restapis/${{{REST_API}.{}.id}}/stages/${{{STAGE}.{}.stage_name}}",
                names.api,
                names.stage(&s.name)
            );
            res.add(WEB_ACL, &names.stage(&s.name), json!({ "resource_arn": arn, "web_acl_arn": text(acl) }));
        }
    }
}
