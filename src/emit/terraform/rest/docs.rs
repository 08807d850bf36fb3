//! Documentation parts (`aws_api_gateway_documentation_part`) of the API, its resources,
//! methods, request parameters and responses, and the documentation version stages publish.

use super::{Resources, REST_API};
use crate::emit::names::{pascal, snake, LogicalIds};
use crate::emit::terraform::{lit, reference};
use crate::model::{Api, DocItem, DocPart};
use serde_json::{json, Map, Value};

const DOCUMENTATION: &str = "aws_api_gateway_documentation_part";
const VERSION: &str = "aws_api_gateway_documentation_version";

/// `api`, `pets_resource`, `pets_get`, `pets_get_querystring_limit`, `pets_get_response_404`.
fn base(d: &DocPart) -> String {
    let Some(p) = &d.path else { return "Api".into() };
    let mut b = if p.segments.is_empty() { "Root".to_string() } else { p.segments.iter().map(|s| pascal(&s.text())).collect() };
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

/// Every part, and the version that snapshots them once they exist.
pub(super) fn lower(res: &mut Resources, api: &Api, api_name: &str) {
    let api_id = reference(REST_API, api_name, "id");
    let mut ids = LogicalIds::default();
    for d in &api.docs {
        ids.want(d.key(), base(d));
    }
    ids.assign();
    let mut parts = Vec::new();
    for d in &api.docs {
        let mut l = Map::new();
        l.insert("type".into(), json!(d.location_type()));
        if let Some(p) = &d.path {
            l.insert("path".into(), lit(&p.text()));
        }
        if let Some(m) = d.method {
            l.insert("method".into(), json!(m.as_str()));
        }
        if let Some(n) = d.name() {
            l.insert("name".into(), lit(n));
        }
        if let Some(s) = d.status() {
            l.insert("status_code".into(), json!(s.to_string()));
        }
        let props = serde_json::to_string(&d.properties).unwrap_or_default();
        let name = snake(&ids.get(&d.key()));
        res.add(DOCUMENTATION, &name, json!({ "rest_api_id": api_id, "location": Value::Object(l), "properties": lit(&props) }));
        parts.push(format!("{DOCUMENTATION}.{name}"));
    }
    if let Some(v) = &api.docs_version {
        let mut p = Map::new();
        p.insert("rest_api_id".into(), api_id);
        p.insert("version".into(), lit(v));
        if !parts.is_empty() {
            // The version is a snapshot of the parts that exist when it is created.
            p.insert("depends_on".into(), json!(parts));
        }
        res.add(VERSION, api_name, Value::Object(p));
    }
}

/// A stage publishes the documentation version (a reference, so it waits for it).
pub(super) fn stage(api: &Api, api_name: &str, p: &mut Map<String, Value>) {
    if api.docs_version.is_some() {
        p.insert("documentation_version".into(), reference(VERSION, api_name, "version"));
    }
}
