//! Reduces an OpenAPI document to the parity table.

use super::cfn::scan;
use super::table::{map_cell, opt, params_cell, plain, snake, Obj, Table};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Canonical text; `ids` maps the CloudFormation logical IDs the document refers to as `${ID}`
/// (VPC links) to their canonical form.
fn canon(s: &str, ids: &BTreeMap<String, String>) -> String {
    let s = match s.strip_prefix("#/components/schemas/") {
        Some(model) => format!("https://apigateway.amazonaws.com/restapis/{{api}}/models/{model}"),
        None => s.to_string(),
    };
    scan(&s, &|c: &str| match c {
        _ if ids.contains_key(c) => ids[c].clone(),
        "AWS::Partition" => "{partition}".into(),
        "AWS::Region" => "{region}".into(),
        "AWS::AccountId" => "{account}".into(),
        "AWS::URLSuffix" => "{url_suffix}".into(),
        _ if c.contains('.') => format!("${{{c}}}"),
        _ => format!("{{param:{}}}", snake(c)),
    })
}

pub fn reduce(doc: &Value, ids: &BTreeMap<String, String>) -> Result<Table, String> {
    let s = |x: &str| canon(x, ids);
    let mut t = Table::new();
    let put = |t: &mut Table, key: String, v: Option<Value>| {
        if let Some(v) = v {
            t.insert(key, plain(&v, &s));
        }
    };
    let upper = |v: Option<Value>| v.map(|v| json!(v.as_str().unwrap_or("").to_uppercase()));
    let mut top = Obj::new("document", doc)?;
    top.ignore(&["openapi"]);
    let mut info = Obj::new("info", &top.need("info")?)?;
    put(&mut t, "api name".into(), info.take("title"));
    put(&mut t, "api description".into(), info.take("description"));
    info.ignore(&["version"]);
    info.done()?;
    // OpenAPI 3: the endpoint configuration extends a Server object.
    if let Some(Value::Array(servers)) = top.take("servers") {
        for server in servers {
            let mut server = Obj::new("server", &server)?;
            server.ignore(&["url"]);
            if let Some(ep) = server.take("x-amazon-apigateway-endpoint-configuration") {
                let mut ep = Obj::new("endpoint configuration", &ep)?;
                put(&mut t, "api vpc_endpoints".into(), ep.take("vpcEndpointIds"));
                put(&mut t, "api disable_execute_api_endpoint".into(), ep.take("disableExecuteApiEndpoint"));
                ep.done()?;
            }
            server.done()?;
        }
    }
    put(&mut t, "api policy".into(), top.take("x-amazon-apigateway-policy"));
    put(&mut t, "api binary_media_types".into(), top.take("x-amazon-apigateway-binary-media-types"));
    put(&mut t, "api minimum_compression".into(), top.take("x-amazon-apigateway-minimum-compression-size").map(|v| json!(v.to_string())));
    put(&mut t, "api key_source".into(), top.take("x-amazon-apigateway-api-key-source"));
    if let Some(Value::Object(vs)) = top.take("x-amazon-apigateway-request-validators") {
        for (name, v) in vs {
            let mut v = Obj::new(format!("validator {name}"), &v)?;
            t.insert(
                format!("validator {name}"),
                format!("body={} params={}", opt(v.take("validateRequestBody"), &s), opt(v.take("validateRequestParameters"), &s)),
            );
            v.done()?;
        }
    }
    if let Some(Value::Object(gs)) = top.take("x-amazon-apigateway-gateway-responses") {
        for (ty, g) in gs {
            let mut g = Obj::new(format!("gateway response {ty}"), &g)?;
            let cell = format!(
                "status={} parameters={} templates={}",
                opt(g.take("statusCode"), &s),
                map_cell(g.take("responseParameters"), &s),
                map_cell(g.take("responseTemplates"), &s)
            );
            t.insert(format!("gateway response {ty}"), cell);
            g.done()?;
        }
    }
    if let Some(d) = top.take("x-amazon-apigateway-documentation") {
        let mut d = Obj::new("documentation", &d)?;
        for part in d.need("documentationParts")?.as_array().cloned().unwrap_or_default() {
            let mut p = Obj::new("documentation part", &part)?;
            let l = p.need("location")?;
            let props = p.need("properties")?;
            t.insert(
                format!(
                    "doc {} {} {} {} {}",
                    opt(l.get("type").cloned(), &s),
                    opt(l.get("method").cloned(), &s),
                    opt(l.get("path").cloned(), &s),
                    opt(l.get("name").cloned(), &s),
                    opt(l.get("statusCode").cloned(), &s)
                ),
                plain(&props, &s),
            );
            p.done()?;
        }
        if let Some(v) = d.take("version") {
            t.insert("doc_version".into(), plain(&v, &s));
        }
        d.done()?;
    }

    // Security schemes: authorizers, IAM and API keys.
    let mut kinds: BTreeMap<String, String> = BTreeMap::new();
    if let Some(c) = top.take("components") {
        let mut c = Obj::new("components", &c)?;
        if let Some(Value::Object(schemas)) = c.take("schemas") {
            for (name, mut schema) in schemas {
                if let Some(d) = schema.as_object_mut().and_then(|o| o.remove("description")) {
                    t.insert(format!("model {name} description"), plain(&d, &s));
                }
                t.insert(format!("model {name} schema"), plain(&schema, &s));
            }
        }
        if let Some(Value::Object(schemes)) = c.take("securitySchemes") {
            for (name, scheme) in schemes {
                let mut sc = Obj::new(format!("security scheme {name}"), &scheme)?;
                sc.ignore(&["type", "in", "name"]);
                let authtype = sc.take("x-amazon-apigateway-authtype").and_then(|v| v.as_str().map(String::from));
                match (authtype.as_deref(), sc.take("x-amazon-apigateway-authorizer")) {
                    (Some("awsSigv4"), None) => {
                        kinds.insert(name.clone(), "AWS_IAM".into());
                    }
                    (None, None) if scheme["name"] == "x-api-key" => {
                        kinds.insert(name.clone(), "api_key".into());
                    }
                    (Some(at), Some(a)) => {
                        kinds.insert(
                            name.clone(),
                            if at == "cognito_user_pools" { format!("COGNITO_USER_POOLS {name}") } else { format!("CUSTOM {name}") },
                        );
                        let mut a = Obj::new(format!("authorizer {name}"), &a)?;
                        let row = |f: &str| format!("authorizer {name} {f}");
                        put(&mut t, row("type"), upper(a.take("type")));
                        put(&mut t, row("uri"), a.take("authorizerUri"));
                        put(&mut t, row("identity_source"), a.take("identitySource"));
                        put(&mut t, row("validation"), a.take("identityValidationExpression"));
                        put(&mut t, row("ttl"), a.take("authorizerResultTtlInSeconds"));
                        put(&mut t, row("credentials"), a.take("authorizerCredentials"));
                        put(&mut t, row("provider_arns"), a.take("providerARNs"));
                        a.done()?;
                    }
                    (other, _) => return Err(format!("security scheme {name}: unknown authtype {other:?}")),
                }
                sc.done()?;
            }
        }
        c.done()?;
    }

    let paths = top.need("paths")?;
    top.done()?;
    for (path, item) in paths.as_object().ok_or("paths is not an object")? {
        for (key, op) in item.as_object().ok_or("path item is not an object")? {
            let method = if key == "x-amazon-apigateway-any-method" { "ANY".to_string() } else { key.to_uppercase() };
            let route = format!("route {method} {path}");
            let mut o = Obj::new(&route, op)?;
            put(&mut t, format!("{route} operation"), o.take("operationId"));
            if let Some(Value::Array(params)) = o.take("parameters") {
                let m: serde_json::Map<String, Value> = params
                    .iter()
                    .map(|p| {
                        let loc = match p["in"].as_str().unwrap_or("") {
                            "query" => "querystring",
                            other => other,
                        };
                        (format!("method.request.{loc}.{}", p["name"].as_str().unwrap_or("")), p["required"].clone())
                    })
                    .collect();
                if let Some(cell) = params_cell(Some(Value::Object(m)), &s) {
                    t.insert(format!("{route} parameters"), cell);
                }
            }
            let mut auth = "NONE".to_string();
            if let Some(Value::Array(reqs)) = o.take("security") {
                for req in reqs {
                    for (scheme, scopes) in req.as_object().ok_or("security requirement")? {
                        match kinds.get(scheme).map(String::as_str) {
                            Some("api_key") => {
                                t.insert(format!("{route} api_key_required"), "true".into());
                            }
                            Some(k) => {
                                auth = k.to_string();
                                if scopes.as_array().is_some_and(|a| !a.is_empty()) {
                                    t.insert(format!("{route} scopes"), plain(scopes, &s));
                                }
                            }
                            None => return Err(format!("{route}: unknown security scheme {scheme}")),
                        }
                    }
                }
            }
            t.insert(format!("{route} auth"), auth);
            if let Some(b) = o.take("requestBody") {
                let mut b = Obj::new(format!("{route} requestBody"), &b)?;
                b.ignore(&["required"]);
                let models: serde_json::Map<String, Value> =
                    b.need("content")?.as_object().cloned().unwrap_or_default().into_iter().map(|(ct, m)| (ct, model_of(&m))).collect();
                t.insert(format!("{route} request_models"), map_cell(Some(Value::Object(models)), &s));
                b.done()?;
            }
            if let Some(v) = o.take("x-amazon-apigateway-request-validator") {
                t.insert(format!("{route} validator"), format!("{{validator:{}}}", v.as_str().unwrap_or("")));
            }
            if let Some(Value::Object(responses)) = o.take("responses") {
                for (status, r) in responses {
                    if status == "default" {
                        continue;
                    }
                    let headers: serde_json::Map<String, Value> = r["headers"]
                        .as_object()
                        .map(|h| h.keys().map(|k| (format!("method.response.header.{k}"), json!(false))).collect())
                        .unwrap_or_default();
                    t.insert(format!("{route} method response {status}"), map_cell(Some(Value::Object(headers)), &s));
                    if let Some(Value::Object(content)) = r.get("content") {
                        let models: serde_json::Map<String, Value> = content.iter().map(|(ct, m)| (ct.clone(), model_of(m))).collect();
                        t.insert(format!("{route} method response {status} models"), map_cell(Some(Value::Object(models)), &s));
                    }
                }
            }
            let mut i = Obj::new(format!("{route} integration"), &o.need("x-amazon-apigateway-integration")?)?;
            let row = |f: &str| format!("{route} integration {f}");
            put(&mut t, row("type"), upper(i.take("type")));
            put(&mut t, row("http_method"), i.take("httpMethod"));
            put(&mut t, row("uri"), i.take("uri"));
            put(&mut t, row("credentials"), i.take("credentials"));
            put(&mut t, row("timeout"), i.take("timeoutInMillis"));
            put(&mut t, row("passthrough"), upper(i.take("passthroughBehavior")));
            put(&mut t, row("request_parameters"), i.take("requestParameters").map(|v| Value::String(map_cell(Some(v), &s))));
            put(&mut t, row("request_templates"), i.take("requestTemplates").map(|v| Value::String(map_cell(Some(v), &s))));
            put(&mut t, row("cache_keys"), i.take("cacheKeyParameters"));
            put(&mut t, row("connection_type"), i.take("connectionType"));
            put(&mut t, row("connection_id"), i.take("connectionId"));
            if let Some(Value::Object(rs)) = i.take("responses") {
                for (pattern, r) in rs {
                    let mut r = Obj::new(format!("{route} response {pattern}"), &r)?;
                    let cell = format!(
                        "status={} parameters={} templates={}",
                        opt(r.take("statusCode"), &s),
                        map_cell(r.take("responseParameters"), &s),
                        map_cell(r.take("responseTemplates"), &s)
                    );
                    t.insert(row(&format!("response {pattern}")), cell);
                    r.done()?;
                }
            }
            i.done()?;
            o.done()?;
        }
    }
    Ok(t)
}

/// `{"schema": {"$ref": "#/components/schemas/Pet"}}` → `{model:Pet}`.
fn model_of(media: &Value) -> Value {
    let r = media["schema"]["$ref"].as_str().unwrap_or("");
    json!(format!("{{model:{}}}", r.trim_start_matches("#/components/schemas/")))
}
