//! Lowers an HTTP API to OpenAPI 3.0.1 as API Gateway's HTTP API import and export read and
//! write it: routes as operations (`$default` as the `x-amazon-apigateway-any-method` of path
//! `$default`), `x-amazon-apigateway-integration` with `payloadFormatVersion`, subtypes,
//! parameter mappings and VPC link connections, JWT and Lambda authorizers as security schemes,
//! `x-amazon-apigateway-cors` and `x-amazon-apigateway-importexport-version`.

use super::{text, text_str};
use crate::emit::names::deployment_hash;
use crate::model::{
    Api, Auth, Authorizer, AuthorizerKind, AwsTarget, IdentitySource, IntegrationKind, MappingValue, Method, ParamLocation, Program, Route,
    RouteKey, Text,
};
use serde_json::{json, Map, Value};

/// The name of the IAM (SigV4) security scheme, renamed if an authorizer has it.
fn sigv4_scheme(api: &Api) -> String {
    let mut name = "sigv4".to_string();
    while api.authorizers.iter().any(|a| a.name == name) {
        name.push('_');
    }
    name
}

pub(super) fn document(program: &Program, api: &Api) -> Value {
    let sigv4 = sigv4_scheme(api);
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.0.1"));
    let mut info = Map::new();
    info.insert("title".into(), json!(api.name));
    if let Some(d) = &api.description {
        info.insert("description".into(), text(d));
    }
    info.insert("version".into(), json!(deployment_hash(program, api)[..10].to_string()));
    doc.insert("info".into(), Value::Object(info));
    if api.disable_execute_api_endpoint {
        // OpenAPI 3: the endpoint configuration is an extension of the Server object.
        doc.insert(
            "servers".into(),
            json!([{ "url": "/", "x-amazon-apigateway-endpoint-configuration": { "disableExecuteApiEndpoint": true } }]),
        );
    }
    if !api.tags.is_empty() {
        let tags: Vec<Value> = api.tags.iter().map(|(k, v)| json!({ "name": k, "x-amazon-apigateway-tag-value": text(v) })).collect();
        doc.insert("tags".into(), Value::Array(tags));
    }

    let mut paths: Map<String, Value> = Map::new();
    for r in &api.routes {
        let (path, key, op) = match &r.key {
            RouteKey::Http { method, path } => {
                let key =
                    if *method == Method::ANY { "x-amazon-apigateway-any-method".to_string() } else { method.as_str().to_lowercase() };
                (path.text(), key, operation(program, api, &sigv4, r))
            }
            RouteKey::Default => {
                let mut op = Map::new();
                op.insert("isDefaultRoute".into(), json!(true));
                if let Value::Object(o) = operation(program, api, &sigv4, r) {
                    op.extend(o);
                }
                ("$default".to_string(), "x-amazon-apigateway-any-method".to_string(), Value::Object(op))
            }
            // WebSocket routes: the API kind has no OpenAPI form (E0502).
            RouteKey::Websocket(_) => continue,
        };
        if let Value::Object(item) = paths.entry(path).or_insert_with(|| json!({})) {
            item.insert(key, op);
        }
    }
    doc.insert("paths".into(), Value::Object(paths));

    let mut security = Map::new();
    for a in &api.authorizers {
        security.insert(a.name.clone(), authorizer(program, a));
    }
    if api.routes.iter().any(|r| r.auth == Auth::Iam) {
        security.insert(
            sigv4,
            json!({ "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4" }),
        );
    }
    if !security.is_empty() {
        doc.insert("components".into(), json!({ "securitySchemes": security }));
    }
    if let Some(c) = &api.cors {
        let mut o = Map::new();
        o.insert("allowOrigins".into(), json!(c.origins));
        if !c.methods.is_empty() {
            o.insert(
                "allowMethods".into(),
                json!(c.methods.iter().map(|m| if *m == Method::ANY { "*" } else { m.as_str() }).collect::<Vec<_>>()),
            );
        }
        if !c.headers.is_empty() {
            o.insert("allowHeaders".into(), json!(c.headers));
        }
        if !c.expose_headers.is_empty() {
            o.insert("exposeHeaders".into(), json!(c.expose_headers));
        }
        if let Some(m) = c.max_age_seconds {
            o.insert("maxAge".into(), json!(m));
        }
        if c.credentials {
            o.insert("allowCredentials".into(), json!(true));
        }
        doc.insert("x-amazon-apigateway-cors".into(), Value::Object(o));
    }
    doc.insert("x-amazon-apigateway-importexport-version".into(), json!("1.0"));
    Value::Object(doc)
}

fn function_arn(program: &Program, f: &str) -> String {
    program.functions.get(f).map(|f| text_str(&f.arn)).unwrap_or_default()
}

fn lambda_uri(program: &Program, f: &str) -> Value {
    json!(format!(
        "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/{}/invocations",
        function_arn(program, f)
    ))
}

/// An identity source as HTTP APIs write it (`$request.header.Authorization`).
fn identity_source(s: &IdentitySource) -> String {
    match s {
        IdentitySource::Header(h) => format!("$request.header.{h}"),
        IdentitySource::Query(q) => format!("$request.querystring.{q}"),
        IdentitySource::StageVariable(v) => format!("$stageVariables.{v}"),
        IdentitySource::Context(c) => format!("$context.{c}"),
    }
}

fn identity_list(ids: &[IdentitySource]) -> String {
    ids.iter().map(identity_source).collect::<Vec<_>>().join(", ")
}

fn text_list(items: &[Text]) -> Value {
    Value::Array(items.iter().map(text).collect())
}

/// A security scheme with `x-amazon-apigateway-authorizer` as the HTTP API guide shows them: a
/// JWT authorizer is an `oauth2` scheme (its scopes are OAuth scopes), a Lambda authorizer an
/// `apiKey` scheme named after its first header.
fn authorizer(program: &Program, a: &Authorizer) -> Value {
    let mut x = Map::new();
    match &a.kind {
        AuthorizerKind::Jwt { issuer, audiences, identity } => {
            x.insert("type".into(), json!("jwt"));
            x.insert("identitySource".into(), json!(identity_list(identity)));
            x.insert("jwtConfiguration".into(), json!({ "issuer": text(issuer), "audience": text_list(audiences) }));
            return json!({ "type": "oauth2", "flows": {}, "x-amazon-apigateway-authorizer": x });
        }
        AuthorizerKind::Request { function, identity } => {
            x.insert("type".into(), json!("request"));
            x.insert("authorizerUri".into(), lambda_uri(program, function));
            if !identity.is_empty() {
                x.insert("identitySource".into(), json!(identity_list(identity)));
            }
            if let Some(v2) = &a.v2 {
                if let Some(f) = &v2.payload_format {
                    x.insert("authorizerPayloadFormatVersion".into(), json!(f));
                }
                if v2.simple_responses {
                    x.insert("enableSimpleResponses".into(), json!(true));
                }
            }
            if let Some(ttl) = a.ttl_seconds {
                x.insert("authorizerResultTtlInSeconds".into(), json!(ttl));
            }
            if let Some(c) = &a.credentials {
                x.insert("authorizerCredentials".into(), text(c));
            }
        }
        // Not authorizer types of HTTP APIs (the checker reports E0408).
        AuthorizerKind::Token { .. } | AuthorizerKind::Cognito { .. } => {}
    }
    let header = match &a.kind {
        AuthorizerKind::Request { identity, .. } => identity.iter().find_map(|i| match i {
            IdentitySource::Header(h) => Some(h.clone()),
            _ => None,
        }),
        _ => None,
    };
    json!({ "type": "apiKey", "name": header.unwrap_or_else(|| "Unused".into()), "in": "header", "x-amazon-apigateway-authorizer": x })
}

fn operation(program: &Program, api: &Api, sigv4: &str, r: &Route) -> Value {
    let mut op = Map::new();
    if let Some(name) = &r.operation_name {
        op.insert("operationId".into(), json!(name));
    }
    if let RouteKey::Http { path, .. } = &r.key {
        // OpenAPI requires every path variable to be declared.
        let mut declared = r.params.clone();
        for v in path.vars() {
            if !declared.iter().any(|p| p.location == ParamLocation::Path && p.name == v) {
                declared.push(crate::model::RequestParam {
                    location: ParamLocation::Path,
                    name: v.to_string(),
                    required: true,
                    span: r.span,
                });
            }
        }
        if !declared.is_empty() {
            let params: Vec<Value> = declared
                .iter()
                .map(|p| {
                    let loc = match p.location {
                        ParamLocation::Path => "path",
                        ParamLocation::Query => "query",
                        ParamLocation::Header => "header",
                    };
                    json!({ "name": p.name, "in": loc, "required": p.required, "schema": { "type": "string" } })
                })
                .collect();
            op.insert("parameters".into(), Value::Array(params));
        }
    }
    match &r.auth {
        Auth::None { .. } => {}
        Auth::Iam => {
            op.insert("security".into(), json!([{ sigv4: [] }]));
        }
        Auth::Authorizer { name, scopes } => {
            op.insert("security".into(), json!([{ name.clone(): scopes }]));
        }
    }
    // OpenAPI needs one response; an HTTP API passes its backend's responses through.
    op.insert("responses".into(), json!({ "default": { "description": format!("the backend's response ({})", r.key.text()) } }));
    op.insert("x-amazon-apigateway-integration".into(), integration(program, api, r));
    Value::Object(op)
}

/// `x-amazon-apigateway-integration` of an HTTP API route.
fn integration(program: &Program, api: &Api, r: &Route) -> Value {
    let i = &r.integration;
    let v2 = i.v2.clone().unwrap_or_default();
    let mut x = Map::new();
    match &i.kind {
        IntegrationKind::LambdaProxy { function } | IntegrationKind::Lambda { function } => {
            x.insert("type".into(), json!(if i.kind.is_proxy() { "aws_proxy" } else { "aws" }));
            x.insert("httpMethod".into(), json!("POST"));
            x.insert("uri".into(), lambda_uri(program, function));
        }
        IntegrationKind::Http { url, method, proxy } => {
            x.insert("type".into(), json!(if *proxy { "http_proxy" } else { "http" }));
            x.insert("httpMethod".into(), json!(method.as_str()));
            x.insert("uri".into(), text(url));
            x.insert("payloadFormatVersion".into(), json!("1.0"));
        }
        IntegrationKind::Aws { service, region, target, .. } => match &v2.subtype {
            Some(sub) => {
                x.insert("type".into(), json!("aws_proxy"));
                x.insert("integrationSubtype".into(), json!(sub));
                x.insert("payloadFormatVersion".into(), json!("1.0"));
            }
            None => {
                x.insert("type".into(), json!("aws"));
                x.insert("httpMethod".into(), json!("POST"));
                let region = region.clone().unwrap_or_else(|| "${AWS::Region}".into());
                let target = match target {
                    AwsTarget::Action(a) => format!("action/{a}"),
                    AwsTarget::Path(p) => format!("path/{p}"),
                };
                x.insert("uri".into(), json!(format!("arn:${{AWS::Partition}}:apigateway:{region}:{service}:{target}")));
            }
        },
        IntegrationKind::Mock => {
            x.insert("type".into(), json!("mock"));
        }
    }
    if let Some(f) = &v2.payload_format {
        x.insert("payloadFormatVersion".into(), json!(f));
    }
    if let Some(c) = &i.credentials {
        x.insert("credentials".into(), text(c));
    }
    if let Some(t) = i.timeout_ms {
        x.insert("timeoutInMillis".into(), json!(t));
    }
    if let Some(l) = &i.vpc_link {
        // The VPC link is a resource outside the definition: its id is the `${...}` placeholder of
        // the link's logical ID in the CloudFormation template.
        x.insert("connectionType".into(), json!("VPC_LINK"));
        x.insert("connectionId".into(), json!(format!("${{{}}}", crate::emit::cloudformation::v2_vpc_link_logical_id(program, api, l))));
    }
    if let Some(s) = &v2.tls_server_name {
        x.insert("tlsConfig".into(), json!({ "serverNameToVerify": s }));
    }
    let mut params: Map<String, Value> = v2.parameters.iter().map(|(k, v)| (k.clone(), text(v))).collect();
    for (k, v) in &i.request_parameters {
        let v = match v {
            MappingValue::Static(s) => format!("'{}'", s.replace('\'', "\\'")),
            MappingValue::Expr(e) => e.clone(),
        };
        params.insert(k.clone(), json!(v));
    }
    if !params.is_empty() {
        x.insert("requestParameters".into(), Value::Object(params));
    }
    if !v2.response_parameters.is_empty() {
        let m: Map<String, Value> = v2
            .response_parameters
            .iter()
            .map(|(status, ps)| (status.clone(), Value::Object(ps.iter().map(|(k, v)| (k.clone(), text(v))).collect())))
            .collect();
        x.insert("responseParameters".into(), Value::Object(m));
    }
    Value::Object(x)
}
