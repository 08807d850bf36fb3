//! The parts of a REST API definition beyond operations and security: models as component
//! schemas, request bodies and validators, response models, gateway responses, documentation,
//! cache keys and private (VPC link) integrations.

use crate::model::{Api, MappingValue, Program, Route, Validator};
use serde_json::{json, Map, Value};

fn schema_ref(name: &str) -> Value {
    json!(format!("#/components/schemas/{name}"))
}

fn validator_name(v: Validator) -> &'static str {
    match v {
        Validator::Body => "BodyValidator",
        Validator::Params => "ParamsValidator",
        Validator::BodyAndParams => "BodyAndParamsValidator",
    }
}

/// `components.schemas`: one schema per model (`$ref`s between models as component refs), with
/// the model's description.
pub(super) fn schemas(api: &Api) -> Option<Value> {
    if api.models.is_empty() {
        return None;
    }
    let mut out = Map::new();
    for m in &api.models {
        let mut schema = crate::emit::documents::model_schema(m, &schema_ref, false);
        if let (Some(d), Value::Object(o)) = (&m.description, &mut schema) {
            o.entry("description").or_insert_with(|| json!(d));
        }
        out.insert(m.name.clone(), schema);
    }
    Some(Value::Object(out))
}

/// An operation's `requestBody`, `x-amazon-apigateway-request-validator`, and the `content` of
/// its responses that have models.
pub(super) fn operation(r: &Route, op: &mut Map<String, Value>) {
    if let Some(b) = &r.body {
        op.insert(
            "requestBody".into(),
            json!({ "required": true, "content": { b.content_type.clone(): { "schema": { "$ref": schema_ref(&b.model) } } } }),
        );
    }
    if let Some(v) = r.validator {
        op.insert("x-amazon-apigateway-request-validator".into(), json!(validator_name(v)));
    }
}

/// The `content` of a method response with models.
pub(super) fn response_content(models: &indexmap::IndexMap<String, String>) -> Option<Value> {
    (!models.is_empty())
        .then(|| Value::Object(models.iter().map(|(ct, m)| (ct.clone(), json!({ "schema": { "$ref": schema_ref(m) } }))).collect()))
}

/// `cacheKeyParameters`, `connectionType` and `connectionId` of an integration. The VPC link is a
/// resource outside the definition: its id is the `${...}` placeholder of the link's logical ID
/// in the CloudFormation template, like every other deploy-time value of the document.
pub(super) fn integration(program: &Program, api: &Api, r: &Route, x: &mut Map<String, Value>) {
    if let Some(c) = r.cache.as_ref().filter(|c| c.enabled && !c.keys.is_empty()) {
        x.insert(
            "cacheKeyParameters".into(),
            json!(c.keys.iter().map(|(l, n)| format!("method.request.{}.{n}", l.mapping_word())).collect::<Vec<_>>()),
        );
    }
    if let Some(l) = &r.integration.vpc_link {
        x.insert("connectionType".into(), json!("VPC_LINK"));
        x.insert("connectionId".into(), json!(format!("${{{}}}", crate::emit::cloudformation::vpc_link_logical_id(program, api, l))));
    }
}

fn static_or_expr(v: &MappingValue) -> Value {
    match v {
        MappingValue::Static(s) => json!(format!("'{}'", s.replace('\'', "\\'"))),
        MappingValue::Expr(e) => json!(e),
    }
}

/// The document-level extensions: request validators, gateway responses, documentation.
pub(super) fn extensions(api: &Api, doc: &mut Map<String, Value>) {
    let mut used: Vec<Validator> = api.routes.iter().filter_map(|r| r.validator).collect();
    used.sort();
    used.dedup();
    if !used.is_empty() {
        let v: Map<String, Value> = used
            .iter()
            .map(|v| {
                (
                    validator_name(*v).to_string(),
                    json!({ "validateRequestBody": v.validates_body(), "validateRequestParameters": v.validates_params() }),
                )
            })
            .collect();
        doc.insert("x-amazon-apigateway-request-validators".into(), Value::Object(v));
    }
    if !api.gateway_responses.is_empty() {
        let mut out = Map::new();
        for g in &api.gateway_responses {
            let mut o = Map::new();
            if let Some(s) = g.status {
                o.insert("statusCode".into(), json!(s.to_string()));
            }
            if !g.headers.is_empty() {
                o.insert(
                    "responseParameters".into(),
                    Value::Object(g.headers.iter().map(|(k, v)| (format!("gatewayresponse.header.{k}"), static_or_expr(v))).collect()),
                );
            }
            if !g.templates.is_empty() {
                o.insert("responseTemplates".into(), json!(g.templates));
            }
            out.insert(g.kind.clone(), Value::Object(o));
        }
        doc.insert("x-amazon-apigateway-gateway-responses".into(), Value::Object(out));
    }
    let parts: Vec<Value> = api
        .docs
        .iter()
        .map(|d| {
            let mut l = Map::new();
            l.insert("type".into(), json!(d.location_type()));
            if let Some(p) = &d.path {
                l.insert("path".into(), json!(p.text()));
            }
            if let Some(m) = d.method {
                l.insert("method".into(), json!(m.as_str()));
            }
            if let Some(n) = d.name() {
                l.insert("name".into(), json!(n));
            }
            if let Some(s) = d.status() {
                l.insert("statusCode".into(), json!(s.to_string()));
            }
            json!({ "location": l, "properties": d.properties })
        })
        .collect();
    if !parts.is_empty() || api.docs_version.is_some() {
        let mut o = Map::new();
        if let Some(v) = &api.docs_version {
            o.insert("version".into(), json!(v));
        }
        o.insert("documentationParts".into(), Value::Array(parts));
        doc.insert("x-amazon-apigateway-documentation".into(), Value::Object(o));
    }
}
