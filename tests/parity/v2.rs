//! Reduces the CloudFormation and Terraform outputs of an HTTP or WebSocket API to one table.
//!
//! Both targets mirror each other resource for resource, so each output is first brought to one
//! neutral form (Terraform's argument names, references as canonical placeholders such as
//! `{route:GET /notes}`), and the table is made from that form by one shared function: every
//! property of every resource becomes a row, so nothing either target writes goes unread.

use super::cfn::scan;
use super::table::{plain, snake, Table};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// A resource in the neutral form: its kind (`route`, `stage`, ...) and its properties.
struct Neutral {
    kind: &'static str,
    props: Map<String, Value>,
}

/// The kinds of resources, by CloudFormation and Terraform type.
const KINDS: &[(&str, &str, &str)] = &[
    ("api", "AWS::ApiGatewayV2::Api", "aws_apigatewayv2_api"),
    ("authorizer", "AWS::ApiGatewayV2::Authorizer", "aws_apigatewayv2_authorizer"),
    ("route", "AWS::ApiGatewayV2::Route", "aws_apigatewayv2_route"),
    ("integration", "AWS::ApiGatewayV2::Integration", "aws_apigatewayv2_integration"),
    ("route_response", "AWS::ApiGatewayV2::RouteResponse", "aws_apigatewayv2_route_response"),
    ("integration_response", "AWS::ApiGatewayV2::IntegrationResponse", "aws_apigatewayv2_integration_response"),
    ("deployment", "AWS::ApiGatewayV2::Deployment", "aws_apigatewayv2_deployment"),
    ("stage", "AWS::ApiGatewayV2::Stage", "aws_apigatewayv2_stage"),
    ("vpc_link", "AWS::ApiGatewayV2::VpcLink", "aws_apigatewayv2_vpc_link"),
    ("domain", "AWS::ApiGatewayV2::DomainName", "aws_apigatewayv2_domain_name"),
    ("mapping", "AWS::ApiGatewayV2::ApiMapping", "aws_apigatewayv2_api_mapping"),
    ("permission", "AWS::Lambda::Permission", "aws_lambda_permission"),
    ("account", "AWS::ApiGateway::Account", "aws_api_gateway_account"),
    ("logging_role", "AWS::IAM::Role", "aws_iam_role"),
    ("logging_role_policy", "", "aws_iam_role_policy_attachment"),
    // What WebSocket APIs share with REST APIs.
    ("nlb_vpc_link", "AWS::ApiGateway::VpcLink", "aws_api_gateway_vpc_link"),
    ("api_key", "AWS::ApiGateway::ApiKey", "aws_api_gateway_api_key"),
    ("usage_plan", "AWS::ApiGateway::UsagePlan", "aws_api_gateway_usage_plan"),
    ("usage_plan_key", "AWS::ApiGateway::UsagePlanKey", "aws_api_gateway_usage_plan_key"),
    ("client_certificate", "AWS::ApiGateway::ClientCertificate", "aws_api_gateway_client_certificate"),
];

fn kind_of(ty: &str, cfn: bool) -> Result<&'static str, String> {
    KINDS
        .iter()
        .find(|(_, c, t)| if cfn { *c == ty } else { *t == ty })
        .map(|(k, _, _)| *k)
        .ok_or(format!("{ty}: the v2 parity reduction does not know this type; reduce it in tests/parity/v2.rs"))
}

/// How a resource of each kind is known in the table (`route GET /notes`), from its neutral
/// properties (integrations and their responses are known by their route, in [`table`]).
fn identity(r: &Neutral) -> String {
    let s = |k: &str| r.props.get(k).map(|v| plain(v, &|x: &str| x.to_string())).unwrap_or_default();
    match r.kind {
        "api" | "deployment" | "account" | "logging_role" | "logging_role_policy" => r.kind.to_string(),
        "route" => format!("route {}", s("route_key")),
        "integration" | "integration_response" => String::new(),
        "route_response" => {
            format!("{} route_response {}", s("route_id").replace("{route:", "route ").trim_end_matches('}'), s("route_response_key"))
        }
        "permission" => format!("permission {} {}", s("function_name"), s("source_arn")),
        "authorizer" | "vpc_link" | "stage" | "nlb_vpc_link" | "api_key" | "usage_plan" | "client_certificate" => {
            format!("{} {}", r.kind, s("name"))
        }
        "usage_plan_key" => format!("usage_plan_key {} {}", s("usage_plan_id"), s("key_id")),
        "domain" => format!("domain {}", s("domain_name")),
        "mapping" => format!(
            "mapping {} {}",
            s("domain_name"),
            r.props.get("api_mapping_key").map(|v| plain(v, &|x: &str| x.to_string())).unwrap_or("-".into())
        ),
        _ => r.kind.to_string(),
    }
}

/// The table of neutral resources: one row per property (identity properties excepted).
fn table(resources: Vec<Neutral>, outputs: Vec<String>) -> Result<Table, String> {
    let id = |x: &str| x.to_string();
    // Integrations are known by the route that targets them.
    let mut targets = BTreeMap::new();
    for r in resources.iter().filter(|r| r.kind == "route") {
        if let Some(Value::String(t)) = r.props.get("target") {
            targets.insert(t.trim_start_matches("integrations/").to_string(), plain(&r.props["route_key"], &id));
        }
    }
    let route_of = |integration: &Value| -> String {
        let i = plain(integration, &id);
        targets.get(&i).map(|k| format!("route {k}")).unwrap_or_else(|| format!("route ?{i}"))
    };
    let mut t = Table::new();
    for r in &resources {
        let mut props = r.props.clone();
        let who = match r.kind {
            "integration" => {
                let me = props.remove("self").ok_or("integration without its own placeholder")?;
                format!("{} integration", route_of(&me))
            }
            "integration_response" => {
                let i = props.remove("integration_id").ok_or("integration response without integration_id")?;
                let key = props.remove("integration_response_key").map(|v| plain(&v, &id)).unwrap_or_default();
                format!("{} integration_response {key}", route_of(&i))
            }
            "route" => {
                // The integration a route targets is the one known by the route's key.
                let target = props.remove("target").map(|v| route_of(&json!(plain(&v, &id).trim_start_matches("integrations/"))));
                if target.as_deref() != Some(&identity(r)) {
                    return Err(format!("{}: targets the integration of {target:?}", identity(r)));
                }
                identity(r)
            }
            _ => identity(r),
        };
        for k in ["route_key", "name", "domain_name", "route_id", "route_response_key", "function_name", "source_arn", "api_mapping_key"] {
            if !matches!((r.kind, k), ("api", "name") | ("mapping", "domain_name")) {
                props.remove(k);
            }
        }
        if r.kind == "permission" {
            t.insert(who, format!("{} {}", plain(&props["action"], &id), plain(&props["principal"], &id)));
            continue;
        }
        if props.is_empty() {
            t.insert(who.clone(), "present".into());
        }
        for (k, v) in props {
            match (r.kind, k.as_str(), &v) {
                ("stage", "route_settings", Value::Object(m)) => {
                    for (route, s) in m {
                        t.insert(format!("{who} route_settings {route}"), plain(s, &id));
                    }
                }
                _ => {
                    t.insert(format!("{who} {k}"), plain(&v, &id));
                }
            }
        }
    }
    for o in outputs {
        t.insert(format!("output {o}"), "present".into());
    }
    Ok(t)
}

// ------------------------------------------------------------------------------------------------
// CloudFormation

/// API Gateway's security policy for a regional domain that names none.
const TLS_DEFAULT: &str = "TLS_1_2";

/// `StageName` → `name`, `CloudWatchRoleArn` → `cloudwatch_role_arn`, else snake case.
fn cfn_key(k: &str) -> String {
    match k {
        "StageName" => "name".into(),
        "IdentitySource" => "identity_sources".into(),
        "TimeoutInMillis" => "timeout_milliseconds".into(),
        "CloudWatchRoleArn" => "cloudwatch_role_arn".into(),
        "DomainNameConfigurations" => "domain_name_configuration".into(),
        "CredentialsArn" => "credentials_arn".into(),
        "UsagePlanName" => "name".into(),
        "Throttle" => "throttle_settings".into(),
        "Quota" => "quota_settings".into(),
        _ => snake(k),
    }
}

/// Property names in snake case; the values of maps whose keys are data (parameters, templates,
/// tags, route keys, policy documents) keep their keys.
fn snake_keys(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let v = match k.as_str() {
                        "RequestParameters"
                        | "RequestTemplates"
                        | "ResponseTemplates"
                        | "StageVariables"
                        | "Tags"
                        | "AssumeRolePolicyDocument" => v.clone(),
                        "RouteSettings" | "ResponseParameters" if v.is_object() => {
                            Value::Object(v.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), snake_keys(v))).collect())
                        }
                        _ => snake_keys(v),
                    };
                    (cfn_key(k), v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(snake_keys).collect()),
        other => other.clone(),
    }
}

pub fn reduce_cloudformation(t: &Value) -> Result<Table, String> {
    let res = t["Resources"].as_object().ok_or("no Resources")?;
    let params: Vec<String> = t["Parameters"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    for k in t.as_object().ok_or("template is not an object")?.keys() {
        if !["AWSTemplateFormatVersion", "Description", "Parameters", "Resources", "Outputs"].contains(&k.as_str()) {
            return Err(format!("template section {k}: the v2 parity reduction does not read it"));
        }
    }
    // Logical ID → canonical placeholder.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (k, r) in res {
        let p = &r["Properties"];
        let name = |prop: &str| plain(&p[prop], &|x: &str| x.to_string());
        let canon = match r["Type"].as_str().unwrap_or("") {
            "AWS::ApiGatewayV2::Api" => "{api}".to_string(),
            "AWS::ApiGatewayV2::Authorizer" => format!("{{authorizer:{}}}", name("Name")),
            "AWS::ApiGatewayV2::Route" => format!("{{route:{}}}", name("RouteKey")),
            "AWS::ApiGatewayV2::Integration" => format!("{{integration:{k}}}"),
            "AWS::ApiGatewayV2::Stage" => format!("{{stage:{}}}", name("StageName")),
            "AWS::ApiGatewayV2::Deployment" => "{deployment}".into(),
            "AWS::ApiGatewayV2::VpcLink" | "AWS::ApiGateway::VpcLink" => format!("{{vpc_link:{}}}", name("Name")),
            "AWS::ApiGateway::ApiKey" => format!("{{api_key:{}}}", name("Name")),
            "AWS::ApiGateway::UsagePlan" => format!("{{usage_plan:{}}}", name("UsagePlanName")),
            // Client certificates have no name: they are known by their logical ID.
            "AWS::ApiGateway::ClientCertificate" => format!("{{client_certificate:{}}}", snake(k.trim_end_matches("ClientCertificate"))),
            "AWS::ApiGatewayV2::DomainName" => format!("{{domain:{}}}", name("DomainName")),
            "AWS::IAM::Role" => "{logging_role}".into(),
            _ => continue,
        };
        names.insert(k.clone(), canon);
    }
    let sub = |s: &str| -> String {
        scan(s, &|c: &str| {
            if let Some(rest) = c.strip_prefix('!') {
                return format!("${{{rest}}}");
            }
            match c {
                "AWS::Partition" => "{partition}".into(),
                "AWS::Region" => "{region}".into(),
                "AWS::AccountId" => "{account}".into(),
                "AWS::URLSuffix" => "{url_suffix}".into(),
                _ if names.contains_key(c) => names[c].clone(),
                _ if params.iter().any(|p| p == c) => format!("{{param:{}}}", snake(c)),
                _ => format!("{{unknown:{c}}}"),
            }
        })
    };
    fn go(v: &Value, sub: &dyn Fn(&str) -> String) -> Value {
        match v {
            Value::Object(m) if m.len() == 1 && m.contains_key("Fn::Sub") => Value::String(sub(m["Fn::Sub"].as_str().unwrap_or(""))),
            Value::Object(m) if m.len() == 1 && m.contains_key("Ref") => {
                Value::String(sub(&format!("${{{}}}", m["Ref"].as_str().unwrap_or(""))))
            }
            Value::Object(m) if m.len() == 1 && m.contains_key("Fn::GetAtt") => {
                let a = &m["Fn::GetAtt"];
                Value::String(format!("{}.{}", sub(&format!("${{{}}}", a[0].as_str().unwrap_or(""))), a[1].as_str().unwrap_or("")))
            }
            Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), go(v, sub))).collect()),
            Value::Array(a) => Value::Array(a.iter().map(|x| go(x, sub)).collect()),
            Value::String(s) => Value::String(s.clone()),
            other => other.clone(),
        }
    }
    let mut out = Vec::new();
    for (k, r) in res {
        let ty = r["Type"].as_str().unwrap_or("");
        for key in r.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
            if !["Type", "Properties", "DependsOn"].contains(&key.as_str()) {
                return Err(format!("resource {k}: the v2 parity reduction does not read {key}"));
            }
        }
        let kind = kind_of(ty, true)?;
        let Value::Object(mut props) = snake_keys(&go(&r["Properties"], &sub)) else { return Err(format!("{k}: no Properties")) };
        props.remove("api_id");
        match kind {
            "integration" => {
                props.insert("self".into(), json!(names[k]));
                if let Some(Value::Object(rp)) = props.remove("response_parameters") {
                    // {status: {response_parameters: [{destination, source}]}} → {status: {destination: source}}
                    let m: Map<String, Value> = rp
                        .into_iter()
                        .map(|(status, v)| {
                            let list = v["response_parameters"].as_array().cloned().unwrap_or_default();
                            let mappings: Map<String, Value> =
                                list.iter().map(|x| (x["destination"].as_str().unwrap_or("").to_string(), x["source"].clone())).collect();
                            (status, Value::Object(mappings))
                        })
                        .collect();
                    props.insert("response_parameters".into(), Value::Object(m));
                }
            }
            "domain" => {
                if let Some(Value::Array(mut c)) = props.remove("domain_name_configuration") {
                    if c.len() != 1 {
                        return Err(format!("{k}: {} domain name configurations", c.len()));
                    }
                    let mut c = c.remove(0);
                    // The Terraform provider requires the security policy that CloudFormation
                    // leaves to API Gateway's default for regional domains.
                    if let Value::Object(o) = &mut c {
                        o.entry("security_policy").or_insert(json!(TLS_DEFAULT));
                    }
                    props.insert("domain_name_configuration".into(), c);
                }
            }
            "vpc_link" => {
                // The provider requires the list CloudFormation may leave out when it is empty.
                props.entry("security_group_ids").or_insert(json!([]));
            }
            "deployment" => {
                let d = props.remove("description").map(|v| plain(&v, &|x: &str| x.to_string())).unwrap_or_default();
                props.insert("hash".into(), json!(d.trim_start_matches("gwc deployment ")));
            }
            "api_key" | "usage_plan" => {
                // REST-style resources tag with a list of `{Key, Value}`; Terraform with a map.
                if let Some(Value::Array(tags)) = props.remove("tags") {
                    let m: Map<String, Value> =
                        tags.iter().map(|t| (t["key"].as_str().unwrap_or("").to_string(), t["value"].clone())).collect();
                    props.insert("tags".into(), Value::Object(m));
                }
                strip_stage_api_ids(&mut props);
            }
            "client_certificate" => {
                props.insert("name".into(), json!(names[k].trim_start_matches("{client_certificate:").trim_end_matches('}')));
            }
            "logging_role" => {
                let assume = props.remove("assume_role_policy_document").unwrap_or(Value::Null);
                props.insert("assume".into(), assume);
                let policies = props.remove("managed_policy_arns").unwrap_or(Value::Null);
                props.insert("policies".into(), policies);
            }
            _ => {}
        }
        out.push(Neutral { kind, props });
    }
    let mut outputs = Vec::new();
    for (k, o) in t["Outputs"].as_object().into_iter().flatten() {
        let v = plain(&go(&o["Value"], &sub), &|x: &str| x.to_string());
        outputs.push(if k == "ApiId" {
            "api_id".to_string()
        } else if let Some((domain, attr)) = v.strip_prefix("{domain:").and_then(|x| x.split_once("}.")) {
            format!("{domain} {}", if attr == "RegionalDomainName" { "target" } else { "zone" })
        } else if k.ends_with("InvokeUrl") || k.ends_with("WebSocketUrl") {
            let stage = v.rsplit("{stage:").next().unwrap_or("").trim_end_matches('}').trim_end_matches('/').to_string();
            let stage = if v.ends_with(".{url_suffix}/") { "$default".to_string() } else { stage };
            format!("url {stage}")
        } else {
            return Err(format!("output {k}: the v2 parity reduction does not know it"));
        });
    }
    table(out, outputs)
}

// ------------------------------------------------------------------------------------------------
// Terraform

pub fn reduce_terraform(doc: &Value) -> Result<Table, String> {
    for k in doc.as_object().ok_or("configuration is not an object")?.keys() {
        if !["//", "terraform", "variable", "data", "resource", "output"].contains(&k.as_str()) {
            return Err(format!("configuration section {k}: the v2 parity reduction does not read it"));
        }
    }
    let resources = doc["resource"].as_object().ok_or("no resource")?;
    // Resource address → canonical placeholder.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (ty, items) in resources {
        for (n, b) in items.as_object().into_iter().flatten() {
            let name = |prop: &str| plain(&b[prop], &|x: &str| x.to_string());
            let canon = match ty.as_str() {
                "aws_apigatewayv2_api" => "{api}".to_string(),
                "aws_apigatewayv2_authorizer" => format!("{{authorizer:{}}}", name("name")),
                "aws_apigatewayv2_route" => format!("{{route:{}}}", name("route_key")),
                "aws_apigatewayv2_integration" => format!("{{integration:{n}}}"),
                "aws_apigatewayv2_stage" => format!("{{stage:{}}}", name("name")),
                "aws_apigatewayv2_deployment" => "{deployment}".into(),
                "aws_apigatewayv2_vpc_link" | "aws_api_gateway_vpc_link" => format!("{{vpc_link:{}}}", name("name")),
                "aws_api_gateway_api_key" => format!("{{api_key:{}}}", name("name")),
                "aws_api_gateway_usage_plan" => format!("{{usage_plan:{}}}", name("name")),
                "aws_api_gateway_client_certificate" => format!("{{client_certificate:{n}}}"),
                "aws_apigatewayv2_domain_name" => format!("{{domain:{}}}", name("domain_name")),
                "aws_iam_role" => "{logging_role}".into(),
                _ => continue,
            };
            names.insert(format!("{ty}.{n}"), canon);
        }
    }
    let expr = |e: &str| -> String {
        match e {
            "data.aws_partition.current.partition" => return "{partition}".into(),
            "data.aws_region.current.region" => return "{region}".into(),
            "data.aws_caller_identity.current.account_id" => return "{account}".into(),
            "data.aws_partition.current.dns_suffix" => return "{url_suffix}".into(),
            _ => {}
        }
        if let Some(v) = e.strip_prefix("var.") {
            return format!("{{param:{v}}}");
        }
        let (address, attr) = e.rsplit_once('.').unwrap_or((e, ""));
        let Some(canon) = names.get(address) else { return format!("{{unknown:{e}}}") };
        match attr {
            "execution_arn" => format!("arn:{{partition}}:execute-api:{{region}}:{{account}}:{canon}"),
            "arn" if canon == "{logging_role}" => "{logging_role}.Arn".into(),
            _ => canon.clone(),
        }
    };
    let s = |x: &str| template(x, &expr);
    fn go(v: &Value, s: &dyn Fn(&str) -> String) -> Value {
        match v {
            Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), go(v, s))).collect()),
            Value::Array(a) => Value::Array(a.iter().map(|x| go(x, s)).collect()),
            Value::String(x) => Value::String(s(x)),
            other => other.clone(),
        }
    }
    let mut out = Vec::new();
    let mut policies = Vec::new();
    for (ty, items) in resources {
        let kind = kind_of(ty, false)?;
        for (n, b) in items.as_object().into_iter().flatten() {
            let Value::Object(mut props) = go(b, &s) else { return Err(format!("{ty}.{n} is not an object")) };
            props.remove("api_id");
            props.remove("depends_on");
            match kind {
                "integration" => {
                    props.insert("self".into(), json!(names[&format!("{ty}.{n}")]));
                    if let Some(Value::Array(blocks)) = props.remove("response_parameters") {
                        let m: Map<String, Value> =
                            blocks.iter().map(|b| (b["status_code"].as_str().unwrap_or("").to_string(), b["mappings"].clone())).collect();
                        props.insert("response_parameters".into(), Value::Object(m));
                    }
                }
                "stage" => {
                    if let Some(Value::Array(list)) = props.remove("route_settings") {
                        let m: Map<String, Value> = list
                            .into_iter()
                            .map(|mut x| {
                                let k = x.as_object_mut().and_then(|o| o.remove("route_key")).map(|v| plain(&v, &|x: &str| x.to_string()));
                                (k.unwrap_or_default(), x)
                            })
                            .collect();
                        props.insert("route_settings".into(), Value::Object(m));
                    }
                }
                "deployment" => {
                    let d = props.remove("description").map(|v| plain(&v, &|x: &str| x.to_string())).unwrap_or_default();
                    let hash = d.trim_start_matches("gwc deployment ").to_string();
                    if props.remove("triggers") != Some(json!({ "redeployment": hash })) {
                        return Err(format!("{ty}.{n}: triggers differ from the description's hash {hash}"));
                    }
                    if props.remove("lifecycle") != Some(json!({ "create_before_destroy": true })) {
                        return Err(format!("{ty}.{n}: not create_before_destroy"));
                    }
                    props.insert("hash".into(), json!(hash));
                }
                "logging_role" => {
                    let text = props.remove("assume_role_policy").map(|v| plain(&v, &|x: &str| x.to_string())).unwrap_or_default();
                    let assume: Value = serde_json::from_str(&text).map_err(|e| format!("assume_role_policy: {e}"))?;
                    props.insert("assume".into(), assume);
                }
                "usage_plan" => strip_stage_api_ids(&mut props),
                "client_certificate" => {
                    props.insert("name".into(), json!(n));
                }
                "logging_role_policy" => {
                    policies.push(props.remove("policy_arn").unwrap_or(Value::Null));
                    continue;
                }
                _ => {}
            }
            out.push(Neutral { kind, props });
        }
    }
    if !policies.is_empty() {
        let role = out.iter_mut().find(|r| r.kind == "logging_role").ok_or("policy attachment without a role")?;
        role.props.insert("policies".into(), Value::Array(policies));
    }
    let mut outputs = Vec::new();
    for (k, o) in doc["output"].as_object().into_iter().flatten() {
        let v = plain(&go(&o["value"], &s), &|x: &str| x.to_string());
        outputs.push(if k == "api_id" {
            "api_id".to_string()
        } else if k.ends_with("_invoke_url") || k.ends_with("_websocket_url") {
            format!("url {}", v.trim_start_matches("{stage:").trim_end_matches('}'))
        } else if let Some(domain) = v.strip_prefix("{domain:").map(|x| x.trim_end_matches('}')) {
            let raw = o["value"].as_str().unwrap_or("");
            format!("{domain} {}", if raw.ends_with(".target_domain_name}") { "target" } else { "zone" })
        } else {
            return Err(format!("output {k}: the v2 parity reduction does not know it"));
        });
    }
    table(out, outputs)
}

/// A usage plan's stages without the API's id (every stage is this API's).
fn strip_stage_api_ids(props: &mut Map<String, Value>) {
    if let Some(Value::Array(stages)) = props.get_mut("api_stages") {
        for st in stages {
            if let Value::Object(o) = st {
                o.remove("api_id");
            }
        }
    }
}

/// Canonical text of a Terraform string template: `$${` and `%%{` unescaped, each `${expr}` as
/// `f(expr)`; `one(X).attr` as `f(X)`.
pub fn template(s: &str, f: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = s;
    loop {
        let next = [rest.find("$${"), rest.find("%%{"), rest.find("${")].into_iter().flatten().min();
        let Some(i) = next else { break };
        out.push_str(&rest[..i]);
        let r = &rest[i..];
        if let Some(after) = r.strip_prefix("$${") {
            out.push_str("${");
            rest = after;
        } else if let Some(after) = r.strip_prefix("%%{") {
            out.push_str("%{");
            rest = after;
        } else {
            let after = &r[2..];
            let Some(j) = after.find('}') else {
                out.push_str(r);
                rest = "";
                break;
            };
            let e = &after[..j];
            let e = match e.strip_prefix("one(").and_then(|x| x.split_once(')')) {
                Some((inner, _)) => inner.rsplit_once('.').map(|(a, _)| format!("{a}.id")).unwrap_or_default(),
                None => e.to_string(),
            };
            out.push_str(&f(&e));
            rest = &after[j + 1..];
        }
    }
    out.push_str(rest);
    out
}
