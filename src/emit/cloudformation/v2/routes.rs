//! Routes and their integrations, route responses, integration responses and Lambda
//! permissions of an HTTP or WebSocket API.

use super::{lambda_uri, permissions, reference, Names};
use crate::emit::cloudformation::text;
use crate::model::{Api, ApiKind, Auth, AuthorizerKind, AwsTarget, IntegrationKind, MappingValue, Method, Program, Route, RouteKey};
use serde_json::{json, Map, Value};

/// Lowers every route; returns the IDs of the routes, and the IDs a deployment must wait for
/// (routes and their responses).
pub(super) fn lower(res: &mut Map<String, Value>, program: &Program, api: &Api, names: &Names) -> (Vec<String>, Vec<String>) {
    let mut deployed = Vec::new();
    let mut route_ids = Vec::new();
    for r in &api.routes {
        let k = r.key.text();
        let integration_id = names.get("Integration", &k);
        res.insert(integration_id.clone(), integration(program, api, names, r));
        let route_id = names.get("Route", &k);
        res.insert(route_id.clone(), route(api, names, r, &integration_id));
        deployed.push(route_id.clone());
        route_ids.push(route_id.clone());
        let v2 = r.v2.clone().unwrap_or_default();
        for key in &v2.route_responses {
            let id = names.get("RouteResponse", &k);
            res.insert(id.clone(), json!({ "Type": "AWS::ApiGatewayV2::RouteResponse", "Properties": { "ApiId": reference(&names.api), "RouteId": reference(&route_id), "RouteResponseKey": key } }));
            deployed.push(id);
        }
        for resp in r.integration.v2.iter().flat_map(|v| &v.responses) {
            let mut p = Map::new();
            p.insert("ApiId".into(), reference(&names.api));
            p.insert("IntegrationId".into(), reference(&integration_id));
            p.insert("IntegrationResponseKey".into(), json!(resp.key));
            if !resp.templates.is_empty() {
                p.insert("ResponseTemplates".into(), json!(resp.templates));
            }
            if let Some(t) = &resp.template_selection {
                p.insert("TemplateSelectionExpression".into(), json!(selection(t)));
            }
            let id = names.get("IntegrationResponse", &format!("{k}:{}", resp.key));
            res.insert(id.clone(), json!({ "Type": "AWS::ApiGatewayV2::IntegrationResponse", "Properties": p }));
            deployed.push(id);
        }
        if let (Some(f), None) = (r.integration.kind.function(), &r.integration.credentials) {
            permissions(res, program, api, names, f, &format!("Permission:{k}"), &format!("{{stage}}/{}", arn_scope(&r.key)));
        }
    }
    (route_ids, deployed)
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

fn route(api: &Api, names: &Names, r: &Route, integration_id: &str) -> Value {
    let mut p = Map::new();
    p.insert("ApiId".into(), reference(&names.api));
    p.insert("RouteKey".into(), json!(r.key.text()));
    p.insert("Target".into(), json!({ "Fn::Sub": format!("integrations/${{{integration_id}}}") }));
    match &r.auth {
        Auth::None { .. } => {
            p.insert("AuthorizationType".into(), json!("NONE"));
        }
        Auth::Iam => {
            p.insert("AuthorizationType".into(), json!("AWS_IAM"));
        }
        Auth::Authorizer { name, scopes } => {
            let jwt = api.authorizers.iter().any(|a| &a.name == name && matches!(a.kind, AuthorizerKind::Jwt { .. }));
            p.insert("AuthorizationType".into(), json!(if jwt { "JWT" } else { "CUSTOM" }));
            p.insert("AuthorizerId".into(), reference(&names.get("Authorizer", name)));
            if !scopes.is_empty() {
                p.insert("AuthorizationScopes".into(), json!(scopes));
            }
        }
    }
    if r.api_key_required {
        p.insert("ApiKeyRequired".into(), json!(true));
    }
    if let Some(op) = &r.operation_name {
        p.insert("OperationName".into(), json!(op));
    }
    if r.v2.as_ref().is_some_and(|v| !v.route_responses.is_empty()) {
        p.insert("RouteResponseSelectionExpression".into(), json!("$default"));
    }
    json!({ "Type": "AWS::ApiGatewayV2::Route", "Properties": p })
}

fn integration(program: &Program, api: &Api, names: &Names, r: &Route) -> Value {
    let i = &r.integration;
    let v2 = i.v2.clone().unwrap_or_default();
    let mut p = Map::new();
    p.insert("ApiId".into(), reference(&names.api));
    match &i.kind {
        IntegrationKind::LambdaProxy { function } | IntegrationKind::Lambda { function } => {
            p.insert("IntegrationType".into(), json!(if i.kind.is_proxy() { "AWS_PROXY" } else { "AWS" }));
            p.insert("IntegrationUri".into(), lambda_uri(program, function));
            p.insert("IntegrationMethod".into(), json!("POST"));
        }
        IntegrationKind::Http { url, method, proxy } => {
            p.insert("IntegrationType".into(), json!(if *proxy { "HTTP_PROXY" } else { "HTTP" }));
            p.insert("IntegrationUri".into(), text(url));
            p.insert("IntegrationMethod".into(), json!(method.as_str()));
            if api.kind == ApiKind::Http {
                p.insert("PayloadFormatVersion".into(), json!("1.0"));
            }
        }
        IntegrationKind::Aws { service, region, target, .. } => match &v2.subtype {
            Some(sub) => {
                p.insert("IntegrationType".into(), json!("AWS_PROXY"));
                p.insert("IntegrationSubtype".into(), json!(sub));
                p.insert("PayloadFormatVersion".into(), json!("1.0"));
            }
            None => {
                p.insert("IntegrationType".into(), json!("AWS"));
                p.insert("IntegrationMethod".into(), json!("POST"));
                let region = region.clone().unwrap_or_else(|| "${AWS::Region}".into());
                let target = match target {
                    AwsTarget::Action(a) => format!("action/{a}"),
                    AwsTarget::Path(pa) => format!("path/{pa}"),
                };
                p.insert(
                    "IntegrationUri".into(),
                    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:apigateway:{region}:{service}:{target}") }),
                );
            }
        },
        IntegrationKind::Mock => {
            p.insert("IntegrationType".into(), json!("MOCK"));
        }
    }
    if let Some(f) = &v2.payload_format {
        p.insert("PayloadFormatVersion".into(), json!(f));
    }
    if let Some(c) = &i.credentials {
        p.insert("CredentialsArn".into(), text(c));
    }
    if let Some(t) = i.timeout_ms {
        p.insert("TimeoutInMillis".into(), json!(t));
    }
    if let Some(l) = &i.vpc_link {
        p.insert("ConnectionType".into(), json!("VPC_LINK"));
        p.insert("ConnectionId".into(), reference(&names.get("VpcLink", l)));
    }
    if let Some(s) = &v2.tls_server_name {
        p.insert("TlsConfig".into(), json!({ "ServerNameToVerify": s }));
    }
    if !v2.parameters.is_empty() {
        p.insert("RequestParameters".into(), Value::Object(v2.parameters.iter().map(|(k, v)| (k.clone(), text(v))).collect()));
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
                (k.clone(), json!(v))
            })
            .collect();
        p.insert("RequestParameters".into(), Value::Object(m));
    }
    if !v2.response_parameters.is_empty() {
        let m: Map<String, Value> = v2
            .response_parameters
            .iter()
            .map(|(status, params)| {
                let list: Vec<Value> = params.iter().map(|(k, v)| json!({ "Destination": k, "Source": text(v) })).collect();
                (status.clone(), json!({ "ResponseParameters": list }))
            })
            .collect();
        p.insert("ResponseParameters".into(), Value::Object(m));
    }
    if !i.request_templates.is_empty() {
        p.insert("RequestTemplates".into(), json!(i.request_templates));
    }
    match &v2.template_selection {
        Some(t) => {
            p.insert("TemplateSelectionExpression".into(), json!(selection(t)));
        }
        // With templates and no expression, the `$default` template applies.
        None if !i.request_templates.is_empty() => {
            p.insert("TemplateSelectionExpression".into(), json!(selection("$default")));
        }
        None => {}
    }
    if let Some(pt) = i.passthrough {
        p.insert("PassthroughBehavior".into(), json!(pt.api_word()));
    }
    json!({ "Type": "AWS::ApiGatewayV2::Integration", "Properties": p })
}
