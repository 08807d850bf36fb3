//! Reduces a Terraform JSON configuration to the parity table.

use super::table::{map_cell, opt, params_cell, plain, Obj, Table};
use serde_json::Value;
use std::collections::BTreeMap;

/// Canonical text of a Terraform string template.
fn canon(s: &str, names: &Names) -> String {
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
            out.push_str(&names.expr(&after[..j]));
            rest = &after[j + 1..];
        }
    }
    out.push_str(rest);
    out
}

struct Names {
    authorizers: BTreeMap<String, String>,
    stages: BTreeMap<String, String>,
    /// Terraform type → resource name → the name that identifies it in the table.
    named: BTreeMap<&'static str, BTreeMap<String, String>>,
}

/// Resource types known in the table by one of their arguments (`None`: by the resource name),
/// with the canonical prefix of a reference to them.
const NAMED: &[(&str, Option<&str>, &str)] = &[
    ("aws_api_gateway_model", Some("name"), "model"),
    ("aws_api_gateway_request_validator", Some("name"), "validator"),
    ("aws_api_gateway_api_key", Some("name"), "api_key"),
    ("aws_api_gateway_usage_plan", Some("name"), "usage_plan"),
    ("aws_api_gateway_domain_name", Some("domain_name"), "domain"),
    ("aws_api_gateway_vpc_link", None, "vpc_link"),
    ("aws_api_gateway_client_certificate", None, "client_certificate"),
];

impl Names {
    fn expr(&self, e: &str) -> String {
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
        let parts: Vec<&str> = e.split('.').collect();
        match parts.as_slice() {
            ["aws_api_gateway_rest_api", _, "execution_arn"] => "arn:{partition}:execute-api:{region}:{account}:{api}".into(),
            ["aws_api_gateway_rest_api", _, "id"] => "{api}".into(),
            ["aws_api_gateway_authorizer", n, "id"] => format!("{{authorizer:{}}}", self.authorizers.get(*n).cloned().unwrap_or_default()),
            ["aws_api_gateway_stage", n, _] => format!("{{stage:{}}}", self.stages.get(*n).cloned().unwrap_or_default()),
            ["aws_iam_role", _, "arn"] => "{logging_role}.Arn".into(),
            ["aws_iam_role", _, "name"] => "{logging_role}".into(),
            ["aws_api_gateway_domain_name", n, attr] if *attr != "domain_name" => {
                let attr = match *attr {
                    "regional_domain_name" => "RegionalDomainName",
                    "cloudfront_domain_name" => "DistributionDomainName",
                    "regional_zone_id" => "RegionalHostedZoneId",
                    "cloudfront_zone_id" => "DistributionHostedZoneId",
                    other => other,
                };
                format!("{{domain:{}}}.{attr}", self.named["aws_api_gateway_domain_name"].get(*n).cloned().unwrap_or_default())
            }
            [ty, n, _] if NAMED.iter().any(|(t, _, _)| t == ty) => {
                let (t, _, prefix) = NAMED.iter().find(|(t, _, _)| t == ty).copied().unwrap_or_default();
                format!("{{{prefix}:{}}}", self.named[t].get(*n).cloned().unwrap_or_default())
            }
            _ => format!("{{unknown:{e}}}"),
        }
    }
}

pub fn reduce(doc: &Value) -> Result<Table, String> {
    let mut top = Obj::new("configuration", doc)?;
    top.ignore(&["//", "terraform", "variable", "data"]);
    let resources = top.need("resource")?;
    let outputs = top.take("output");
    top.done()?;
    let by_type = |ty: &str| resources.get(ty).and_then(Value::as_object).cloned().unwrap_or_default();
    let names = Names {
        authorizers: by_type("aws_api_gateway_authorizer")
            .iter()
            .map(|(k, v)| (k.clone(), v["name"].as_str().unwrap_or("").to_string()))
            .collect(),
        stages: by_type("aws_api_gateway_stage")
            .iter()
            .map(|(k, v)| (k.clone(), v["stage_name"].as_str().unwrap_or("").to_string()))
            .collect(),
        named: NAMED
            .iter()
            .map(|(ty, attr, _)| {
                let m = by_type(ty)
                    .iter()
                    .map(|(k, v)| (k.clone(), attr.map(|a| v[a].as_str().unwrap_or("").to_string()).unwrap_or_else(|| k.clone())))
                    .collect();
                (*ty, m)
            })
            .collect(),
    };
    // Names may themselves hold references (a domain name from a parameter).
    let names = Names {
        named: names.named.iter().map(|(t, m)| (*t, m.iter().map(|(k, v)| (k.clone(), canon(v, &names))).collect())).collect(),
        ..names
    };
    let s = |x: &str| canon(x, &names);
    let mut table = Table::new();
    // Resource paths, and each method's route.
    let res = by_type("aws_api_gateway_resource");
    fn path_of(k: &str, res: &serde_json::Map<String, Value>, depth: usize) -> String {
        let Some(r) = res.get(k) else { return String::new() };
        let parent = r["parent_id"].as_str().unwrap_or("");
        let prefix = match parent.strip_prefix("${aws_api_gateway_resource.").and_then(|p| p.strip_suffix(".id}")) {
            Some(p) if depth < 64 => path_of(p, res, depth + 1),
            _ => String::new(),
        };
        format!("{prefix}/{}", r["path_part"].as_str().unwrap_or(""))
    }
    let path_of_id = |v: &Value| -> String {
        let v = v.as_str().unwrap_or("");
        match v.strip_prefix("${aws_api_gateway_resource.").and_then(|p| p.strip_suffix(".id}")) {
            Some(p) => path_of(p, &res, 0),
            None => "/".into(),
        }
    };
    let methods = by_type("aws_api_gateway_method");
    let route_of_method = |m: &str| -> String {
        let body = &methods[m];
        format!("route {} {}", body["http_method"].as_str().unwrap_or(""), path_of_id(&body["resource_id"]))
    };
    let route_of_part = |v: &Value| -> Result<String, String> {
        let hm = v["http_method"].as_str().unwrap_or("");
        let m = hm
            .strip_prefix("${aws_api_gateway_method.")
            .and_then(|x| x.strip_suffix(".http_method}"))
            .ok_or(format!("http_method {hm} is not a method reference"))?;
        Ok(route_of_method(m))
    };
    let put = |t: &mut Table, key: String, v: Option<Value>| {
        if let Some(v) = v {
            t.insert(key, plain(&v, &s));
        }
    };
    for (ty, items) in resources.as_object().ok_or("resource is not an object")? {
        for (name, body) in items.as_object().ok_or("resource type is not an object")? {
            let mut p = Obj::new(format!("{ty}.{name}"), body)?;
            p.ignore(&["rest_api_id", "depends_on"]);
            match ty.as_str() {
                "aws_api_gateway_rest_api" => {
                    put(&mut table, "api name".into(), p.take("name"));
                    put(&mut table, "api description".into(), p.take("description"));
                    let mut ep = Obj::new("endpoint_configuration", &p.need("endpoint_configuration")?)?;
                    put(&mut table, "api endpoint_type".into(), ep.take("types"));
                    put(&mut table, "api vpc_endpoints".into(), ep.take("vpc_endpoint_ids"));
                    ep.done()?;
                    if let Some(Value::String(policy)) = p.take("policy") {
                        let v: Value = serde_json::from_str(&policy).map_err(|e| format!("policy is not JSON: {e}"))?;
                        put(&mut table, "api policy".into(), Some(v));
                    }
                    put(&mut table, "api binary_media_types".into(), p.take("binary_media_types"));
                    put(&mut table, "api minimum_compression".into(), p.take("minimum_compression_size"));
                    put(&mut table, "api key_source".into(), p.take("api_key_source"));
                    put(&mut table, "api disable_execute_api_endpoint".into(), p.take("disable_execute_api_endpoint"));
                    if let Some(t) = p.take("tags") {
                        table.insert("api tags".into(), map_cell(Some(t), &s));
                    }
                }
                "aws_api_gateway_resource" => p.ignore(&["parent_id", "path_part"]),
                "aws_api_gateway_authorizer" => {
                    let an = p.need("name")?.as_str().unwrap_or("").to_string();
                    let row = |f: &str| format!("authorizer {an} {f}");
                    put(&mut table, row("type"), p.take("type"));
                    put(&mut table, row("uri"), p.take("authorizer_uri"));
                    put(&mut table, row("identity_source"), p.take("identity_source"));
                    put(&mut table, row("validation"), p.take("identity_validation_expression"));
                    put(&mut table, row("ttl"), p.take("authorizer_result_ttl_in_seconds"));
                    put(&mut table, row("credentials"), p.take("authorizer_credentials"));
                    put(&mut table, row("provider_arns"), p.take("provider_arns"));
                }
                "aws_api_gateway_method" => {
                    let route = route_of_method(name);
                    p.ignore(&["resource_id", "http_method"]);
                    let auth = opt(p.take("authorization"), &s);
                    let authorizer = p.take("authorizer_id").map(|v| plain(&v, &s)).unwrap_or_default();
                    table.insert(
                        format!("{route} auth"),
                        format!("{auth} {}", authorizer.trim_start_matches("{authorizer:").trim_end_matches('}')).trim().to_string(),
                    );
                    put(&mut table, format!("{route} scopes"), p.take("authorization_scopes"));
                    put(&mut table, format!("{route} api_key_required"), p.take("api_key_required"));
                    put(&mut table, format!("{route} operation"), p.take("operation_name"));
                    put(&mut table, format!("{route} parameters"), params_cell(p.take("request_parameters"), &s).map(Value::String));
                    put(
                        &mut table,
                        format!("{route} request_models"),
                        p.take("request_models").map(|v| Value::String(map_cell(Some(v), &s))),
                    );
                    put(&mut table, format!("{route} validator"), p.take("request_validator_id"));
                }
                "aws_api_gateway_integration" => {
                    let route = route_of_part(body)?;
                    p.ignore(&["resource_id", "http_method"]);
                    let row = |f: &str| format!("{route} integration {f}");
                    put(&mut table, row("type"), p.take("type"));
                    put(&mut table, row("http_method"), p.take("integration_http_method"));
                    put(&mut table, row("uri"), p.take("uri"));
                    put(&mut table, row("credentials"), p.take("credentials"));
                    put(&mut table, row("timeout"), p.take("timeout_milliseconds"));
                    put(&mut table, row("passthrough"), p.take("passthrough_behavior"));
                    put(&mut table, row("request_parameters"), p.take("request_parameters").map(|v| Value::String(map_cell(Some(v), &s))));
                    put(&mut table, row("request_templates"), p.take("request_templates").map(|v| Value::String(map_cell(Some(v), &s))));
                    put(&mut table, row("cache_keys"), p.take("cache_key_parameters"));
                    put(&mut table, row("connection_type"), p.take("connection_type"));
                    put(&mut table, row("connection_id"), p.take("connection_id"));
                }
                "aws_api_gateway_method_response" => {
                    let route = route_of_part(body)?;
                    p.ignore(&["resource_id", "http_method"]);
                    let status = opt(p.take("status_code"), &s);
                    table.insert(format!("{route} method response {status}"), map_cell(p.take("response_parameters"), &s));
                    if let Some(models) = p.take("response_models") {
                        table.insert(format!("{route} method response {status} models"), map_cell(Some(models), &s));
                    }
                }
                "aws_api_gateway_integration_response" => {
                    let route = route_of_part(body)?;
                    p.ignore(&["resource_id", "http_method"]);
                    let status = match p.need("status_code")? {
                        Value::String(x) if x.starts_with("${aws_api_gateway_method_response.") => {
                            let mr = x.trim_start_matches("${aws_api_gateway_method_response.").trim_end_matches(".status_code}");
                            by_type("aws_api_gateway_method_response").get(mr).map(|m| plain(&m["status_code"], &s)).unwrap_or_default()
                        }
                        other => plain(&other, &s),
                    };
                    let pattern = p.take("selection_pattern").map(|v| plain(&v, &s)).unwrap_or_else(|| "default".into());
                    let cell = format!(
                        "status={status} parameters={} templates={}",
                        map_cell(p.take("response_parameters"), &s),
                        map_cell(p.take("response_templates"), &s)
                    );
                    table.insert(format!("{route} integration response {pattern}"), cell);
                }
                "aws_lambda_permission" => {
                    p.ignore(&["action", "principal"]);
                    let f = plain(&p.need("function_name")?, &s);
                    let src = plain(&p.need("source_arn")?, &s);
                    table.insert(format!("permission {f} {src}"), "allowed".into());
                }
                "aws_api_gateway_deployment" => {
                    let mut hash = opt(p.take("description"), &s).trim_start_matches("gwc deployment ").to_string();
                    let trigger = p.need("triggers")?["redeployment"].as_str().unwrap_or("").to_string();
                    // Canary stages: deployments keyed by hash, this update's first, then the stable ones.
                    if let Some(keys) = p.take("for_each") {
                        let keys = keys.as_str().unwrap_or("");
                        let current = keys.strip_prefix("${toset(compact([\"").and_then(|k| k.split_once('"')).map(|(h, _)| h);
                        let (Some(current), "${each.key}", "{unknown:each.key}") = (current, trigger.as_str(), hash.as_str()) else {
                            return Err(format!("deployment {name}: for_each {keys}, triggers {trigger}, description {hash}"));
                        };
                        hash = current.to_string();
                        table.insert("deployment keeps_stable".into(), "true".into());
                    } else if trigger != hash {
                        return Err(format!("deployment {name}: triggers {trigger} != description {hash}"));
                    }
                    p.ignore(&["lifecycle"]);
                    table.insert("deployment".into(), hash);
                }
                "aws_api_gateway_stage" => {
                    let sn = p.need("stage_name")?.as_str().unwrap_or("").to_string();
                    let row = |f: &str| format!("stage {sn} {f}");
                    // This update's deployment is "new"; a canary stage serves the stable one when given.
                    let deployment = |v: &Value| -> Result<String, String> {
                        let e = v.as_str().unwrap_or("").trim_start_matches("${aws_api_gateway_deployment.");
                        let key = e.split_once('[').map(|(_, k)| k.trim_end_matches("].id}"));
                        match key {
                            None if e.ends_with(".id}") => Ok("new".into()),
                            Some(k) if k.starts_with('"') => Ok("new".into()),
                            Some(k) => match k.strip_prefix("coalesce(var.").and_then(|k| k.split_once(", ")) {
                                Some((var, _)) => Ok(format!("{{param:{var}}} or new")),
                                None => Err(format!("stage {sn}: deployment {v}")),
                            },
                            None => Err(format!("stage {sn}: deployment {v}")),
                        }
                    };
                    table.insert(row("deployment"), deployment(&p.need("deployment_id")?)?);
                    if let Some(c) = p.take("canary_settings") {
                        let mut c = Obj::new(row("canary_settings"), &c)?;
                        table.insert(row("canary deployment"), deployment(&c.need("deployment_id")?)?);
                        put(&mut table, row("canary traffic"), c.take("percent_traffic"));
                        put(
                            &mut table,
                            row("canary variables"),
                            c.take("stage_variable_overrides").map(|v| Value::String(map_cell(Some(v), &s))),
                        );
                        put(&mut table, row("canary use_stage_cache"), c.take("use_stage_cache"));
                        c.done()?;
                    }
                    put(&mut table, row("description"), p.take("description"));
                    put(&mut table, row("variables"), p.take("variables").map(|v| Value::String(map_cell(Some(v), &s))));
                    put(&mut table, row("tracing"), p.take("xray_tracing_enabled"));
                    // A reference to the documentation version: its version string.
                    let version = by_type("aws_api_gateway_documentation_version").values().next().map(|v| v["version"].clone());
                    if p.take("documentation_version").is_some() {
                        put(&mut table, row("documentation_version"), version);
                    }
                    if p.take("cache_cluster_enabled") == Some(Value::Bool(true)) {
                        put(&mut table, row("cache_cluster"), p.take("cache_cluster_size"));
                    }
                    put(&mut table, row("client_certificate"), p.take("client_certificate_id"));
                    if let Some(a) = p.take("access_log_settings") {
                        let mut a = Obj::new("access_log_settings", &a)?;
                        table.insert(row("access_log"), format!("{} {}", opt(a.take("destination_arn"), &s), opt(a.take("format"), &s)));
                        a.done()?;
                    }
                    if let Some(t) = p.take("tags") {
                        table.insert(row("tags"), map_cell(Some(t), &s));
                    }
                }
                "aws_api_gateway_method_settings" => {
                    let stage = plain(&p.need("stage_name")?, &s);
                    let stage = stage.trim_start_matches("{stage:").trim_end_matches('}').to_string();
                    let mp = opt(p.take("method_path"), &s);
                    let (path, method) = mp.rsplit_once('/').ok_or(format!("method_path {mp}"))?;
                    let path = if path == "*" { "*".to_string() } else { format!("/{path}") };
                    let mut set = Obj::new("settings", &p.need("settings")?)?;
                    let mut cell = BTreeMap::new();
                    for (k, c) in [
                        ("logging_level", "logging_level"),
                        ("data_trace_enabled", "data_trace"),
                        ("metrics_enabled", "metrics"),
                        ("throttling_rate_limit", "rate"),
                        ("throttling_burst_limit", "burst"),
                        ("caching_enabled", "caching"),
                        ("cache_ttl_in_seconds", "cache_ttl"),
                        ("cache_data_encrypted", "cache_encrypted"),
                    ] {
                        if let Some(v) = set.take(k) {
                            cell.insert(c, plain(&v, &s));
                        }
                    }
                    set.done()?;
                    table.insert(format!("stage {stage} settings {path} {method}"), format!("{cell:?}"));
                }
                "aws_api_gateway_model" => {
                    let mn = opt(p.take("name"), &s);
                    let row = |f: &str| format!("model {mn} {f}");
                    put(&mut table, row("content_type"), p.take("content_type"));
                    put(&mut table, row("description"), p.take("description"));
                    let text = s(p.need("schema")?.as_str().unwrap_or(""));
                    let mut schema: Value = serde_json::from_str(&text).map_err(|e| format!("model {mn}: schema is not JSON: {e}"))?;
                    if let Value::Object(o) = &mut schema {
                        o.remove("$schema");
                    }
                    table.insert(row("schema"), plain(&schema, &|x: &str| x.to_string()));
                }
                "aws_api_gateway_request_validator" => {
                    let vn = opt(p.take("name"), &s);
                    table.insert(
                        format!("validator {vn}"),
                        format!(
                            "body={} params={}",
                            opt(p.take("validate_request_body"), &s),
                            opt(p.take("validate_request_parameters"), &s)
                        ),
                    );
                }
                "aws_api_gateway_gateway_response" => {
                    let ty = opt(p.take("response_type"), &s);
                    let cell = format!(
                        "status={} parameters={} templates={}",
                        opt(p.take("status_code"), &s),
                        map_cell(p.take("response_parameters"), &s),
                        map_cell(p.take("response_templates"), &s)
                    );
                    table.insert(format!("gateway response {ty}"), cell);
                }
                "aws_api_gateway_documentation_part" => {
                    let l = p.need("location")?;
                    let props: Value = serde_json::from_str(&s(p.need("properties")?.as_str().unwrap_or("")))
                        .map_err(|e| format!("documentation properties: {e}"))?;
                    table.insert(
                        format!(
                            "doc {} {} {} {} {}",
                            opt(l.get("type").cloned(), &s),
                            opt(l.get("method").cloned(), &s),
                            opt(l.get("path").cloned(), &s),
                            opt(l.get("name").cloned(), &s),
                            opt(l.get("status_code").cloned(), &s)
                        ),
                        plain(&props, &s),
                    );
                }
                "aws_api_gateway_documentation_version" => {
                    table.insert("doc_version".into(), opt(p.take("version"), &s));
                }
                "aws_api_gateway_api_key" => {
                    let kn = opt(p.take("name"), &s);
                    let row = |f: &str| format!("api_key {kn} {f}");
                    put(&mut table, row("enabled"), p.take("enabled"));
                    put(&mut table, row("value"), p.take("value"));
                    put(&mut table, row("description"), p.take("description"));
                    put(&mut table, row("customer_id"), p.take("customer_id"));
                    if let Some(t) = p.take("tags") {
                        table.insert(row("tags"), map_cell(Some(t), &s));
                    }
                }
                "aws_api_gateway_usage_plan" => {
                    let pn = opt(p.take("name"), &s);
                    let row = |f: &str| format!("usage_plan {pn} {f}");
                    put(&mut table, row("description"), p.take("description"));
                    for st in p.need("api_stages")?.as_array().cloned().unwrap_or_default() {
                        let mut o = Obj::new("api_stages", &st)?;
                        o.ignore(&["api_id"]);
                        let stage = plain(&o.need("stage")?, &s);
                        let throttles: BTreeMap<String, String> = o
                            .take("throttle")
                            .and_then(|t| t.as_array().cloned())
                            .unwrap_or_default()
                            .into_iter()
                            .map(|t| {
                                (
                                    plain(&t["path"], &s),
                                    format!(
                                        "burst={} rate={}",
                                        opt(t.get("burst_limit").cloned(), &s),
                                        opt(t.get("rate_limit").cloned(), &s)
                                    ),
                                )
                            })
                            .collect();
                        table.insert(row(&format!("stage {stage}")), format!("{throttles:?}"));
                        o.done()?;
                    }
                    if let Some(t) = p.take("throttle_settings") {
                        table.insert(
                            row("throttle"),
                            format!("burst={} rate={}", opt(t.get("burst_limit").cloned(), &s), opt(t.get("rate_limit").cloned(), &s)),
                        );
                    }
                    if let Some(q) = p.take("quota_settings") {
                        let mut q = Obj::new("quota_settings", &q)?;
                        table.insert(
                            row("quota"),
                            format!("{} per {} offset {}", opt(q.take("limit"), &s), opt(q.take("period"), &s), opt(q.take("offset"), &s)),
                        );
                        q.done()?;
                    }
                    if let Some(t) = p.take("tags") {
                        table.insert(row("tags"), map_cell(Some(t), &s));
                    }
                }
                "aws_api_gateway_usage_plan_key" => {
                    let key = plain(&p.need("key_id")?, &s);
                    let plan = plain(&p.need("usage_plan_id")?, &s);
                    table.insert(format!("usage_plan_key {plan} {key}"), opt(p.take("key_type"), &s));
                }
                "aws_api_gateway_domain_name" => {
                    let dn = plain(&p.need("domain_name")?, &s);
                    let row = |f: &str| format!("domain {dn} {f}");
                    put(&mut table, row("regional_certificate"), p.take("regional_certificate_arn"));
                    put(&mut table, row("edge_certificate"), p.take("certificate_arn"));
                    table.insert(row("endpoint"), opt(p.need("endpoint_configuration")?.get("types").cloned(), &s));
                    put(&mut table, row("security_policy"), p.take("security_policy"));
                    if let Some(m) = p.take("mutual_tls_authentication") {
                        let mut m = Obj::new("mutual_tls_authentication", &m)?;
                        table.insert(
                            row("mutual_tls"),
                            format!("{} {}", opt(m.take("truststore_uri"), &s), opt(m.take("truststore_version"), &s)),
                        );
                        m.done()?;
                    }
                    put(&mut table, row("ownership_certificate"), p.take("ownership_verification_certificate_arn"));
                    if let Some(t) = p.take("tags") {
                        table.insert(row("tags"), map_cell(Some(t), &s));
                    }
                }
                "aws_api_gateway_base_path_mapping" => {
                    p.ignore(&["api_id"]);
                    let domain = plain(&p.need("domain_name")?, &s);
                    let base = opt(p.take("base_path"), &s);
                    table.insert(format!("mapping {domain} {base}"), plain(&p.need("stage_name")?, &s));
                }
                "aws_api_gateway_vpc_link" => {
                    let ln = format!("{{vpc_link:{name}}}");
                    table.insert(format!("vpc_link {ln} name"), opt(p.take("name"), &s));
                    table.insert(format!("vpc_link {ln} targets"), opt(p.take("target_arns"), &s));
                    put(&mut table, format!("vpc_link {ln} description"), p.take("description"));
                }
                "aws_api_gateway_client_certificate" => {
                    table.insert(format!("client_certificate {{client_certificate:{name}}}"), opt(p.take("description"), &s));
                }
                "aws_iam_role" => {
                    let policy: Value = serde_json::from_str(&s(p.need("assume_role_policy")?.as_str().unwrap_or("")))
                        .map_err(|e| format!("assume_role_policy: {e}"))?;
                    table.insert("logging_role assume".into(), plain(&policy, &s));
                }
                "aws_iam_role_policy_attachment" => {
                    p.ignore(&["role"]);
                    // One attachment per managed policy; gwc attaches one.
                    table.insert("logging_role policies".into(), format!("[{}]", plain(&p.need("policy_arn")?, &s)));
                }
                "aws_api_gateway_account" => {
                    table.insert("account role".into(), plain(&p.need("cloudwatch_role_arn")?, &s));
                }
                "aws_wafv2_web_acl_association" => {
                    let resource = plain(&p.need("resource_arn")?, &s);
                    table.insert(format!("web_acl {resource}"), plain(&p.need("web_acl_arn")?, &s));
                }
                other => {
                    return Err(format!(
                        "{other}.{name}: the parity reduction does not know {other}; reduce it in tests/parity/ (all three targets)"
                    ))
                }
            }
            p.done()?;
        }
    }
    if let Some(Value::Object(outs)) = outputs {
        for (k, o) in outs {
            let v = plain(&o["value"], &s);
            if k == "api_id" {
                table.insert("output api_id".into(), "present".into());
            } else if let Some(stage) = k.strip_suffix("_deployment") {
                // The hash a canary stage's next apply keeps serving: this update's deployment.
                if !by_type("aws_api_gateway_deployment")
                    .values()
                    .any(|d| d["for_each"].as_str().is_some_and(|f| f.contains(&format!("\"{v}\""))))
                {
                    return Err(format!("output {k}: {v} is not a deployment key"));
                }
                table.insert(format!("output deployment {stage}"), "present".into());
            } else if v.starts_with("{domain:") {
                let (domain, attr) = v.rsplit_once('.').ok_or(format!("output {k}: {v}"))?;
                let what = match attr {
                    "RegionalDomainName" => "target regional",
                    "DistributionDomainName" => "target edge",
                    "RegionalHostedZoneId" => "zone regional",
                    "DistributionHostedZoneId" => "zone edge",
                    other => return Err(format!("output {k}: unknown attribute {other}")),
                };
                table.insert(format!("output {domain} {what}"), "present".into());
            } else {
                let v = plain(&o["value"], &s);
                let stage = v.trim_start_matches("{stage:").trim_end_matches('}').to_string();
                table.insert(format!("output invoke_url {stage}"), "present".into());
            }
        }
    }
    Ok(table)
}
