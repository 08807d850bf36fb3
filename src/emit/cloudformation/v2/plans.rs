//! What a WebSocket API shares with REST APIs: API keys, usage plans (`AWS::ApiGateway::UsagePlan`
//! whose `ApiStages` name the WebSocket API and its Stage resources) and REST-style VPC links to
//! network load balancers for private integrations.

use super::{reference, Names};
use crate::emit::cloudformation::{text, text_list};
use crate::emit::names::{pascal, LogicalIds};
use crate::model::{Api, Program, Throttle};
use serde_json::{json, Map, Value};

pub(super) fn want(ids: &mut LogicalIds, api: &Api) {
    for k in &api.api_keys {
        ids.want(format!("ApiKey:{}", k.name), format!("{}ApiKey", pascal(&k.name)));
    }
    for p in &api.usage_plans {
        ids.want(format!("UsagePlan:{}", p.name), format!("{}UsagePlan", pascal(&p.name)));
        for k in &p.keys {
            ids.want(format!("UsagePlanKey:{} {k}", p.name), format!("{}{}UsagePlanKey", pascal(&p.name), pascal(k)));
        }
    }
    for l in &api.vpc_links {
        ids.want(format!("VpcLink:{}", l.name), format!("{}VpcLink", pascal(&l.name)));
    }
}

fn tags(t: &indexmap::IndexMap<String, crate::model::Text>) -> Value {
    Value::Array(t.iter().map(|(k, v)| json!({ "Key": k, "Value": text(v) })).collect())
}

fn throttle(t: &Throttle) -> Value {
    let mut o = Map::new();
    if let Some(b) = t.burst {
        o.insert("BurstLimit".into(), json!(b));
    }
    if let Some(r) = t.rate {
        o.insert("RateLimit".into(), json!(r));
    }
    Value::Object(o)
}

pub(super) fn lower(res: &mut Map<String, Value>, program: &Program, api: &Api, names: &Names) {
    for l in &api.vpc_links {
        let mut p = Map::new();
        p.insert("Name".into(), json!(format!("{}-{}", api.name, l.name)));
        p.insert("TargetArns".into(), text_list(program, &l.targets));
        if let Some(d) = &l.description {
            p.insert("Description".into(), text(d));
        }
        res.insert(names.get("VpcLink", &l.name), json!({ "Type": "AWS::ApiGateway::VpcLink", "Properties": p }));
    }
    for k in &api.api_keys {
        let mut p = Map::new();
        p.insert("Name".into(), json!(format!("{}-{}", api.name, k.name)));
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
        res.insert(names.get("ApiKey", &k.name), json!({ "Type": "AWS::ApiGateway::ApiKey", "Properties": p }));
    }
    for plan in &api.usage_plans {
        let mut p = Map::new();
        p.insert("UsagePlanName".into(), json!(format!("{}-{}", api.name, plan.name)));
        if let Some(d) = &plan.description {
            p.insert("Description".into(), text(d));
        }
        // `Stage` refers to the Stage resource (its name), so the plan waits for the stage.
        let stages: Vec<Value> =
            plan.stages.iter().map(|s| json!({ "ApiId": reference(&names.api), "Stage": reference(&names.get("Stage", s)) })).collect();
        p.insert("ApiStages".into(), Value::Array(stages));
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
        let plan_id = names.get("UsagePlan", &plan.name);
        res.insert(plan_id.clone(), json!({ "Type": "AWS::ApiGateway::UsagePlan", "Properties": p }));
        for k in &plan.keys {
            res.insert(
                names.get("UsagePlanKey", &format!("{} {k}", plan.name)),
                json!({
                    "Type": "AWS::ApiGateway::UsagePlanKey",
                    "Properties": { "KeyId": reference(&names.get("ApiKey", k)), "KeyType": "API_KEY", "UsagePlanId": reference(&plan_id) },
                }),
            );
        }
    }
}
