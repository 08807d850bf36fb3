//! API keys and usage plans, the same `AWS::ApiGateway::*` properties for REST and WebSocket APIs.

use super::text;
use crate::model::{ApiKey, Text, Throttle, UsagePlan};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

/// `BurstLimit`/`RateLimit` of a plan or of one route in a plan.
pub(super) fn throttle(t: &Throttle) -> Value {
    let mut o = Map::new();
    if let Some(b) = t.burst {
        o.insert("BurstLimit".into(), json!(b));
    }
    if let Some(r) = t.rate {
        o.insert("RateLimit".into(), json!(r));
    }
    Value::Object(o)
}

/// CloudFormation's list-of-`Key`/`Value` tags.
pub(super) fn tags(t: &IndexMap<String, Text>) -> Value {
    Value::Array(t.iter().map(|(k, v)| json!({ "Key": k, "Value": text(v) })).collect())
}

/// The `AWS::ApiGateway::ApiKey` resource of key `k` of API `api_name`.
pub(super) fn api_key(api_name: &str, k: &ApiKey) -> Value {
    let mut p = Map::new();
    p.insert("Name".into(), json!(format!("{api_name}-{}", k.name)));
    p.insert("Enabled".into(), json!(k.enabled));
    if let Some(v) = &k.value {
        p.insert("Value".into(), text(v));
    }
    if let Some(d) = &k.description {
        p.insert("Description".into(), text(d));
    }
    if let Some(c) = &k.customer_id {
        p.insert("CustomerId".into(), text(c));
    }
    if !k.tags.is_empty() {
        p.insert("Tags".into(), tags(&k.tags));
    }
    json!({ "Type": "AWS::ApiGateway::ApiKey", "Properties": p })
}

/// The `AWS::ApiGateway::UsagePlan` resource of `plan`, with its `ApiStages` built by the caller.
pub(super) fn usage_plan(api_name: &str, plan: &UsagePlan, api_stages: Vec<Value>) -> Value {
    let mut p = Map::new();
    p.insert("UsagePlanName".into(), json!(format!("{api_name}-{}", plan.name)));
    if let Some(d) = &plan.description {
        p.insert("Description".into(), text(d));
    }
    p.insert("ApiStages".into(), Value::Array(api_stages));
    if let Some(t) = &plan.throttle {
        p.insert("Throttle".into(), throttle(t));
    }
    if let Some(q) = &plan.quota {
        let mut o = Map::new();
        o.insert("Limit".into(), json!(q.limit));
        o.insert("Period".into(), json!(q.period.word()));
        if q.offset > 0 {
            o.insert("Offset".into(), json!(q.offset));
        }
        p.insert("Quota".into(), Value::Object(o));
    }
    if !plan.tags.is_empty() {
        p.insert("Tags".into(), tags(&plan.tags));
    }
    json!({ "Type": "AWS::ApiGateway::UsagePlan", "Properties": p })
}

/// The `AWS::ApiGateway::UsagePlanKey` that puts key `key_id` into plan `plan_id` (logical IDs).
pub(super) fn usage_plan_key(key_id: &str, plan_id: &str) -> Value {
    json!({
        "Type": "AWS::ApiGateway::UsagePlanKey",
        "Properties": { "KeyId": { "Ref": key_id }, "KeyType": "API_KEY", "UsagePlanId": { "Ref": plan_id } },
    })
}
