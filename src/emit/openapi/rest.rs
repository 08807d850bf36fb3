//! Lowers a REST API to OpenAPI 3.0.1: paths and operations with their parameters, security and
//! `x-amazon-apigateway-integration`, security schemes for authorizers, IAM and API keys, and
//! the API-level extensions (binary media types, compression, key source, policy; the endpoint
//! configuration in `servers`).

use super::{text, text_str};
use crate::emit::names::deployment_hash;
use crate::model::{
    Api, ApiKeySource, Auth, Authorizer, AuthorizerKind, AwsTarget, EndpointKind, IdentitySource, Integration, IntegrationKind,
    MappingValue, Method, ParamLocation, Passthrough, Program, Route, RouteKey, Text,
};
use serde_json::{json, Map, Value};

mod definition;

/// Names of the security schemes that are not authorizers (renamed if an authorizer has one).
struct Schemes {
    sigv4: String,
    api_key: String,
}

impl Schemes {
    fn new(api: &Api) -> Schemes {
        let free = |base: &str| {
            let mut name = base.to_string();
            while api.authorizers.iter().any(|a| a.name == name) {
                name.push('_');
            }
            name
        };
        Schemes { sigv4: free("sigv4"), api_key: free("api_key") }
    }
}

pub(super) fn document(program: &Program, api: &Api) -> Value {
    let schemes = Schemes::new(api);
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.0.1"));
    let mut info = Map::new();
    info.insert("title".into(), json!(api.name));
    if let Some(d) = &api.description {
        info.insert("description".into(), text(d));
    }
    info.insert("version".into(), json!(deployment_hash(program, api)[..10].to_string()));
    doc.insert("info".into(), Value::Object(info));
    let mut ep = Map::new();
    if !api.endpoint.vpc_endpoint_ids.is_empty() {
        ep.insert("vpcEndpointIds".into(), text_list(&api.endpoint.vpc_endpoint_ids));
    }
    if api.disable_execute_api_endpoint {
        ep.insert("disableExecuteApiEndpoint".into(), json!(true));
    }
    if !ep.is_empty() {
        // OpenAPI 3: the endpoint configuration is an extension of the Server object (Swagger 2
        // has it at the root).
        doc.insert("servers".into(), json!([{ "url": "/", "x-amazon-apigateway-endpoint-configuration": ep }]));
    }

    let mut paths: Map<String, Value> = Map::new();
    for r in &api.routes {
        let RouteKey::Http { method, path } = &r.key else { continue };
        let key = if *method == Method::ANY { "x-amazon-apigateway-any-method".to_string() } else { method.as_str().to_lowercase() };
        let op = operation(program, api, &schemes, r);
        if let Value::Object(item) = paths.entry(path.text()).or_insert_with(|| json!({})) {
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
            schemes.sigv4.clone(),
            json!({ "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4" }),
        );
    }
    if api.routes.iter().any(|r| r.api_key_required) {
        security.insert(schemes.api_key.clone(), json!({ "type": "apiKey", "name": "x-api-key", "in": "header" }));
    }
    let mut components = Map::new();
    if let Some(schemas) = definition::schemas(api) {
        components.insert("schemas".into(), schemas);
    }
    if !security.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(security));
    }
    if !components.is_empty() {
        doc.insert("components".into(), Value::Object(components));
    }

    if !api.binary_media_types.is_empty() {
        doc.insert("x-amazon-apigateway-binary-media-types".into(), json!(api.binary_media_types));
    }
    if let Some(n) = api.minimum_compression_size {
        doc.insert("x-amazon-apigateway-minimum-compression-size".into(), json!(n));
    }
    if let Some(src) = api.api_key_source {
        doc.insert("x-amazon-apigateway-api-key-source".into(), json!(if src == ApiKeySource::Header { "HEADER" } else { "AUTHORIZER" }));
    }
    if !api.policy.is_empty() {
        doc.insert("x-amazon-apigateway-policy".into(), crate::emit::documents::policy_document(&api.policy, &text_list));
    } else if api.endpoint.kind == EndpointKind::Private {
        doc.insert(
            "x-amazon-apigateway-policy".into(),
            crate::emit::documents::private_endpoint_policy(text_list(&api.endpoint.vpc_endpoint_ids)),
        );
    }
    definition::extensions(api, &mut doc);
    Value::Object(doc)
}

fn text_list(items: &[Text]) -> Value {
    Value::Array(items.iter().map(text).collect())
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

fn identity_source(s: &IdentitySource) -> String {
    match s {
        IdentitySource::Header(h) => format!("method.request.header.{h}"),
        IdentitySource::Query(q) => format!("method.request.querystring.{q}"),
        IdentitySource::StageVariable(v) => format!("stageVariables.{v}"),
        IdentitySource::Context(c) => format!("context.{c}"),
    }
}

/// A security scheme with `x-amazon-apigateway-authorizer`, as the developer guide shows them.
fn authorizer(program: &Program, a: &Authorizer) -> Value {
    let mut x = Map::new();
    let (header, authtype) = match &a.kind {
        AuthorizerKind::Token { function, header, validation } => {
            x.insert("type".into(), json!("token"));
            x.insert("authorizerUri".into(), lambda_uri(program, function));
            x.insert("identitySource".into(), json!(format!("method.request.header.{header}")));
            if let Some(v) = validation {
                x.insert("identityValidationExpression".into(), json!(v));
            }
            (header.clone(), "custom")
        }
        AuthorizerKind::Request { function, identity } => {
            x.insert("type".into(), json!("request"));
            x.insert("authorizerUri".into(), lambda_uri(program, function));
            if !identity.is_empty() {
                x.insert("identitySource".into(), json!(identity.iter().map(identity_source).collect::<Vec<_>>().join(", ")));
            }
            let first_header = identity.iter().find_map(|i| match i {
                IdentitySource::Header(h) => Some(h.clone()),
                _ => None,
            });
            (first_header.unwrap_or_else(|| "Unused".into()), "custom")
        }
        AuthorizerKind::Cognito { user_pools, header } => {
            x.insert("type".into(), json!("cognito_user_pools"));
            x.insert("providerARNs".into(), text_list(user_pools));
            x.insert("identitySource".into(), json!(format!("method.request.header.{header}")));
            (header.clone(), "cognito_user_pools")
        }
        // REST APIs have no JWT authorizers (the checker reports E0408).
        AuthorizerKind::Jwt { .. } => ("Authorization".to_string(), "jwt"),
    };
    if let Some(ttl) = a.ttl_seconds {
        x.insert("authorizerResultTtlInSeconds".into(), json!(ttl));
    }
    if let Some(c) = &a.credentials {
        x.insert("authorizerCredentials".into(), text(c));
    }
    json!({
        "type": "apiKey",
        "name": header,
        "in": "header",
        "x-amazon-apigateway-authtype": authtype,
        "x-amazon-apigateway-authorizer": x,
    })
}

fn operation(program: &Program, api: &Api, schemes: &Schemes, r: &Route) -> Value {
    let mut op = Map::new();
    if let Some(name) = &r.operation_name {
        op.insert("operationId".into(), json!(name));
    }
    // OpenAPI requires every path variable to be declared; routes generated by the checker (CORS
    // preflights) may not list them.
    let RouteKey::Http { path, .. } = &r.key else { return Value::Null };
    let mut declared = r.params.clone();
    for v in path.vars() {
        if !declared.iter().any(|p| p.location == ParamLocation::Path && p.name == v) {
            declared.push(crate::model::RequestParam { location: ParamLocation::Path, name: v.to_string(), required: true, span: r.span });
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
    let mut requirement = Map::new();
    match &r.auth {
        Auth::None { .. } => {}
        Auth::Iam => {
            requirement.insert(schemes.sigv4.clone(), json!([]));
        }
        Auth::Authorizer { name, scopes } => {
            requirement.insert(name.clone(), json!(scopes));
        }
    }
    if r.api_key_required {
        requirement.insert(schemes.api_key.clone(), json!([]));
    }
    if !requirement.is_empty() {
        op.insert("security".into(), json!([requirement]));
    }
    let mut responses = Map::new();
    for m in &r.responses {
        let mut o = Map::new();
        o.insert("description".into(), json!(format!("{} response", m.status)));
        if !m.headers.is_empty() {
            let h: Map<String, Value> = m.headers.iter().map(|h| (h.clone(), json!({ "schema": { "type": "string" } }))).collect();
            o.insert("headers".into(), Value::Object(h));
        }
        if let Some(content) = definition::response_content(&m.models) {
            o.insert("content".into(), content);
        }
        responses.insert(m.status.to_string(), Value::Object(o));
    }
    if responses.is_empty() {
        // OpenAPI needs one response; a proxy integration's responses come from its backend.
        responses.insert("default".into(), json!({ "description": "the backend's response (proxy integration)" }));
    }
    op.insert("responses".into(), Value::Object(responses));
    definition::operation(r, &mut op);
    let mut integ = integration(program, api, &r.integration);
    if let Value::Object(x) = &mut integ {
        definition::integration(program, api, r, x);
    }
    op.insert("x-amazon-apigateway-integration".into(), integ);
    Value::Object(op)
}

fn mapping(v: &MappingValue) -> Value {
    match v {
        MappingValue::Static(s) => json!(format!("'{}'", s.replace('\'', "\\'"))),
        MappingValue::Expr(e) => json!(e),
    }
}

/// `x-amazon-apigateway-integration`; integration responses are keyed by their selection
/// pattern (`default` for the one without).
fn integration(program: &Program, _api: &Api, i: &Integration) -> Value {
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
        }
        IntegrationKind::Aws { service, region, target, method } => {
            x.insert("type".into(), json!("aws"));
            x.insert("httpMethod".into(), json!(method.as_str()));
            let region = region.clone().unwrap_or_else(|| "${AWS::Region}".into());
            let target = match target {
                AwsTarget::Action(a) => format!("action/{a}"),
                AwsTarget::Path(p) => format!("path/{p}"),
            };
            x.insert("uri".into(), json!(format!("arn:${{AWS::Partition}}:apigateway:{region}:{service}:{target}")));
        }
        IntegrationKind::Mock => {
            x.insert("type".into(), json!("mock"));
        }
    }
    if let Some(c) = &i.credentials {
        x.insert("credentials".into(), text(c));
    }
    if let Some(t) = i.timeout_ms {
        x.insert("timeoutInMillis".into(), json!(t));
    }
    if !i.request_parameters.is_empty() {
        x.insert("requestParameters".into(), Value::Object(i.request_parameters.iter().map(|(k, v)| (k.clone(), mapping(v))).collect()));
    }
    if !i.request_templates.is_empty() {
        x.insert("requestTemplates".into(), json!(i.request_templates));
    }
    if let Some(pt) = i.passthrough {
        let word = match pt {
            Passthrough::WhenNoMatch => "when_no_match",
            Passthrough::WhenNoTemplates => "when_no_templates",
            Passthrough::Never => "never",
        };
        x.insert("passthroughBehavior".into(), json!(word));
    }
    if !i.responses.is_empty() {
        let mut rs = Map::new();
        for r in &i.responses {
            let mut o = Map::new();
            o.insert("statusCode".into(), json!(r.status.to_string()));
            if !r.headers.is_empty() {
                let h: Map<String, Value> = r.headers.iter().map(|(k, v)| (format!("method.response.header.{k}"), mapping(v))).collect();
                o.insert("responseParameters".into(), Value::Object(h));
            }
            if !r.templates.is_empty() {
                o.insert("responseTemplates".into(), json!(r.templates));
            }
            rs.insert(r.pattern.clone().unwrap_or_else(|| "default".into()), Value::Object(o));
        }
        x.insert("responses".into(), Value::Object(rs));
    }
    Value::Object(x)
}
