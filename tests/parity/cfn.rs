//! Reduces a CloudFormation template to the parity table.

use super::table::{map_cell, opt, params_cell, plain, snake, Obj, Table};
use serde_json::Value;
use std::collections::BTreeMap;

/// `(resource type, property)` pairs the reduction skips, `*` for a whole resource type: the
/// features listed in `CLOUDFORMATION_ONLY_FOR_NOW` of tests/parity.rs. Each skipped pair is
/// recorded in `skipped`.
pub fn reduce_skipping(t: &Value, pending: &[(&str, &str)], skipped: &mut std::collections::BTreeSet<(String, String)>) -> Result<Table, String> {
    reduce_inner(t, pending, skipped)
}

fn reduce_inner(t: &Value, pending: &[(&str, &str)], skipped: &mut std::collections::BTreeSet<(String, String)>) -> Result<Table, String> {
    let mut top = Obj::new("template", t)?;
    top.ignore(&["AWSTemplateFormatVersion", "Description"]);
    skip(&mut top, "template", "", t, pending, skipped);
    let params: Vec<String> = top.take("Parameters").and_then(|p| p.as_object().map(|m| m.keys().cloned().collect())).unwrap_or_default();
    let resources = top.need("Resources")?;
    let outputs = top.take("Outputs");
    top.done()?;
    let res = resources.as_object().ok_or("Resources is not an object")?;
    let of_type = |ty: &str| res.iter().filter(move |(_, r)| r["Type"] == ty).map(|(k, r)| (k.clone(), r.clone())).collect::<Vec<_>>();
    let api_id = of_type("AWS::ApiGateway::RestApi").first().map(|(k, _)| k.clone()).ok_or("no RestApi")?;
    let authorizers: BTreeMap<String, String> =
        of_type("AWS::ApiGateway::Authorizer").iter().map(|(k, r)| (k.clone(), r["Properties"]["Name"].as_str().unwrap_or("").to_string())).collect();
    let stages: BTreeMap<String, String> =
        of_type("AWS::ApiGateway::Stage").iter().map(|(k, r)| (k.clone(), r["Properties"]["StageName"].as_str().unwrap_or("").to_string())).collect();
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
                _ if c == api_id => "{api}".into(),
                _ if authorizers.contains_key(c) => format!("{{authorizer:{}}}", authorizers[c]),
                _ if stages.contains_key(c) => format!("{{stage:{}}}", stages[c]),
                _ if params.iter().any(|p| p == c) => format!("{{param:{}}}", snake(c)),
                _ => format!("{{unknown:{c}}}"),
            }
        })
    };
    // A CloudFormation value as canonical text.
    let val = |v: &Value| -> Value {
        fn go(v: &Value, sub: &dyn Fn(&str) -> String) -> Value {
            match v {
                Value::Object(m) if m.len() == 1 && m.contains_key("Fn::Sub") => Value::String(sub(m["Fn::Sub"].as_str().unwrap_or(""))),
                Value::Object(m) if m.len() == 1 && m.contains_key("Ref") => Value::String(sub(&format!("${{{}}}", m["Ref"].as_str().unwrap_or("")))),
                Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), go(v, sub))).collect()),
                Value::Array(a) => Value::Array(a.iter().map(|x| go(x, sub)).collect()),
                other => other.clone(),
            }
        }
        go(v, &sub)
    };
    let id = |s: &str| s.to_string();
    let mut table = Table::new();
    // Resource paths.
    let mut paths: BTreeMap<String, String> = BTreeMap::new();
    let resources_of = of_type("AWS::ApiGateway::Resource");
    fn path_of(k: &str, rs: &[(String, Value)], depth: usize) -> String {
        if depth > 64 {
            return "?".into();
        }
        let Some((_, r)) = rs.iter().find(|(id, _)| id == k) else { return String::new() };
        let parent = &r["Properties"]["ParentId"];
        let prefix = match parent.get("Ref").and_then(Value::as_str) {
            Some(p) => path_of(p, rs, depth + 1),
            None => String::new(),
        };
        format!("{prefix}/{}", r["Properties"]["PathPart"].as_str().unwrap_or(""))
    }
    for (k, r) in &resources_of {
        paths.insert(k.clone(), path_of(k, &resources_of, 0));
        let mut p = Obj::new(format!("Resource {k}"), &r["Properties"])?;
        p.ignore(&["RestApiId", "ParentId", "PathPart"]);
        p.done()?;
    }
    let path_of_id = |v: &Value| -> String {
        match v.get("Ref").and_then(Value::as_str) {
            Some(r) => paths.get(r).cloned().unwrap_or_else(|| format!("?{r}")),
            None => "/".into(),
        }
    };
    for (k, r) in res {
        let mut o = Obj::new(format!("resource {k}"), r)?;
        let ty = o.need("Type")?;
        let ty = ty.as_str().unwrap_or("");
        o.ignore(&["DependsOn"]);
        skip(&mut o, "resource", "", r, pending, skipped);
        let props = o.take("Properties").unwrap_or(Value::Null);
        o.done()?;
        if pending.contains(&(ty, "*")) {
            skipped.insert((ty.to_string(), "*".to_string()));
            continue;
        }
        let mut p = Obj::new(format!("{ty} {k}"), &props)?;
        skip(&mut p, ty, "", &props, pending, skipped);
        match ty {
            "AWS::ApiGateway::RestApi" => {
                table.insert("api name".into(), opt(p.take("Name"), &id));
                put(&mut table, "api description", p.take("Description").map(|v| val(&v)), &id);
                let mut ep = Obj::new("EndpointConfiguration", &p.need("EndpointConfiguration")?)?;
                table.insert("api endpoint_type".into(), opt(ep.take("Types"), &id));
                put(&mut table, "api vpc_endpoints", ep.take("VpcEndpointIds").map(|v| val(&v)), &id);
                ep.done()?;
                put(&mut table, "api policy", p.take("Policy").map(|v| val(&v)), &id);
                put(&mut table, "api binary_media_types", p.take("BinaryMediaTypes"), &id);
                put(&mut table, "api minimum_compression", p.take("MinimumCompressionSize").map(|v| Value::String(v.to_string())), &id);
                put(&mut table, "api key_source", p.take("ApiKeySourceType"), &id);
                put(&mut table, "api disable_execute_api_endpoint", p.take("DisableExecuteApiEndpoint"), &id);
                if let Some(Value::Array(tags)) = p.take("Tags") {
                    let m: serde_json::Map<String, Value> = tags.iter().map(|t| (t["Key"].as_str().unwrap_or("").to_string(), val(&t["Value"]))).collect();
                    table.insert("api tags".into(), map_cell(Some(Value::Object(m)), &id));
                }
            }
            "AWS::ApiGateway::Resource" => continue,
            "AWS::ApiGateway::Authorizer" => {
                let name = p.need("Name")?.as_str().unwrap_or("").to_string();
                let row = |f: &str| format!("authorizer {name} {f}");
                p.ignore(&["RestApiId"]);
                put(&mut table, &row("type"), p.take("Type"), &id);
                put(&mut table, &row("uri"), p.take("AuthorizerUri").map(|v| val(&v)), &id);
                put(&mut table, &row("identity_source"), p.take("IdentitySource"), &id);
                put(&mut table, &row("validation"), p.take("IdentityValidationExpression"), &id);
                put(&mut table, &row("ttl"), p.take("AuthorizerResultTtlInSeconds"), &id);
                put(&mut table, &row("credentials"), p.take("AuthorizerCredentials").map(|v| val(&v)), &id);
                put(&mut table, &row("provider_arns"), p.take("ProviderARNs").map(|v| val(&v)), &id);
            }
            "AWS::ApiGateway::Method" => {
                let route = format!("route {} {}", p.need("HttpMethod")?.as_str().unwrap_or(""), path_of_id(&p.need("ResourceId")?));
                p.ignore(&["RestApiId"]);
                let auth = p.need("AuthorizationType")?.as_str().unwrap_or("").to_string();
                let authorizer = p.take("AuthorizerId").map(|v| plain(&val(&v), &id)).unwrap_or_default();
                table.insert(format!("{route} auth"), format!("{auth} {}", authorizer.trim_start_matches("{authorizer:").trim_end_matches('}')).trim().to_string());
                put(&mut table, &format!("{route} scopes"), p.take("AuthorizationScopes"), &id);
                put(&mut table, &format!("{route} api_key_required"), p.take("ApiKeyRequired"), &id);
                put(&mut table, &format!("{route} operation"), p.take("OperationName"), &id);
                put(&mut table, &format!("{route} parameters"), params_cell(p.take("RequestParameters"), &id).map(Value::String), &id);
                if let Some(Value::Array(mrs)) = p.take("MethodResponses") {
                    for m in mrs {
                        let response = m;
                        let mut m = Obj::new(format!("{route} method response"), &response)?;
                        skip(&mut m, ty, "MethodResponses.", &response, pending, skipped);
                        let status = opt(m.take("StatusCode"), &id);
                        table.insert(format!("{route} method response {status}"), map_cell(m.take("ResponseParameters"), &id));
                        m.done()?;
                    }
                }
                let integration = p.need("Integration")?;
                let mut i = Obj::new(format!("{route} Integration"), &integration)?;
                skip(&mut i, ty, "Integration.", &integration, pending, skipped);
                let row = |f: &str| format!("{route} integration {f}");
                put(&mut table, &row("type"), i.take("Type"), &id);
                put(&mut table, &row("http_method"), i.take("IntegrationHttpMethod"), &id);
                put(&mut table, &row("uri"), i.take("Uri").map(|v| val(&v)), &id);
                put(&mut table, &row("credentials"), i.take("Credentials").map(|v| val(&v)), &id);
                put(&mut table, &row("timeout"), i.take("TimeoutInMillis"), &id);
                put(&mut table, &row("passthrough"), i.take("PassthroughBehavior"), &id);
                put(&mut table, &row("request_parameters"), i.take("RequestParameters").map(|v| Value::String(map_cell(Some(v), &id))), &id);
                put(&mut table, &row("request_templates"), i.take("RequestTemplates").map(|v| Value::String(map_cell(Some(v), &id))), &id);
                if let Some(Value::Array(irs)) = i.take("IntegrationResponses") {
                    for r in irs {
                        let mut r = Obj::new(format!("{route} integration response"), &r)?;
                        let pattern = r.take("SelectionPattern").and_then(|v| v.as_str().map(String::from)).unwrap_or_else(|| "default".into());
                        let cell = format!(
                            "status={} parameters={} templates={}",
                            opt(r.take("StatusCode"), &id),
                            map_cell(r.take("ResponseParameters"), &id),
                            map_cell(r.take("ResponseTemplates"), &id)
                        );
                        table.insert(row(&format!("response {pattern}")), cell);
                        r.done()?;
                    }
                }
                i.done()?;
            }
            "AWS::Lambda::Permission" => {
                p.ignore(&["Action", "Principal"]);
                let f = plain(&val(&p.need("FunctionName")?), &id);
                let s = plain(&val(&p.need("SourceArn")?), &id);
                table.insert(format!("permission {f} {s}"), "allowed".into());
            }
            "AWS::ApiGateway::Deployment" => {
                p.ignore(&["RestApiId"]);
                table.insert("deployment".into(), opt(p.take("Description"), &id).trim_start_matches("gwc deployment ").to_string());
            }
            "AWS::ApiGateway::Stage" => {
                let name = p.need("StageName")?.as_str().unwrap_or("").to_string();
                p.ignore(&["RestApiId", "DeploymentId"]);
                let row = |f: &str| format!("stage {name} {f}");
                put(&mut table, &row("description"), p.take("Description").map(|v| val(&v)), &id);
                put(&mut table, &row("variables"), p.take("Variables").map(|v| Value::String(map_cell(Some(val(&v)), &id))), &id);
                put(&mut table, &row("tracing"), p.take("TracingEnabled"), &id);
                if let Some(a) = p.take("AccessLogSetting") {
                    let mut a = Obj::new("AccessLogSetting", &a)?;
                    table.insert(row("access_log"), format!("{} {}", opt(a.take("DestinationArn").map(|v| val(&v)), &id), opt(a.take("Format"), &id)));
                    a.done()?;
                }
                if let Some(Value::Array(tags)) = p.take("Tags") {
                    let m: serde_json::Map<String, Value> = tags.iter().map(|t| (t["Key"].as_str().unwrap_or("").to_string(), val(&t["Value"]))).collect();
                    table.insert(row("tags"), map_cell(Some(Value::Object(m)), &id));
                }
                if let Some(Value::Array(settings)) = p.take("MethodSettings") {
                    for s in settings {
                        let setting = s;
                        let mut s = Obj::new(row("MethodSettings"), &setting)?;
                        skip(&mut s, ty, "MethodSettings.", &setting, pending, skipped);
                        let rp = opt(s.take("ResourcePath"), &id);
                        let path = if rp == "/*" { "*".to_string() } else if rp == "/" { "/".into() } else { rp.trim_start_matches('/').replace("~1", "/") };
                        let method = opt(s.take("HttpMethod"), &id);
                        let mut cell = BTreeMap::new();
                        for (k, canon) in [
                            ("LoggingLevel", "logging_level"),
                            ("DataTraceEnabled", "data_trace"),
                            ("MetricsEnabled", "metrics"),
                            ("ThrottlingRateLimit", "rate"),
                            ("ThrottlingBurstLimit", "burst"),
                            ("CachingEnabled", "caching"),
                            ("CacheTtlInSeconds", "cache_ttl"),
                            ("CacheDataEncrypted", "cache_encrypted"),
                        ] {
                            if let Some(v) = s.take(k) {
                                cell.insert(canon, plain(&v, &id));
                            }
                        }
                        s.done()?;
                        table.insert(row(&format!("settings {path} {method}")), format!("{cell:?}"));
                    }
                }
            }
            other => return Err(format!("resource {k}: the parity reduction does not know {other}; reduce it in tests/parity/ (all three targets)")),
        }
        p.done()?;
    }
    if let Some(Value::Object(outs)) = outputs {
        for (k, o) in outs {
            if let Some((_, suffix)) = pending.iter().find(|(t, suffix)| *t == "Outputs" && k.ends_with(suffix)) {
                skipped.insert(("Outputs".to_string(), suffix.to_string()));
            } else if k == "ApiId" {
                table.insert("output api_id".into(), "present".into());
            } else if k.ends_with("InvokeUrl") {
                let v = plain(&val(&o["Value"]), &id);
                let stage = v.rsplit("{stage:").next().unwrap_or("").trim_end_matches('}').to_string();
                table.insert(format!("output invoke_url {stage}"), "present".into());
            } else {
                return Err(format!("output {k}: the parity reduction does not know it; reduce it in tests/parity/ (all three targets)"));
            }
        }
    }
    Ok(table)
}

/// Drops from `o` the pending properties `prefix + name` of resource type `ty` that `v` has.
fn skip(o: &mut Obj, ty: &str, prefix: &str, v: &Value, pending: &[(&str, &str)], skipped: &mut std::collections::BTreeSet<(String, String)>) {
    for (pty, prop) in pending {
        if let Some(name) = prop.strip_prefix(prefix).filter(|n| *pty == ty && !n.contains('.') && v.get(n).is_some()) {
            skipped.insert((ty.to_string(), prop.to_string()));
            o.ignore(&[name]);
        }
    }
}

fn put(t: &mut Table, key: &str, v: Option<Value>, s: &dyn Fn(&str) -> String) {
    if let Some(v) = v {
        t.insert(key.to_string(), plain(&v, s));
    }
}

/// Replaces every `${...}` of `s` with `f(inside)`.
pub fn scan(s: &str, f: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('}') {
            Some(j) => {
                out.push_str(&f(&after[..j]));
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
