//! Routes of an HTTP or WebSocket API with their integrations, route and integration responses, and Lambda permissions.

use super::{lambda_uri, permissions, Names, Resources};
use crate::emit::terraform::{escape, lit, reference, text};
use crate::model::{Api, ApiKind, Auth, AuthorizerKind, AwsTarget, IntegrationKind, MappingValue, Method, Program, Route, RouteKey};
use serde_json::{json, Map, Value};

const ROUTE: &str = "aws_apigatewayv2_route";
const INTEGRATION: &str = "aws_apigatewayv2_integration";
const ROUTE_RESPONSE: &str = "aws_apigatewayv2_route_response";
const INTEGRATION_RESPONSE: &str = "aws_apigatewayv2_integration_response";

/// Lowers every route; returns the addresses of the routes, and the addresses a deployment must
/// wait for (routes and their responses).
pub(super) fn lower(res: &mut Resources, program: &Program, api: &Api, names: &Names) -> (Vec<String>, Vec<String>) {
    let mut deployed = Vec::new();
    let mut routes = Vec::new();
    for r in &api.routes {
        let name = names.route(&r.key);
        res.add(INTEGRATION, &name, integration(program, api, names, r));
        res.add(ROUTE, &name, route(api, names, r, &name));
        routes.push(format!("{ROUTE}.{name}"));
        deployed.push(format!("{ROUTE}.{name}"));
        for key in r.v2.iter().flat_map(|v| &v.route_responses) {
            res.add(
                ROUTE_RESPONSE,
                &name,
                json!({ "api_id": names.api_id(), "route_id": reference(ROUTE, &name, "id"), "route_response_key": lit(key) }),
            );
            deployed.push(format!("{ROUTE_RESPONSE}.{name}"));
        }
        for (n, resp) in r.integration.v2.iter().flat_map(|v| &v.responses).enumerate() {
            let mut p = Map::new();
            p.insert("api_id".into(), names.api_id());
            p.insert("integration_id".into(), reference(INTEGRATION, &name, "id"));
            p.insert("integration_response_key".into(), lit(&resp.key));
            if !resp.templates.is_empty() {
                p.insert("response_templates".into(), templates(&resp.templates));
            }
            if let Some(t) = &resp.template_selection {
                p.insert("template_selection_expression".into(), lit(&selection(t)));
            }
            let key = if n == 0 { name.clone() } else { format!("{name}_{n}") };
            res.add(INTEGRATION_RESPONSE, &key, Value::Object(p));
            deployed.push(format!("{INTEGRATION_RESPONSE}.{key}"));
        }
        if let (Some(f), None) = (r.integration.kind.function(), &r.integration.credentials) {
            permissions(
                res,
                program,
                api,
                names,
                f,
                &format!("route:{}", r.key.text()),
                &format!("{{stage}}/{}", escape(&arn_scope(&r.key))),
            );
        }
    }
    (routes, deployed)
}

fn templates(t: &indexmap::IndexMap<String, String>) -> Value {
    Value::Object(t.iter().map(|(k, v)| (k.clone(), lit(v))).collect())
}

/// A template selection expression; the `$default` key is written `\$default`, as API Gateway
/// expects (unescaped, it would be read as an expression).
fn selection(t: &str) -> String {
    if t == "$default" {
        "\\$default".to_string()
    } else {
        t.to_string()
    }
}

/// The route part of an execute-api ARN: `GET/orders/*`, `*/legacy/*`, `$default`, `$connect`.
fn arn_scope(k: &RouteKey) -> String {
    match k {
        RouteKey::Http { method, path } => {
            let verb = if *method == Method::ANY { "*" } else { method.as_str() };
            format!("{verb}/{}", path.arn_pattern())
        }
        RouteKey::Default => "$default".into(),
        RouteKey::Websocket(w) => w.clone(),
    }
}

fn route(api: &Api, names: &Names, r: &Route, name: &str) -> Value {
    let mut p = Map::new();
    p.insert("api_id".into(), names.api_id());
    p.insert("route_key".into(), lit(&r.key.text()));
    p.insert("target".into(), json!(format!("integrations/${{{INTEGRATION}.{name}.id}}")));
    match &r.auth {
        Auth::None { .. } => {
            p.insert("authorization_type".into(), json!("NONE"));
        }
        Auth::Iam => {
            p.insert("authorization_type".into(), json!("AWS_IAM"));
        }
        Auth::Authorizer { name: a, scopes } => {
            let jwt = api.authorizers.iter().any(|x| &x.name == a && matches!(x.kind, AuthorizerKind::Jwt { .. }));
            p.insert("authorization_type".into(), json!(if jwt { "JWT" } else { "CUSTOM" }));
            p.insert("authorizer_id".into(), reference("aws_apigatewayv2_authorizer", &names.get("authorizer", a), "id"));
            if !scopes.is_empty() {
                p.insert("authorization_scopes".into(), Value::Array(scopes.iter().map(|s| lit(s)).collect()));
            }
        }
    }
    if r.api_key_required {
        p.insert("api_key_required".into(), json!(true));
    }
    if let Some(op) = &r.operation_name {
        p.insert("operation_name".into(), lit(op));
    }
    if r.v2.as_ref().is_some_and(|v| !v.route_responses.is_empty()) {
        p.insert("route_response_selection_expression".into(), json!("$default"));
    }
    Value::Object(p)
}

fn integration(program: &Program, api: &Api, names: &Names, r: &Route) -> Value {
    let i = &r.integration;
    let v2 = i.v2.clone().unwrap_or_default();
    let mut p = Map::new();
    p.insert("api_id".into(), names.api_id());
    match &i.kind {
        IntegrationKind::LambdaProxy { function } | IntegrationKind::Lambda { function } => {
            p.insert("integration_type".into(), json!(if i.kind.is_proxy() { "AWS_PROXY" } else { "AWS" }));
            p.insert("integration_uri".into(), lambda_uri(program, function));
            p.insert("integration_method".into(), json!("POST"));
        }
        IntegrationKind::Http { url, method, proxy } => {
            p.insert("integration_type".into(), json!(if *proxy { "HTTP_PROXY" } else { "HTTP" }));
            p.insert("integration_uri".into(), text(url));
            p.insert("integration_method".into(), json!(method.as_str()));
            if api.kind == ApiKind::Http {
                p.insert("payload_format_version".into(), json!("1.0"));
            }
        }
        IntegrationKind::Aws { service, region, target, .. } => match &v2.subtype {
            Some(sub) => {
                p.insert("integration_type".into(), json!("AWS_PROXY"));
                p.insert("integration_subtype".into(), lit(sub));
                p.insert("payload_format_version".into(), json!("1.0"));
            }
            None => {
                p.insert("integration_type".into(), json!("AWS"));
                p.insert("integration_method".into(), json!("POST"));
                let region = region.as_deref().map(escape).unwrap_or_else(|| "${data.aws_region.current.region}".into());
                let target = match target {
                    AwsTarget::Action(a) => format!("action/{}", escape(a)),
                    AwsTarget::Path(pa) => format!("path/{}", escape(pa)),
                };
                p.insert(
                    "integration_uri".into(),
                    json!(format!("arn:${{data.aws_partition.current.partition}}:apigateway:{region}:{}:{target}", escape(service))),
                );
            }
        },
        IntegrationKind::Mock => {
            p.insert("integration_type".into(), json!("MOCK"));
        }
    }
    if let Some(f) = &v2.payload_format {
        p.insert("payload_format_version".into(), lit(f));
    }
    if let Some(c) = &i.credentials {
        p.insert("credentials_arn".into(), text(c));
    }
    if let Some(t) = i.timeout_ms {
        p.insert("timeout_milliseconds".into(), json!(t));
    }
    if let Some(l) = &i.vpc_link {
        p.insert("connection_type".into(), json!("VPC_LINK"));
        // WebSocket APIs reach network load balancers through REST-style VPC links.
        let id = match api.kind {
            ApiKind::Websocket => reference("aws_api_gateway_vpc_link", &crate::emit::names::snake(&crate::emit::names::pascal(l)), "id"),
            _ => reference("aws_apigatewayv2_vpc_link", &names.get("vpc_link", l), "id"),
        };
        p.insert("connection_id".into(), id);
    }
    if let Some(s) = &v2.tls_server_name {
        p.insert("tls_config".into(), json!({ "server_name_to_verify": lit(s) }));
    }
    if !v2.parameters.is_empty() {
        p.insert("request_parameters".into(), Value::Object(v2.parameters.iter().map(|(k, v)| (k.clone(), text(v))).collect()));
    }
    if !i.request_parameters.is_empty() {
        let m: Map<String, Value> = i
            .request_parameters
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    MappingValue::Static(s) => format!("'{}'", s.replace('\'', "\\'")),
                    MappingValue::Expr(e) => e.clone(),
                };
                (k.clone(), lit(&v))
            })
            .collect();
        p.insert("request_parameters".into(), Value::Object(m));
    }
    if !v2.response_parameters.is_empty() {
        let blocks: Vec<Value> = v2
            .response_parameters
            .iter()
            .map(|(status, params)| {
                let mappings: Map<String, Value> = params.iter().map(|(k, v)| (k.clone(), text(v))).collect();
                json!({ "status_code": lit(status), "mappings": mappings })
            })
            .collect();
        p.insert("response_parameters".into(), Value::Array(blocks));
    }
    if !i.request_templates.is_empty() {
        p.insert("request_templates".into(), templates(&i.request_templates));
    }
    match &v2.template_selection {
        Some(t) => {
            p.insert("template_selection_expression".into(), lit(&selection(t)));
        }
        // With templates and no expression, the `$default` template applies.
        None if !i.request_templates.is_empty() => {
            p.insert("template_selection_expression".into(), lit(&selection("$default")));
        }
        None => {}
    }
    if let Some(pt) = i.passthrough {
        p.insert("passthrough_behavior".into(), json!(pt.api_word()));
    }
    Value::Object(p)
}
