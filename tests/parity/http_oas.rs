//! Reduces an HTTP API's OpenAPI document to the table `v2::reduce_cloudformation` makes of its
//! CloudFormation template (same row keys, same canonical values), so that the two compare row
//! by row. Every property the document has must be read here, or the reduction fails.

use super::cfn::scan;
use super::table::{plain, snake, Obj, Table};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Canonical text of a document string: `${AWS::Region}` → `{region}`, `${Param}` →
/// `{param:param}`, `${VpcLinkId}` → the link's placeholder (`ids`); runtime references
/// (`${stageVariables.x}`) stay as written.
fn canon(s: &str, ids: &BTreeMap<String, String>) -> String {
    scan(s, &|c: &str| match c {
        _ if ids.contains_key(c) => ids[c].clone(),
        "AWS::Partition" => "{partition}".into(),
        "AWS::Region" => "{region}".into(),
        "AWS::AccountId" => "{account}".into(),
        "AWS::URLSuffix" => "{url_suffix}".into(),
        _ if c.contains('.') => format!("${{{c}}}"),
        _ => format!("{{param:{}}}", snake(c)),
    })
}

/// A value with every string canonical.
fn canon_value(v: &Value, ids: &BTreeMap<String, String>) -> Value {
    match v {
        Value::String(s) => Value::String(canon(s, ids)),
        Value::Array(a) => Value::Array(a.iter().map(|x| canon_value(x, ids)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), canon_value(x, ids))).collect()),
        other => other.clone(),
    }
}

/// The rows of one thing (`who`) from its neutral properties, as the v2 reduction writes them.
fn rows(t: &mut Table, who: &str, props: Map<String, Value>) {
    let id = |x: &str| x.to_string();
    if props.is_empty() {
        t.insert(who.to_string(), "present".into());
    }
    for (k, v) in props {
        t.insert(format!("{who} {k}"), plain(&v, &id));
    }
}

/// `ids`: the CloudFormation logical IDs the document refers to as `${ID}` (VPC links), to
/// their canonical placeholder (`{vpc_link:NAME}`).
pub fn reduce(doc: &Value, ids: &BTreeMap<String, String>) -> Result<Table, String> {
    let doc = canon_value(doc, ids);
    let mut t = Table::new();
    let mut top = Obj::new("document", &doc)?;
    top.ignore(&["openapi"]);
    let mut api = Map::new();
    let mut info = Obj::new("info", &top.need("info")?)?;
    api.insert("name".into(), info.need("title")?);
    if let Some(d) = info.take("description") {
        api.insert("description".into(), d);
    }
    info.ignore(&["version"]);
    info.done()?;
    if top.need("x-amazon-apigateway-importexport-version")? == json!("1.0") {
        // The version of API Gateway's import and export format for HTTP APIs.
        api.insert("protocol_type".into(), json!("HTTP"));
    }
    if let Some(Value::Array(servers)) = top.take("servers") {
        for s in servers {
            let mut s = Obj::new("server", &s)?;
            s.ignore(&["url"]);
            if let Some(ep) = s.take("x-amazon-apigateway-endpoint-configuration") {
                let mut ep = Obj::new("endpoint configuration", &ep)?;
                if let Some(v) = ep.take("disableExecuteApiEndpoint") {
                    api.insert("disable_execute_api_endpoint".into(), v);
                }
                ep.done()?;
            }
            s.done()?;
        }
    }
    if let Some(Value::Array(tags)) = top.take("tags") {
        let m: Map<String, Value> =
            tags.iter().map(|x| (x["name"].as_str().unwrap_or("").to_string(), x["x-amazon-apigateway-tag-value"].clone())).collect();
        api.insert("tags".into(), Value::Object(m));
    }
    if let Some(c) = top.take("x-amazon-apigateway-cors") {
        let mut c = Obj::new("cors", &c)?;
        let mut o = Map::new();
        for (from, to) in [
            ("allowOrigins", "allow_origins"),
            ("allowMethods", "allow_methods"),
            ("allowHeaders", "allow_headers"),
            ("exposeHeaders", "expose_headers"),
            ("maxAge", "max_age"),
            ("allowCredentials", "allow_credentials"),
        ] {
            if let Some(v) = c.take(from) {
                o.insert(to.into(), v);
            }
        }
        c.done()?;
        api.insert("cors_configuration".into(), Value::Object(o));
    }
    rows(&mut t, "api", api);

    // Security schemes: authorizers, and the IAM scheme.
    let mut kinds: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    if let Some(c) = top.take("components") {
        let mut c = Obj::new("components", &c)?;
        for (name, scheme) in c.need("securitySchemes")?.as_object().cloned().unwrap_or_default() {
            let mut sc = Obj::new(format!("security scheme {name}"), &scheme)?;
            sc.ignore(&["type", "in", "name", "flows"]);
            match (sc.take("x-amazon-apigateway-authtype"), sc.take("x-amazon-apigateway-authorizer")) {
                (Some(at), None) if at == "awsSigv4" => {
                    kinds.insert(name.clone(), ("AWS_IAM".into(), None));
                }
                (None, Some(a)) => {
                    let mut a = Obj::new(format!("authorizer {name}"), &a)?;
                    let ty = a.need("type")?.as_str().unwrap_or("").to_uppercase();
                    kinds.insert(name.clone(), (if ty == "JWT" { "JWT".into() } else { "CUSTOM".into() }, Some(name.clone())));
                    let mut p = Map::new();
                    p.insert("authorizer_type".into(), json!(ty));
                    if let Some(Value::String(ids)) = a.take("identitySource") {
                        p.insert("identity_sources".into(), json!(ids.split(", ").collect::<Vec<_>>()));
                    }
                    if let Some(j) = a.take("jwtConfiguration") {
                        let mut j = Obj::new("jwtConfiguration", &j)?;
                        let mut o = Map::new();
                        for k in ["issuer", "audience"] {
                            if let Some(v) = j.take(k) {
                                o.insert(k.into(), v);
                            }
                        }
                        j.done()?;
                        p.insert("jwt_configuration".into(), Value::Object(o));
                    }
                    for (from, to) in [
                        ("authorizerUri", "authorizer_uri"),
                        ("authorizerPayloadFormatVersion", "authorizer_payload_format_version"),
                        ("enableSimpleResponses", "enable_simple_responses"),
                        ("authorizerResultTtlInSeconds", "authorizer_result_ttl_in_seconds"),
                        ("authorizerCredentials", "authorizer_credentials_arn"),
                    ] {
                        if let Some(v) = a.take(from) {
                            p.insert(to.into(), v);
                        }
                    }
                    a.done()?;
                    rows(&mut t, &format!("authorizer {name}"), p);
                }
                (at, a) => return Err(format!("security scheme {name}: unknown form {at:?} {a:?}")),
            }
            sc.done()?;
        }
        c.done()?;
    }

    let paths = top.need("paths")?;
    top.done()?;
    for (path, item) in paths.as_object().ok_or("paths is not an object")? {
        for (key, op) in item.as_object().ok_or("path item is not an object")? {
            let method = if key == "x-amazon-apigateway-any-method" { "ANY".to_string() } else { key.to_uppercase() };
            let route_key = if path == "$default" { "$default".to_string() } else { format!("{method} {path}") };
            let who = format!("route {route_key}");
            let mut o = Obj::new(&who, op)?;
            if path == "$default" && o.need("isDefaultRoute")? != json!(true) {
                return Err(format!("{who}: the path $default must be marked isDefaultRoute"));
            }
            // Declared parameters are OpenAPI's; an HTTP API route has none of its own.
            o.ignore(&["parameters", "responses"]);
            let mut route = Map::new();
            if let Some(v) = o.take("operationId") {
                route.insert("operation_name".into(), v);
            }
            let mut auth = "NONE".to_string();
            if let Some(Value::Array(reqs)) = o.take("security") {
                for req in reqs {
                    for (scheme, scopes) in req.as_object().ok_or("security requirement")? {
                        let (kind, authorizer) = kinds.get(scheme).cloned().ok_or(format!("{who}: unknown security scheme {scheme}"))?;
                        auth = kind;
                        if let Some(a) = authorizer {
                            route.insert("authorizer_id".into(), json!(format!("{{authorizer:{a}}}")));
                        }
                        if scopes.as_array().is_some_and(|a| !a.is_empty()) {
                            route.insert("authorization_scopes".into(), scopes.clone());
                        }
                    }
                }
            }
            route.insert("authorization_type".into(), json!(auth));
            rows(&mut t, &who, route);

            let mut i = Obj::new(format!("{who} integration"), &o.need("x-amazon-apigateway-integration")?)?;
            let mut p = Map::new();
            p.insert("integration_type".into(), json!(i.need("type")?.as_str().unwrap_or("").to_uppercase()));
            for (from, to) in [
                ("uri", "integration_uri"),
                ("httpMethod", "integration_method"),
                ("payloadFormatVersion", "payload_format_version"),
                ("integrationSubtype", "integration_subtype"),
                ("credentials", "credentials_arn"),
                ("timeoutInMillis", "timeout_milliseconds"),
                ("connectionType", "connection_type"),
                ("connectionId", "connection_id"),
                ("requestParameters", "request_parameters"),
                ("responseParameters", "response_parameters"),
            ] {
                if let Some(v) = i.take(from) {
                    p.insert(to.into(), v);
                }
            }
            if let Some(tls) = i.take("tlsConfig") {
                let mut tls = Obj::new("tlsConfig", &tls)?;
                let name = tls.need("serverNameToVerify")?;
                tls.done()?;
                p.insert("tls_config".into(), json!({ "server_name_to_verify": name }));
            }
            i.done()?;
            rows(&mut t, &format!("{who} integration"), p);
            o.done()?;
        }
    }
    Ok(t)
}
