//! In-source suppressions as resource `Metadata` in the forms checkov, cfn-lint and cfn_nag read.
//!
//! A suppression excuses a Model node (a route, stage, authorizer, ...); the resources that node
//! lowers to are found in the finished template by their properties (a Stage by `StageName`, a
//! Method by `HttpMethod` and its Resource path, a V2 Route by `RouteKey`), so logical-ID naming
//! stays the lowering's business. A route written `auth = none` is public by intent: gwc's
//! route-without-auth is silent on it, so its Method (or V2 Route) skips the checks that rule
//! covers, with the comment "declared public in gwc (auth = none)". The forms written:
//!
//! ```yaml
//! Metadata:
//!   checkov:   { skip: [{ id: CKV_AWS_59, comment: "reason" }] }
//!   cfn_nag:   { rules_to_suppress: [{ id: W59, reason: "reason" }] }
//!   cfn-lint:  { config: { ignore_checks: [ES2000] } }
//! ```

use crate::model::{Api, RouteKey};
use serde_json::{json, Map, Value};

/// The Model node a suppression excuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// The whole API: every API Gateway resource of the template.
    Api,
    Route(usize),
    Stage(usize),
    Authorizer(usize),
    /// The resource policy (on the RestApi).
    Policy,
    UsagePlan(usize),
    ApiKey(usize),
    Domain(usize),
}

/// Scanner checks to skip on the resources of one node, with the suppression's reason.
#[derive(Debug, Clone)]
pub struct ScannerSkip {
    pub on: On,
    /// checkov ids (`CKV_AWS_59`).
    pub checkov: Vec<String>,
    /// cfn-lint ids, including cfn-lint plugins such as serverless-rules (`ES2000`).
    pub cfn_lint: Vec<String>,
    /// cfn_nag ids (`W59`).
    pub cfn_nag: Vec<String>,
    pub reason: String,
}

/// Adds the skips to the template of `api` (as built by [`super::template`]), and those of its
/// routes declared public ([`declared_public`]).
pub fn add(template: &mut Value, api: &Api, skips: &[ScannerSkip]) {
    let Some(resources) = template.get_mut("Resources").and_then(Value::as_object_mut) else {
        return;
    };
    let paths = resource_paths(resources);
    let public = declared_public(api);
    for skip in skips.iter().chain(&public) {
        let ids: Vec<String> = resources.iter().filter(|(_, r)| belongs(api, skip.on, r, &paths)).map(|(id, _)| id.clone()).collect();
        for id in ids {
            if let Some(r) = resources.get_mut(&id).and_then(Value::as_object_mut) {
                write(r, skip);
            }
        }
    }
}

/// The skips of the routes of `api` written `auth = none`: the scanner checks of the rule that
/// is silent on them by design (route-without-auth), from its anchors.
pub fn declared_public(api: &Api) -> Vec<ScannerSkip> {
    use crate::lint::carry::{self, scanner_ids};
    let owned = |ids: Vec<&str>| ids.into_iter().map(str::to_string).collect::<Vec<_>>();
    carry::declared_public(api)
        .into_iter()
        .map(|(i, rule)| ScannerSkip {
            on: On::Route(i),
            checkov: owned(scanner_ids(rule, "checkov")),
            cfn_lint: owned([scanner_ids(rule, "cfn-lint"), scanner_ids(rule, "serverless-rules")].concat()),
            cfn_nag: owned(scanner_ids(rule, "cfn_nag")),
            reason: carry::DECLARED_PUBLIC.to_string(),
        })
        .collect()
}

fn prop<'a>(r: &'a Value, name: &str) -> Option<&'a str> {
    r.get("Properties").and_then(|p| p.get(name)).and_then(Value::as_str)
}

/// The full path (`/pets/{id}`) of every `AWS::ApiGateway::Resource`, by logical ID.
fn resource_paths(resources: &Map<String, Value>) -> indexmap::IndexMap<String, String> {
    fn path_of(id: &str, resources: &Map<String, Value>, depth: usize) -> Option<String> {
        let r = resources.get(id)?;
        let part = prop(r, "PathPart")?;
        let parent = r.get("Properties")?.get("ParentId")?;
        let base = match parent.get("Ref").and_then(Value::as_str) {
            Some(p) if depth < 64 => path_of(p, resources, depth + 1)?,
            Some(_) => return None,
            None => String::new(),
        };
        Some(format!("{base}/{part}"))
    }
    resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some("AWS::ApiGateway::Resource"))
        .filter_map(|(id, _)| path_of(id, resources, 0).map(|p| (id.clone(), p)))
        .collect()
}

/// Does resource `r` lower the node `on`?
fn belongs(api: &Api, on: On, r: &Value, paths: &indexmap::IndexMap<String, String>) -> bool {
    let ty = r.get("Type").and_then(Value::as_str).unwrap_or("");
    match on {
        On::Api => ty.starts_with("AWS::ApiGateway"),
        On::Stage(i) => {
            matches!(ty, "AWS::ApiGateway::Stage" | "AWS::ApiGatewayV2::Stage")
                && api.stages.get(i).is_some_and(|s| prop(r, "StageName") == Some(s.name.as_str()))
        }
        On::Route(i) => {
            let Some(route) = api.routes.get(i) else {
                return false;
            };
            match (&route.key, ty) {
                (RouteKey::Http { method, path }, "AWS::ApiGateway::Method") => {
                    let here =
                        match r.get("Properties").and_then(|p| p.get("ResourceId")).and_then(|v| v.get("Ref")).and_then(Value::as_str) {
                            Some(res) => paths.get(res).cloned(),
                            None => Some("/".to_string()),
                        };
                    prop(r, "HttpMethod") == Some(method.as_str()) && here.as_deref() == Some(path.text().as_str())
                }
                (key, "AWS::ApiGatewayV2::Route") => {
                    let text = match key {
                        RouteKey::Http { method, path } => format!("{} {}", method.as_str(), path.text()),
                        RouteKey::Default => "$default".to_string(),
                        RouteKey::Websocket(k) => k.clone(),
                    };
                    prop(r, "RouteKey") == Some(text.as_str())
                }
                _ => false,
            }
        }
        On::Authorizer(i) => {
            matches!(ty, "AWS::ApiGateway::Authorizer" | "AWS::ApiGatewayV2::Authorizer")
                && api.authorizers.get(i).is_some_and(|a| prop(r, "Name") == Some(a.name.as_str()))
        }
        On::Policy => ty == "AWS::ApiGateway::RestApi",
        On::UsagePlan(i) => {
            ty == "AWS::ApiGateway::UsagePlan"
                && api.usage_plans.get(i).is_some_and(|p| prop(r, "UsagePlanName") == Some(format!("{}-{}", api.name, p.name).as_str()))
        }
        On::ApiKey(i) => {
            ty == "AWS::ApiGateway::ApiKey"
                && api.api_keys.get(i).is_some_and(|k| prop(r, "Name") == Some(format!("{}-{}", api.name, k.name).as_str()))
        }
        On::Domain(i) => {
            matches!(ty, "AWS::ApiGateway::DomainName" | "AWS::ApiGatewayV2::DomainName")
                && api.domains.get(i).and_then(|d| d.name.as_lit()).is_some_and(|n| prop(r, "DomainName") == Some(n))
        }
    }
}

/// Merges one skip into a resource's Metadata (ids already present are not repeated).
fn write(r: &mut Map<String, Value>, skip: &ScannerSkip) {
    let meta = r.entry("Metadata").or_insert_with(|| json!({}));
    let Some(meta) = meta.as_object_mut() else {
        return;
    };
    let push = |list: &mut Value, id: &str, entry: Value| {
        if let Some(items) = list.as_array_mut() {
            if !items.iter().any(|e| e.get("id").and_then(Value::as_str) == Some(id) || e.as_str() == Some(id)) {
                items.push(entry);
            }
        }
    };
    for id in &skip.checkov {
        let list = meta.entry("checkov").or_insert_with(|| json!({})).as_object_mut().map(|m| m.entry("skip").or_insert_with(|| json!([])));
        if let Some(list) = list {
            push(list, id, json!({ "id": id, "comment": skip.reason }));
        }
    }
    for id in &skip.cfn_nag {
        let list = meta
            .entry("cfn_nag")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|m| m.entry("rules_to_suppress").or_insert_with(|| json!([])));
        if let Some(list) = list {
            push(list, id, json!({ "id": id, "reason": skip.reason }));
        }
    }
    for id in &skip.cfn_lint {
        let config =
            meta.entry("cfn-lint").or_insert_with(|| json!({})).as_object_mut().map(|m| m.entry("config").or_insert_with(|| json!({})));
        if let Some(list) = config.and_then(Value::as_object_mut).map(|c| c.entry("ignore_checks").or_insert_with(|| json!([]))) {
            push(list, id, json!(id));
        }
    }
}
