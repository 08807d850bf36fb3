//! Reduces a CloudFormation template to the parity table.

use super::table::{map_cell, opt, params_cell, plain, snake, Obj, Table};
use serde_json::Value;
use std::collections::BTreeMap;

/// `(resource type, property)` pairs the reduction skips, `*` for a whole resource type: the
/// features listed in `CLOUDFORMATION_ONLY_FOR_NOW` of tests/parity.rs. Each skipped pair is
/// recorded in `skipped`.
pub fn reduce_skipping(
    t: &Value,
    pending: &[(&str, &str)],
    skipped: &mut std::collections::BTreeSet<(String, String)>,
) -> Result<Table, String> {
    reduce_inner(t, pending, skipped)
}

fn reduce_inner(t: &Value, pending: &[(&str, &str)], skipped: &mut std::collections::BTreeSet<(String, String)>) -> Result<Table, String> {
    let mut top = Obj::new("template", t)?;
    // Conditions only choose the deployment a canary stage serves, reduced from its DeploymentId.
    top.ignore(&["AWSTemplateFormatVersion", "Description", "Conditions"]);
    skip(&mut top, "template", "", t, pending, skipped);
    let params: Vec<String> = top.take("Parameters").and_then(|p| p.as_object().map(|m| m.keys().cloned().collect())).unwrap_or_default();
    let resources = top.need("Resources")?;
    let outputs = top.take("Outputs");
    top.done()?;
    let res = resources.as_object().ok_or("Resources is not an object")?;
    let of_type = |ty: &str| res.iter().filter(move |(_, r)| r["Type"] == ty).map(|(k, r)| (k.clone(), r.clone())).collect::<Vec<_>>();
    let api_id = of_type("AWS::ApiGateway::RestApi").first().map(|(k, _)| k.clone()).ok_or("no RestApi")?;
    let authorizers: BTreeMap<String, String> = of_type("AWS::ApiGateway::Authorizer")
        .iter()
        .map(|(k, r)| (k.clone(), r["Properties"]["Name"].as_str().unwrap_or("").to_string()))
        .collect();
    let stages: BTreeMap<String, String> = of_type("AWS::ApiGateway::Stage")
        .iter()
        .map(|(k, r)| (k.clone(), r["Properties"]["StageName"].as_str().unwrap_or("").to_string()))
        .collect();
    let named = |ty: &str, prop: &str| -> BTreeMap<String, String> {
        of_type(ty).iter().map(|(k, r)| (k.clone(), plain(&r["Properties"][prop], &|x: &str| x.to_string()))).collect()
    };
    // Declared things are known by their name (or, where CloudFormation has none, by the snake
    // case of their logical ID without the type suffix, which is the Terraform resource name).
    let models = named("AWS::ApiGateway::Model", "Name");
    let validators = named("AWS::ApiGateway::RequestValidator", "Name");
    let keys = named("AWS::ApiGateway::ApiKey", "Name");
    let plans = named("AWS::ApiGateway::UsagePlan", "UsagePlanName");
    let domains = named("AWS::ApiGateway::DomainName", "DomainName");
    let by_id = |ty: &str, suffix: &str| -> BTreeMap<String, String> {
        of_type(ty).iter().map(|(k, _)| (k.clone(), snake(k.trim_end_matches(suffix)))).collect()
    };
    let vpc_links = by_id("AWS::ApiGateway::VpcLink", "VpcLink");
    let certificates = by_id("AWS::ApiGateway::ClientCertificate", "ClientCertificate");
    let roles = by_id("AWS::IAM::Role", "");
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
                _ if models.contains_key(c) => format!("{{model:{}}}", models[c]),
                _ if validators.contains_key(c) => format!("{{validator:{}}}", validators[c]),
                _ if keys.contains_key(c) => format!("{{api_key:{}}}", keys[c]),
                _ if plans.contains_key(c) => format!("{{usage_plan:{}}}", plans[c]),
                _ if domains.contains_key(c) => format!("{{domain:{}}}", domains[c]),
                _ if vpc_links.contains_key(c) => format!("{{vpc_link:{}}}", vpc_links[c]),
                _ if certificates.contains_key(c) => format!("{{client_certificate:{}}}", certificates[c]),
                _ if roles.contains_key(c) => "{logging_role}".into(),
                _ => format!("{{unknown:{c}}}"),
            }
        })
    };
    // A CloudFormation value as canonical text.
    let val = |v: &Value| -> Value {
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
        // A retained Deployment (canary stages) outlives updates, as Terraform's keyed deployments.
        let retained = [o.take("DeletionPolicy"), o.take("UpdateReplacePolicy")];
        if retained.iter().any(Option::is_some) {
            if ty != "AWS::ApiGateway::Deployment" || retained.iter().any(|p| p.as_ref().and_then(Value::as_str) != Some("Retain")) {
                return Err(format!("resource {k}: unexpected retention {retained:?}"));
            }
            table.insert("deployment keeps_stable".into(), "true".into());
        }
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
                    let m: serde_json::Map<String, Value> =
                        tags.iter().map(|t| (t["Key"].as_str().unwrap_or("").to_string(), val(&t["Value"]))).collect();
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
                table.insert(
                    format!("{route} auth"),
                    format!("{auth} {}", authorizer.trim_start_matches("{authorizer:").trim_end_matches('}')).trim().to_string(),
                );
                put(&mut table, &format!("{route} scopes"), p.take("AuthorizationScopes"), &id);
                put(&mut table, &format!("{route} api_key_required"), p.take("ApiKeyRequired"), &id);
                put(&mut table, &format!("{route} operation"), p.take("OperationName"), &id);
                put(&mut table, &format!("{route} parameters"), params_cell(p.take("RequestParameters"), &id).map(Value::String), &id);
                put(
                    &mut table,
                    &format!("{route} request_models"),
                    p.take("RequestModels").map(|v| Value::String(map_cell(Some(val(&v)), &id))),
                    &id,
                );
                put(&mut table, &format!("{route} validator"), p.take("RequestValidatorId").map(|v| val(&v)), &id);
                if let Some(Value::Array(mrs)) = p.take("MethodResponses") {
                    for m in mrs {
                        let response = m;
                        let mut m = Obj::new(format!("{route} method response"), &response)?;
                        skip(&mut m, ty, "MethodResponses.", &response, pending, skipped);
                        let status = opt(m.take("StatusCode"), &id);
                        table.insert(format!("{route} method response {status}"), map_cell(m.take("ResponseParameters"), &id));
                        if let Some(models) = m.take("ResponseModels") {
                            table.insert(format!("{route} method response {status} models"), map_cell(Some(val(&models)), &id));
                        }
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
                put(
                    &mut table,
                    &row("request_parameters"),
                    i.take("RequestParameters").map(|v| Value::String(map_cell(Some(v), &id))),
                    &id,
                );
                put(&mut table, &row("request_templates"), i.take("RequestTemplates").map(|v| Value::String(map_cell(Some(v), &id))), &id);
                put(&mut table, &row("cache_keys"), i.take("CacheKeyParameters"), &id);
                put(&mut table, &row("connection_type"), i.take("ConnectionType"), &id);
                put(&mut table, &row("connection_id"), i.take("ConnectionId").map(|v| val(&v)), &id);
                if let Some(Value::Array(irs)) = i.take("IntegrationResponses") {
                    for r in irs {
                        let mut r = Obj::new(format!("{route} integration response"), &r)?;
                        let pattern =
                            r.take("SelectionPattern").and_then(|v| v.as_str().map(String::from)).unwrap_or_else(|| "default".into());
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
                p.ignore(&["RestApiId"]);
                let row = |f: &str| format!("stage {name} {f}");
                // This update's Deployment is "new"; a canary stage serves the stable one when given.
                let deployment = |v: &Value| -> Result<String, String> {
                    match v.get("Ref").and_then(Value::as_str) {
                        Some(r) if res.get(r).is_some_and(|d| d["Type"] == "AWS::ApiGateway::Deployment") => Ok("new".into()),
                        Some(r) if params.iter().any(|p| p == r) => Ok(plain(&val(v), &id)),
                        _ => Err(format!("stage {name}: deployment {v}")),
                    }
                };
                let d = p.need("DeploymentId")?;
                let served = match d.get("Fn::If").and_then(Value::as_array) {
                    Some(choice) if choice.len() == 3 => format!("{} or {}", deployment(&choice[1])?, deployment(&choice[2])?),
                    _ => deployment(&d)?,
                };
                table.insert(row("deployment"), served);
                if let Some(c) = p.take("CanarySetting") {
                    let mut c = Obj::new(row("CanarySetting"), &c)?;
                    table.insert(row("canary deployment"), deployment(&c.need("DeploymentId")?)?);
                    put(&mut table, &row("canary traffic"), c.take("PercentTraffic"), &id);
                    put(
                        &mut table,
                        &row("canary variables"),
                        c.take("StageVariableOverrides").map(|v| Value::String(map_cell(Some(val(&v)), &id))),
                        &id,
                    );
                    put(&mut table, &row("canary use_stage_cache"), c.take("UseStageCache"), &id);
                    c.done()?;
                }
                put(&mut table, &row("description"), p.take("Description").map(|v| val(&v)), &id);
                put(&mut table, &row("variables"), p.take("Variables").map(|v| Value::String(map_cell(Some(val(&v)), &id))), &id);
                put(&mut table, &row("tracing"), p.take("TracingEnabled"), &id);
                put(&mut table, &row("documentation_version"), p.take("DocumentationVersion"), &id);
                if p.take("CacheClusterEnabled") == Some(Value::Bool(true)) {
                    put(&mut table, &row("cache_cluster"), p.take("CacheClusterSize"), &id);
                }
                put(&mut table, &row("client_certificate"), p.take("ClientCertificateId").map(|v| val(&v)), &id);
                if let Some(a) = p.take("AccessLogSetting") {
                    let mut a = Obj::new("AccessLogSetting", &a)?;
                    table.insert(
                        row("access_log"),
                        format!("{} {}", opt(a.take("DestinationArn").map(|v| val(&v)), &id), opt(a.take("Format"), &id)),
                    );
                    a.done()?;
                }
                if let Some(Value::Array(tags)) = p.take("Tags") {
                    let m: serde_json::Map<String, Value> =
                        tags.iter().map(|t| (t["Key"].as_str().unwrap_or("").to_string(), val(&t["Value"]))).collect();
                    table.insert(row("tags"), map_cell(Some(Value::Object(m)), &id));
                }
                if let Some(Value::Array(settings)) = p.take("MethodSettings") {
                    for s in settings {
                        let setting = s;
                        let mut s = Obj::new(row("MethodSettings"), &setting)?;
                        skip(&mut s, ty, "MethodSettings.", &setting, pending, skipped);
                        let rp = opt(s.take("ResourcePath"), &id);
                        let path = if rp == "/*" {
                            "*".to_string()
                        } else if rp == "/" {
                            "/".into()
                        } else {
                            rp.trim_start_matches('/').replace("~1", "/")
                        };
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
            "AWS::ApiGateway::Model" => {
                let name = opt(p.take("Name"), &id);
                p.ignore(&["RestApiId"]);
                let row = |f: &str| format!("model {name} {f}");
                put(&mut table, &row("content_type"), p.take("ContentType"), &id);
                put(&mut table, &row("description"), p.take("Description"), &id);
                let mut schema = val(&p.need("Schema")?);
                if let Value::Object(o) = &mut schema {
                    o.remove("$schema");
                }
                table.insert(row("schema"), plain(&schema, &id));
            }
            "AWS::ApiGateway::RequestValidator" => {
                let name = opt(p.take("Name"), &id);
                p.ignore(&["RestApiId"]);
                table.insert(
                    format!("validator {name}"),
                    format!("body={} params={}", opt(p.take("ValidateRequestBody"), &id), opt(p.take("ValidateRequestParameters"), &id)),
                );
            }
            "AWS::ApiGateway::GatewayResponse" => {
                let ty = opt(p.take("ResponseType"), &id);
                p.ignore(&["RestApiId"]);
                let cell = format!(
                    "status={} parameters={} templates={}",
                    opt(p.take("StatusCode"), &id),
                    map_cell(p.take("ResponseParameters"), &id),
                    map_cell(p.take("ResponseTemplates"), &id)
                );
                table.insert(format!("gateway response {ty}"), cell);
            }
            "AWS::ApiGateway::DocumentationPart" => {
                p.ignore(&["RestApiId"]);
                let l = p.need("Location")?;
                let props: Value = serde_json::from_str(p.need("Properties")?.as_str().unwrap_or(""))
                    .map_err(|e| format!("documentation properties: {e}"))?;
                table.insert(
                    format!(
                        "doc {} {} {} {} {}",
                        opt(l.get("Type").cloned(), &id),
                        opt(l.get("Method").cloned(), &id),
                        opt(l.get("Path").cloned(), &id),
                        opt(l.get("Name").cloned(), &id),
                        opt(l.get("StatusCode").cloned(), &id)
                    ),
                    plain(&props, &id),
                );
            }
            "AWS::ApiGateway::DocumentationVersion" => {
                p.ignore(&["RestApiId"]);
                table.insert("doc_version".into(), opt(p.take("DocumentationVersion"), &id));
            }
            "AWS::ApiGateway::ApiKey" => {
                let name = opt(p.take("Name"), &id);
                let row = |f: &str| format!("api_key {name} {f}");
                put(&mut table, &row("enabled"), p.take("Enabled"), &id);
                put(&mut table, &row("value"), p.take("Value").map(|v| val(&v)), &id);
                put(&mut table, &row("description"), p.take("Description").map(|v| val(&v)), &id);
                put(&mut table, &row("customer_id"), p.take("CustomerId").map(|v| val(&v)), &id);
                if let Some(Value::Array(tags)) = p.take("Tags") {
                    let m: serde_json::Map<String, Value> =
                        tags.iter().map(|t| (t["Key"].as_str().unwrap_or("").to_string(), val(&t["Value"]))).collect();
                    table.insert(row("tags"), map_cell(Some(Value::Object(m)), &id));
                }
            }
            "AWS::ApiGateway::UsagePlan" => {
                let name = opt(p.take("UsagePlanName"), &id);
                let row = |f: &str| format!("usage_plan {name} {f}");
                put(&mut table, &row("description"), p.take("Description").map(|v| val(&v)), &id);
                for st in p.need("ApiStages")?.as_array().cloned().unwrap_or_default() {
                    let mut o = Obj::new("ApiStages", &st)?;
                    o.ignore(&["ApiId"]);
                    let stage = plain(&val(&o.need("Stage")?), &id);
                    let throttles: BTreeMap<String, String> = o
                        .take("Throttle")
                        .and_then(|t| t.as_object().cloned())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(path, t)| {
                            (
                                path,
                                format!("burst={} rate={}", opt(t.get("BurstLimit").cloned(), &id), opt(t.get("RateLimit").cloned(), &id)),
                            )
                        })
                        .collect();
                    table.insert(row(&format!("stage {stage}")), format!("{throttles:?}"));
                    o.done()?;
                }
                if let Some(t) = p.take("Throttle") {
                    table.insert(
                        row("throttle"),
                        format!("burst={} rate={}", opt(t.get("BurstLimit").cloned(), &id), opt(t.get("RateLimit").cloned(), &id)),
                    );
                }
                if let Some(q) = p.take("Quota") {
                    let mut q = Obj::new("Quota", &q)?;
                    table.insert(
                        row("quota"),
                        format!("{} per {} offset {}", opt(q.take("Limit"), &id), opt(q.take("Period"), &id), opt(q.take("Offset"), &id)),
                    );
                    q.done()?;
                }
                if let Some(Value::Array(tags)) = p.take("Tags") {
                    let m: serde_json::Map<String, Value> =
                        tags.iter().map(|t| (t["Key"].as_str().unwrap_or("").to_string(), val(&t["Value"]))).collect();
                    table.insert(row("tags"), map_cell(Some(Value::Object(m)), &id));
                }
            }
            "AWS::ApiGateway::UsagePlanKey" => {
                let key = plain(&val(&p.need("KeyId")?), &id);
                let plan = plain(&val(&p.need("UsagePlanId")?), &id);
                table.insert(format!("usage_plan_key {plan} {key}"), opt(p.take("KeyType"), &id));
            }
            "AWS::ApiGateway::DomainName" => {
                let name = plain(&val(&p.need("DomainName")?), &id);
                let row = |f: &str| format!("domain {name} {f}");
                put(&mut table, &row("regional_certificate"), p.take("RegionalCertificateArn").map(|v| val(&v)), &id);
                put(&mut table, &row("edge_certificate"), p.take("CertificateArn").map(|v| val(&v)), &id);
                table.insert(row("endpoint"), opt(p.need("EndpointConfiguration")?.get("Types").cloned(), &id));
                put(&mut table, &row("security_policy"), p.take("SecurityPolicy"), &id);
                if let Some(m) = p.take("MutualTlsAuthentication") {
                    let mut m = Obj::new("MutualTlsAuthentication", &m)?;
                    table.insert(
                        row("mutual_tls"),
                        format!(
                            "{} {}",
                            opt(m.take("TruststoreUri").map(|v| val(&v)), &id),
                            opt(m.take("TruststoreVersion").map(|v| val(&v)), &id)
                        ),
                    );
                    m.done()?;
                }
                put(&mut table, &row("ownership_certificate"), p.take("OwnershipVerificationCertificateArn").map(|v| val(&v)), &id);
                if let Some(Value::Array(tags)) = p.take("Tags") {
                    let m: serde_json::Map<String, Value> =
                        tags.iter().map(|t| (t["Key"].as_str().unwrap_or("").to_string(), val(&t["Value"]))).collect();
                    table.insert(row("tags"), map_cell(Some(Value::Object(m)), &id));
                }
            }
            "AWS::ApiGateway::BasePathMapping" => {
                p.ignore(&["RestApiId"]);
                let domain = plain(&val(&p.need("DomainName")?), &id);
                let base = opt(p.take("BasePath"), &id);
                table.insert(format!("mapping {domain} {base}"), plain(&val(&p.need("Stage")?), &id));
            }
            "AWS::ApiGateway::VpcLink" => {
                let name = sub(&format!("${{{k}}}"));
                table.insert(format!("vpc_link {name} name"), opt(p.take("Name"), &id));
                table.insert(format!("vpc_link {name} targets"), opt(p.take("TargetArns").map(|v| val(&v)), &id));
                put(&mut table, &format!("vpc_link {name} description"), p.take("Description").map(|v| val(&v)), &id);
            }
            "AWS::ApiGateway::ClientCertificate" => {
                let name = sub(&format!("${{{k}}}"));
                table.insert(format!("client_certificate {name}"), opt(p.take("Description").map(|v| val(&v)), &id));
            }
            "AWS::IAM::Role" => {
                table.insert("logging_role assume".into(), plain(&p.need("AssumeRolePolicyDocument")?, &id));
                table.insert("logging_role policies".into(), plain(&val(&p.need("ManagedPolicyArns")?), &id));
            }
            "AWS::ApiGateway::Account" => {
                table.insert("account role".into(), plain(&val(&p.need("CloudWatchRoleArn")?), &id));
            }
            "AWS::WAFv2::WebACLAssociation" => {
                let resource = plain(&val(&p.need("ResourceArn")?), &id);
                table.insert(format!("web_acl {resource}"), plain(&val(&p.need("WebACLArn")?), &id));
            }
            other => {
                return Err(format!(
                    "resource {k}: the parity reduction does not know {other}; reduce it in tests/parity/ (all three targets)"
                ))
            }
        }
        p.done()?;
    }
    if let Some(Value::Object(outs)) = outputs {
        for (k, o) in outs {
            if let Some((_, suffix)) = pending.iter().find(|(t, suffix)| *t == "Outputs" && k.ends_with(suffix)) {
                skipped.insert(("Outputs".to_string(), suffix.to_string()));
            } else if k == "ApiId" {
                table.insert("output api_id".into(), "present".into());
            } else if let Some(stage) = k.strip_suffix("DeploymentId") {
                // The deployment a canary stage's next update keeps serving.
                let value = o["Value"].get("Ref").and_then(Value::as_str).unwrap_or("");
                if !res.get(value).is_some_and(|d| d["Type"] == "AWS::ApiGateway::Deployment") {
                    return Err(format!("output {k}: {}", o["Value"]));
                }
                table.insert(format!("output deployment {}", snake(stage)), "present".into());
            } else if let Some(Value::Object(g)) =
                o["Value"].get("Fn::GetAtt").map(|_| val(&o["Value"])).map(|v| serde_json::json!({ "v": v }))
            {
                // `{domain:NAME}.RegionalDomainName`: the DNS target and hosted zone of a domain.
                let v = plain(&g["v"], &id);
                let (domain, attr) = v.rsplit_once('.').ok_or(format!("output {k}: {v}"))?;
                let what = match attr {
                    "RegionalDomainName" => "target regional",
                    "DistributionDomainName" => "target edge",
                    "RegionalHostedZoneId" => "zone regional",
                    "DistributionHostedZoneId" => "zone edge",
                    other => return Err(format!("output {k}: unknown attribute {other}")),
                };
                table.insert(format!("output {domain} {what}"), "present".into());
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
fn skip(
    o: &mut Obj,
    ty: &str,
    prefix: &str,
    v: &Value,
    pending: &[(&str, &str)],
    skipped: &mut std::collections::BTreeSet<(String, String)>,
) {
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
