//! REST models (JSON Schema draft 4) and the request validators routes share.

use super::{reference, Names};
use crate::model::{Api, Program, Route, Validator};
use serde_json::{json, Map, Value};

pub(super) fn validator_name(v: Validator) -> (&'static str, &'static str) {
    match v {
        Validator::Body => ("validator:body", "BodyValidator"),
        Validator::Params => ("validator:params", "ParamsValidator"),
        Validator::BodyAndParams => ("validator:all", "BodyAndParamsValidator"),
    }
}

/// The logical IDs models and validators want.
pub(super) fn want(ids: &mut crate::emit::names::LogicalIds, api: &Api) {
    for m in &api.models {
        ids.want(format!("model:{}", m.name), format!("{}Model", m.name));
    }
    for v in [Validator::Body, Validator::Params, Validator::BodyAndParams] {
        let (key, id) = validator_name(v);
        ids.want(key, id);
    }
}

pub(super) fn model_id(names: &Names, name: &str) -> String {
    names.ids.get(&format!("model:{name}"))
}

pub(super) fn validator_id(names: &Names, v: Validator) -> String {
    names.ids.get(validator_name(v).0)
}

/// One `AWS::ApiGateway::Model` per model, each depending on the models it refers to, and one
/// `AWS::ApiGateway::RequestValidator` per kind of validation any route uses (never per route).
pub(super) fn lower(_program: &Program, api: &Api, names: &Names, res: &mut Map<String, Value>) {
    for m in &api.models {
        let reference_of =
            |n: &str| json!({ "Fn::Sub": format!("https://apigateway.amazonaws.com/restapis/${{{}}}/models/{n}", names.api) });
        let schema = crate::emit::documents::model_schema(m, &reference_of, true);
        let mut p = Map::new();
        p.insert("RestApiId".into(), reference(&names.api));
        p.insert("Name".into(), json!(m.name));
        p.insert("ContentType".into(), json!(m.content_type));
        if let Some(d) = &m.description {
            p.insert("Description".into(), json!(d));
        }
        p.insert("Schema".into(), schema);
        let mut r = Map::new();
        r.insert("Type".into(), json!("AWS::ApiGateway::Model"));
        let mut refs = Vec::new();
        m.schema.refs(&mut refs);
        refs.retain(|n| n != &m.name);
        if !refs.is_empty() {
            r.insert("DependsOn".into(), json!(refs.iter().map(|n| model_id(names, n)).collect::<Vec<_>>()));
        }
        r.insert("Properties".into(), Value::Object(p));
        res.insert(model_id(names, &m.name), Value::Object(r));
    }
    let mut used: Vec<Validator> = api.routes.iter().filter_map(|r| r.validator).collect();
    used.sort();
    used.dedup();
    for v in used {
        let (_, name) = validator_name(v);
        res.insert(
            validator_id(names, v),
            json!({
                "Type": "AWS::ApiGateway::RequestValidator",
                "Properties": {
                    "RestApiId": reference(&names.api),
                    "Name": name,
                    "ValidateRequestBody": v.validates_body(),
                    "ValidateRequestParameters": v.validates_params(),
                },
            }),
        );
    }
}

/// `RequestModels`, `RequestValidatorId` of a method.
pub(super) fn method_properties(names: &Names, r: &Route, p: &mut Map<String, Value>) {
    if let Some(b) = &r.body {
        p.insert("RequestModels".into(), json!({ b.content_type.clone(): reference(&model_id(names, &b.model)) }));
    }
    if let Some(v) = r.validator {
        p.insert("RequestValidatorId".into(), reference(&validator_id(names, v)));
    }
}

/// `ResponseModels` of a method response.
pub(super) fn response_models(names: &Names, models: &indexmap::IndexMap<String, String>) -> Option<Value> {
    if models.is_empty() {
        return None;
    }
    Some(Value::Object(models.iter().map(|(ct, m)| (ct.clone(), reference(&model_id(names, m)))).collect()))
}
