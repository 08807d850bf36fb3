//! REST resources beyond routes: gateway responses, the resource policy, usage plans and API
//! keys, custom domains, VPC links, client certificates, the account logging role, web ACL
//! associations, and the stage settings for caches and canaries.

use super::{reference, Names};
use crate::emit::cloudformation::{plans, text, text_list};
use crate::emit::names::{pascal, LogicalIds};
use crate::model::{Api, EndpointKind, LoggingRole, MappingValue, Method, PolicyStatement, Program, Stage};
use serde_json::{json, Map, Value};

fn domain_key(d: &crate::model::Domain) -> String {
    d.name.as_lit().unwrap_or_default().to_string()
}

/// The logical IDs of everything this module emits.
pub(super) fn want(ids: &mut LogicalIds, api: &Api) {
    for g in &api.gateway_responses {
        ids.want(format!("gateway-response:{}", g.kind), format!("{}GatewayResponse", pascal(&g.kind.to_lowercase())));
    }
    for k in &api.api_keys {
        ids.want(format!("api-key:{}", k.name), format!("{}ApiKey", pascal(&k.name)));
    }
    for p in &api.usage_plans {
        ids.want(format!("usage-plan:{}", p.name), format!("{}UsagePlan", pascal(&p.name)));
        for k in &p.keys {
            ids.want(format!("usage-plan-key:{} {k}", p.name), format!("{}{}UsagePlanKey", pascal(&p.name), pascal(k)));
        }
    }
    for d in &api.domains {
        let base = pascal(&domain_key(d));
        ids.want(format!("domain:{}", domain_key(d)), format!("{base}Domain"));
        for m in &d.mappings {
            let part = m.base_path.as_deref().map(pascal).unwrap_or_else(|| "Root".into());
            ids.want(format!("mapping:{} {}", domain_key(d), m.base_path.as_deref().unwrap_or("")), format!("{base}{part}Mapping"));
        }
    }
    for l in &api.vpc_links {
        ids.want(format!("vpc-link:{}", l.name), format!("{}VpcLink", pascal(&l.name)));
    }
    for c in &api.client_certificates {
        ids.want(format!("client-certificate:{}", c.name), format!("{}ClientCertificate", pascal(&c.name)));
    }
    ids.want("account", "ApiGatewayAccount");
    ids.want("logging-role", "ApiGatewayCloudWatchRole");
    for s in &api.stages {
        ids.want(format!("web-acl:{}", s.name), format!("{}WebAclAssociation", pascal(&s.name)));
        ids.want(format!("stable-deployment:{}", s.name), format!("{}StableDeployment", pascal(&s.name)));
        ids.want(format!("has-stable-deployment:{}", s.name), format!("{}HasStableDeployment", pascal(&s.name)));
    }
}

pub(super) fn gateway_response_ids(names: &Names, api: &Api) -> Vec<String> {
    api.gateway_responses.iter().map(|g| names.ids.get(&format!("gateway-response:{}", g.kind))).collect()
}

pub(super) fn vpc_link_id(names: &Names, name: &str) -> String {
    names.ids.get(&format!("vpc-link:{name}"))
}

fn static_or_expr(v: &MappingValue) -> Value {
    match v {
        MappingValue::Static(s) => json!(format!("'{}'", s.replace('\'', "\\'"))),
        MappingValue::Expr(e) => json!(e),
    }
}

/// The resource policy document of the API's `policy` statements.
pub(super) fn policy(program: &Program, statements: &[PolicyStatement]) -> Value {
    crate::emit::documents::policy_document(statements, &|items| text_list(program, items))
}

/// Everything else of the API, into `res` and `outputs`.
pub(super) fn lower(program: &Program, api: &Api, names: &Names, res: &mut Map<String, Value>, outputs: &mut Map<String, Value>) {
    for g in &api.gateway_responses {
        let mut p = Map::new();
        p.insert("RestApiId".into(), reference(&names.api));
        p.insert("ResponseType".into(), json!(g.kind));
        if let Some(s) = g.status {
            p.insert("StatusCode".into(), json!(s.to_string()));
        }
        if !g.headers.is_empty() {
            let h: Map<String, Value> = g.headers.iter().map(|(k, v)| (format!("gatewayresponse.header.{k}"), static_or_expr(v))).collect();
            p.insert("ResponseParameters".into(), Value::Object(h));
        }
        if !g.templates.is_empty() {
            p.insert("ResponseTemplates".into(), json!(g.templates));
        }
        res.insert(
            names.ids.get(&format!("gateway-response:{}", g.kind)),
            json!({ "Type": "AWS::ApiGateway::GatewayResponse", "Properties": p }),
        );
    }
    for k in &api.api_keys {
        res.insert(names.ids.get(&format!("api-key:{}", k.name)), plans::api_key(&api.name, k));
    }
    for plan in &api.usage_plans {
        // `Stage` is a Ref to the Stage resource, so the plan is created only once the stage exists.
        let stages: Vec<Value> = plan
            .stages
            .iter()
            .map(|s| {
                let mut o = Map::new();
                o.insert("ApiId".into(), reference(&names.api));
                o.insert("Stage".into(), reference(&names.stage(s)));
                if !plan.route_throttles.is_empty() {
                    let t: Map<String, Value> =
                        plan.route_throttles.iter().map(|(m, path, t)| (plan_route_key(*m, path), plans::throttle(t))).collect();
                    o.insert("Throttle".into(), Value::Object(t));
                }
                Value::Object(o)
            })
            .collect();
        let plan_id = names.ids.get(&format!("usage-plan:{}", plan.name));
        res.insert(plan_id.clone(), plans::usage_plan(&api.name, plan, stages));
        for k in &plan.keys {
            let key_id = names.ids.get(&format!("api-key:{k}"));
            res.insert(names.ids.get(&format!("usage-plan-key:{} {k}", plan.name)), plans::usage_plan_key(&key_id, &plan_id));
        }
    }
    for d in &api.domains {
        let id = names.ids.get(&format!("domain:{}", domain_key(d)));
        let mut p = Map::new();
        p.insert("DomainName".into(), text(&d.name));
        let regional = d.endpoint == EndpointKind::Regional;
        p.insert(if regional { "RegionalCertificateArn" } else { "CertificateArn" }.into(), text(&d.certificate));
        p.insert("EndpointConfiguration".into(), json!({ "Types": [if regional { "REGIONAL" } else { "EDGE" }] }));
        if let Some(sp) = &d.security_policy {
            p.insert("SecurityPolicy".into(), json!(sp));
        }
        if let Some(m) = &d.mutual_tls {
            let mut o = Map::new();
            o.insert("TruststoreUri".into(), text(&m.truststore_uri));
            if let Some(v) = &m.truststore_version {
                o.insert("TruststoreVersion".into(), text(v));
            }
            p.insert("MutualTlsAuthentication".into(), Value::Object(o));
            if let Some(c) = &m.ownership_certificate {
                p.insert("OwnershipVerificationCertificateArn".into(), text(c));
            }
        }
        if !d.tags.is_empty() {
            p.insert("Tags".into(), plans::tags(&d.tags));
        }
        res.insert(id.clone(), json!({ "Type": "AWS::ApiGateway::DomainName", "Properties": p }));
        for m in &d.mappings {
            let mut mp = Map::new();
            mp.insert("DomainName".into(), reference(&id));
            mp.insert("RestApiId".into(), reference(&names.api));
            // A Ref to the Stage resource: the mapping never races the stage it points at.
            mp.insert("Stage".into(), reference(&names.stage(&m.stage)));
            if let Some(b) = &m.base_path {
                mp.insert("BasePath".into(), json!(b));
            }
            let mid = names.ids.get(&format!("mapping:{} {}", domain_key(d), m.base_path.as_deref().unwrap_or("")));
            res.insert(mid, json!({ "Type": "AWS::ApiGateway::BasePathMapping", "Properties": mp }));
        }
        let (attr, zone) =
            if regional { ("RegionalDomainName", "RegionalHostedZoneId") } else { ("DistributionDomainName", "DistributionHostedZoneId") };
        outputs.insert(
            format!("{id}Target"),
            json!({ "Description": format!("DNS target (alias) for {}", domain_key(d)), "Value": { "Fn::GetAtt": [id, attr] } }),
        );
        outputs.insert(format!("{id}HostedZoneId"), json!({ "Description": format!("Hosted zone of the alias target of {}", domain_key(d)), "Value": { "Fn::GetAtt": [id, zone] } }));
    }
    for l in &api.vpc_links {
        let mut p = Map::new();
        p.insert("Name".into(), json!(format!("{}-{}", api.name, l.name)));
        p.insert("TargetArns".into(), text_list(program, &l.targets));
        if let Some(d) = &l.description {
            p.insert("Description".into(), text(d));
        }
        res.insert(vpc_link_id(names, &l.name), json!({ "Type": "AWS::ApiGateway::VpcLink", "Properties": p }));
    }
    for c in &api.client_certificates {
        let mut p = Map::new();
        if let Some(d) = &c.description {
            p.insert("Description".into(), text(d));
        }
        res.insert(
            names.ids.get(&format!("client-certificate:{}", c.name)),
            json!({ "Type": "AWS::ApiGateway::ClientCertificate", "Properties": p }),
        );
    }
    match &api.logging_role {
        Some(LoggingRole::Create) => {
            let role = names.ids.get("logging-role");
            res.insert(
                role.clone(),
                json!({
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "AssumeRolePolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [{ "Effect": "Allow", "Principal": { "Service": "apigateway.amazonaws.com" }, "Action": "sts:AssumeRole" }],
                        },
                        "ManagedPolicyArns": [{ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs" }],
                    },
                }),
            );
            res.insert(
                names.ids.get("account"),
                json!({ "Type": "AWS::ApiGateway::Account", "Properties": { "CloudWatchRoleArn": { "Fn::GetAtt": [role, "Arn"] } } }),
            );
        }
        Some(LoggingRole::Role(r)) => {
            res.insert(
                names.ids.get("account"),
                json!({ "Type": "AWS::ApiGateway::Account", "Properties": { "CloudWatchRoleArn": text(r) } }),
            );
        }
        Some(LoggingRole::Existing) | None => {}
    }
    for s in &api.stages {
        if let Some(acl) = &s.web_acl {
            let arn = format!(
                "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/${{{}}}/stages/${{{}}}",
                names.api,
                names.stage(&s.name)
            );
            res.insert(
                names.ids.get(&format!("web-acl:{}", s.name)),
                json!({ "Type": "AWS::WAFv2::WebACLAssociation", "Properties": { "ResourceArn": { "Fn::Sub": arn }, "WebACLArn": text(acl) } }),
            );
        }
    }
}

/// `/pets/GET`, `//GET` for the root, `*` for ANY: the key of a plan's per-route throttle.
fn plan_route_key(m: Method, path: &crate::model::Path) -> String {
    let verb = if m == Method::ANY { "*" } else { m.as_str() };
    format!("{}/{verb}", path.text())
}

/// Parameters and conditions of canary stages: the deployment the stage keeps serving while the
/// canary gets the new one.
pub(super) fn canary_parameters(api: &Api, names: &Names) -> (Map<String, Value>, Map<String, Value>) {
    let (mut params, mut conditions) = (Map::new(), Map::new());
    for s in api.stages.iter().filter(|s| s.canary.is_some()) {
        let param = names.ids.get(&format!("stable-deployment:{}", s.name));
        params.insert(
            param.clone(),
            json!({
                "Type": "String",
                "Default": "",
                "Description": format!("Deployment ID stage {} keeps serving while its canary gets the new deployment (the {}DeploymentId output of the previous stack update); empty on the first deploy", s.name, pascal(&s.name)),
            }),
        );
        conditions.insert(
            names.ids.get(&format!("has-stable-deployment:{}", s.name)),
            json!({ "Fn::Not": [{ "Fn::Equals": [{ "Ref": param }, ""] }] }),
        );
    }
    (params, conditions)
}

/// Stage properties for caches, canaries and client certificates, and the cache method settings
/// of one route in this stage.
pub(super) fn stage_properties(api: &Api, names: &Names, s: &Stage, deployment_id: &str, p: &mut Map<String, Value>) {
    if let Some(c) = &s.cache {
        p.insert("CacheClusterEnabled".into(), json!(true));
        p.insert("CacheClusterSize".into(), json!(c.size));
    }
    if let Some(c) = &s.client_certificate {
        p.insert("ClientCertificateId".into(), reference(&names.ids.get(&format!("client-certificate:{c}"))));
    }
    if let Some(c) = &s.canary {
        let cond = names.ids.get(&format!("has-stable-deployment:{}", s.name));
        let param = names.ids.get(&format!("stable-deployment:{}", s.name));
        p.insert("DeploymentId".into(), json!({ "Fn::If": [cond, { "Ref": param }, { "Ref": deployment_id }] }));
        let mut o = Map::new();
        o.insert("DeploymentId".into(), reference(deployment_id));
        o.insert("PercentTraffic".into(), json!(c.percent));
        if !c.variables.is_empty() {
            o.insert("StageVariableOverrides".into(), Value::Object(c.variables.iter().map(|(k, v)| (k.clone(), text(v))).collect()));
        }
        if c.use_stage_cache {
            o.insert("UseStageCache".into(), json!(true));
        }
        p.insert("CanarySetting".into(), Value::Object(o));
    }
    let _ = api;
}

/// `CachingEnabled`, `CacheTtlInSeconds`, `CacheDataEncrypted` of a route's method setting.
pub(super) fn cache_settings(s: &Stage, r: &crate::model::Route, o: &mut Map<String, Value>) -> bool {
    let (Some(sc), Some(rc)) = (&s.cache, &r.cache) else {
        return false;
    };
    o.insert("CachingEnabled".into(), json!(rc.enabled));
    if rc.enabled {
        if let Some(ttl) = rc.ttl_seconds.or(sc.ttl_seconds) {
            o.insert("CacheTtlInSeconds".into(), json!(ttl));
        }
        if sc.encrypted {
            o.insert("CacheDataEncrypted".into(), json!(true));
        }
    }
    true
}

/// Whether the stage needs the account's logging role before it can be created.
pub(super) fn needs_account(api: &Api, s: &Stage) -> bool {
    let logs =
        matches!(s.logging, Some(crate::model::LogLevel::Error | crate::model::LogLevel::Info)) || s.data_trace || s.access_log.is_some();
    logs && matches!(api.logging_role, Some(LoggingRole::Create | LoggingRole::Role(_)))
}

pub(super) fn account_id(names: &Names) -> String {
    names.ids.get("account")
}
