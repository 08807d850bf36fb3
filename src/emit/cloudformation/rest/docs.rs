//! Documentation parts (`AWS::ApiGateway::DocumentationPart`) of the API, its resources, methods,
//! request parameters and responses, and the documentation version every stage publishes.

use super::{path_name, reference, Names};
use crate::emit::names::{pascal, LogicalIds};
use crate::model::{Api, DocItem, DocPart};
use serde_json::{json, Map, Value};

/// `ApiDocumentation`, `PetsResourceDocumentation`, `PetsGetDocumentation`,
/// `PetsGetQueryLimitDocumentation`, `PetsGetResponse404Documentation`.
fn base(d: &DocPart) -> String {
    let mut b = match &d.path {
        None => return "Api".into(),
        Some(p) => path_name(p),
    };
    match d.method {
        None => b.push_str("Resource"),
        Some(m) => b.push_str(&pascal(&m.as_str().to_lowercase())),
    }
    match &d.item {
        Some(DocItem::Parameter(l, n)) => b.push_str(&format!("{}{}", pascal(&format!("{l:?}")), pascal(n))),
        Some(DocItem::Response(s)) => b.push_str(&format!("Response{s}")),
        None => {}
    }
    b
}

/// The logical IDs of the parts and the version.
pub(super) fn want(ids: &mut LogicalIds, api: &Api) {
    for d in &api.docs {
        ids.want(format!("doc:{}", d.key()), format!("{}Documentation", base(d)));
    }
    if api.docs_version.is_some() {
        ids.want("doc-version", "DocumentationVersion");
    }
}

/// The `Location` of a part, as CloudFormation spells it.
fn location(d: &DocPart) -> Value {
    let mut l = Map::new();
    l.insert("Type".into(), json!(d.location_type()));
    if let Some(p) = &d.path {
        l.insert("Path".into(), json!(p.text()));
    }
    if let Some(m) = d.method {
        l.insert("Method".into(), json!(m.as_str()));
    }
    if let Some(n) = d.name() {
        l.insert("Name".into(), json!(n));
    }
    if let Some(s) = d.status() {
        l.insert("StatusCode".into(), json!(s.to_string()));
    }
    Value::Object(l)
}

/// Every part, and the version that snapshots them once they exist.
pub(super) fn lower(api: &Api, names: &Names, res: &mut Map<String, Value>) {
    let mut parts = Vec::new();
    for d in &api.docs {
        let id = names.ids.get(&format!("doc:{}", d.key()));
        let props = serde_json::to_string(&d.properties).unwrap_or_default();
        res.insert(
            id.clone(),
            json!({
                "Type": "AWS::ApiGateway::DocumentationPart",
                "Properties": { "RestApiId": reference(&names.api), "Location": location(d), "Properties": props },
            }),
        );
        parts.push(id);
    }
    if let Some(v) = &api.docs_version {
        let mut version = json!({
            "Type": "AWS::ApiGateway::DocumentationVersion",
            "Properties": { "RestApiId": reference(&names.api), "DocumentationVersion": v },
        });
        if !parts.is_empty() {
            // The version is a snapshot of the parts that exist when it is created.
            version["DependsOn"] = json!(parts);
        }
        res.insert(names.ids.get("doc-version"), version);
    }
}

/// A stage publishes the documentation version, once it exists.
pub(super) fn stage(api: &Api, names: &Names, stage: &mut Value) {
    let Some(v) = &api.docs_version else { return };
    stage["Properties"]["DocumentationVersion"] = json!(v);
    let id = names.ids.get("doc-version");
    match stage.get_mut("DependsOn").and_then(Value::as_array_mut) {
        Some(deps) => deps.push(json!(id)),
        None => stage["DependsOn"] = json!([id]),
    }
}
