//! What a WebSocket API shares with REST APIs: API keys, usage plans (`AWS::ApiGateway::UsagePlan`
//! whose `ApiStages` name the WebSocket API and its Stage resources), REST-style VPC links to
//! network load balancers for private integrations, and client certificates for HTTP backends.

use super::{reference, Names};
use crate::emit::cloudformation::{plans, text, text_list};
use crate::emit::names::{pascal, LogicalIds};
use crate::model::{Api, Program};
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
    for c in &api.client_certificates {
        ids.want(format!("ClientCertificate:{}", c.name), format!("{}ClientCertificate", pascal(&c.name)));
    }
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
    for c in &api.client_certificates {
        let mut p = Map::new();
        if let Some(d) = &c.description {
            p.insert("Description".into(), text(d));
        }
        res.insert(names.get("ClientCertificate", &c.name), json!({ "Type": "AWS::ApiGateway::ClientCertificate", "Properties": p }));
    }
    for k in &api.api_keys {
        res.insert(names.get("ApiKey", &k.name), plans::api_key(&api.name, k));
    }
    for plan in &api.usage_plans {
        // `Stage` refers to the Stage resource (its name), so the plan waits for the stage.
        let stages: Vec<Value> =
            plan.stages.iter().map(|s| json!({ "ApiId": reference(&names.api), "Stage": reference(&names.get("Stage", s)) })).collect();
        let plan_id = names.get("UsagePlan", &plan.name);
        res.insert(plan_id.clone(), plans::usage_plan(&api.name, plan, stages));
        for k in &plan.keys {
            res.insert(names.get("UsagePlanKey", &format!("{} {k}", plan.name)), plans::usage_plan_key(&names.get("ApiKey", k), &plan_id));
        }
    }
}
