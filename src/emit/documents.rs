//! JSON documents every target embeds the same way: model schemas and resource policies. Targets
//! differ only in how they render texts, which they pass in.

use crate::model::{Model, PolicyStatement, Text};
use serde_json::{json, Map, Value};

/// The JSON Schema (draft 4) of a model as API Gateway stores it: `$schema` (when `draft_marker`;
/// OpenAPI's schema objects have no such keyword), `title`, then the schema; `reference` turns a
/// model name into the value of its `$ref`.
pub fn model_schema(m: &Model, reference: &dyn Fn(&str) -> Value, draft_marker: bool) -> Value {
    let mut schema = m.schema.to_json(reference);
    if let Value::Object(o) = &mut schema {
        let mut full = Map::new();
        if draft_marker {
            full.insert("$schema".into(), json!("http://json-schema.org/draft-04/schema#"));
        }
        full.insert("title".into(), json!(m.name));
        full.extend(std::mem::take(o));
        *o = full;
    }
    schema
}

/// The resource policy document of an API's `policy` statements; `list` renders a list of texts
/// (principals, condition values) in the target's syntax.
pub fn policy_document(statements: &[PolicyStatement], list: &dyn Fn(&[Text]) -> Value) -> Value {
    let one_or_many = |items: &[String]| if items.len() == 1 { json!(items[0]) } else { json!(items) };
    let st: Vec<Value> = statements
        .iter()
        .map(|s| {
            let mut o = Map::new();
            o.insert("Effect".into(), json!(if s.allow { "Allow" } else { "Deny" }));
            o.insert(
                "Principal".into(),
                match &s.principals {
                    None => json!("*"),
                    Some(p) => json!({ "AWS": list(p) }),
                },
            );
            o.insert("Action".into(), one_or_many(&s.actions));
            o.insert("Resource".into(), one_or_many(&s.resources));
            if !s.conditions.is_empty() {
                let mut c: Map<String, Value> = Map::new();
                for cond in &s.conditions {
                    if let Value::Object(m) = c.entry(cond.operator.clone()).or_insert_with(|| json!({})) {
                        m.insert(cond.key.clone(), list(&cond.values));
                    }
                }
                o.insert("Condition".into(), Value::Object(c));
            }
            Value::Object(o)
        })
        .collect();
    json!({ "Version": "2012-10-17", "Statement": st })
}

/// The policy of a private API that declares none: only its VPC endpoints (`vpc_endpoint_ids`,
/// rendered by the target) may invoke it.
pub fn private_endpoint_policy(vpc_endpoint_ids: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": "*",
            "Action": "execute-api:Invoke",
            "Resource": "execute-api:/*",
            "Condition": { "StringEquals": { "aws:SourceVpce": vpc_endpoint_ids } },
        }],
    })
}
