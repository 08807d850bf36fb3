//! Canary stages: deployments kept by content hash, the stage serving the stable one and its canary the new one.
//!
//! CloudFormation retains the previous Deployment and takes the stable deployment as a template
//! parameter. Terraform cannot retain a resource it replaces, and API Gateway refuses to delete a
//! deployment a stage still serves, so the deployment is one resource per content hash
//! (`for_each`): this update's hash and each canary stage's `<stage>_stable_deployment` variable
//! (the `<stage>_deployment` output of the previous apply). The stable deployment stays in the
//! state under its key, unchanged; a deployment no stage names any more is destroyed after the
//! stages have moved off it (`create_before_destroy`).

use super::{Names, DEPLOYMENT, REST_API};
use crate::emit::terraform::{reference, text};
use crate::model::{Api, Stage};
use serde_json::{json, Map, Value};

/// The variable naming the deployment a canary stage keeps serving.
fn variable(stage: &str) -> String {
    format!("{stage}_stable_deployment")
}

/// The deployments of an API with canary stages: one per hash of this update and of every
/// stable deployment (an empty variable names none).
pub(super) fn deployment(api: &Api, names: &Names, hash: &str, deps: Vec<String>) -> Value {
    let mut keys = vec![format!("\"{hash}\"")];
    for s in api.stages.iter().filter(|s| s.canary.is_some()) {
        keys.push(format!("var.{}", variable(&names.stage(&s.name))));
    }
    json!({
        "for_each": format!("${{toset(compact([{}]))}}", keys.join(", ")),
        "rest_api_id": reference(REST_API, &names.api, "id"),
        "description": "gwc deployment ${each.key}",
        "triggers": { "redeployment": "${each.key}" },
        "lifecycle": { "create_before_destroy": true },
        "depends_on": deps,
    })
}

/// `${aws_api_gateway_deployment.NAME[KEY].id}`
fn deployment_id(api_name: &str, key: &str) -> Value {
    json!(format!("${{{DEPLOYMENT}.{api_name}[{key}].id}}"))
}

/// A stage of an API with canary stages: it serves this update's deployment, or, with a canary,
/// the stable one (this update's on the first deploy, as CloudFormation's condition), with
/// `canary_settings` sending `traffic` to this update's.
pub(super) fn stage_properties(api_name: &str, stage: &str, s: &Stage, hash: &str, p: &mut Map<String, Value>) {
    let current = format!("\"{hash}\"");
    let Some(c) = &s.canary else {
        p.insert("deployment_id".into(), deployment_id(api_name, &current));
        return;
    };
    p.insert("deployment_id".into(), deployment_id(api_name, &format!("coalesce(var.{}, {current})", variable(stage))));
    let mut o = Map::new();
    o.insert("deployment_id".into(), deployment_id(api_name, &current));
    o.insert("percent_traffic".into(), json!(c.percent));
    if !c.variables.is_empty() {
        o.insert("stage_variable_overrides".into(), Value::Object(c.variables.iter().map(|(k, v)| (k.clone(), text(v))).collect()));
    }
    if c.use_stage_cache {
        o.insert("use_stage_cache".into(), json!(true));
    }
    p.insert("canary_settings".into(), Value::Object(o));
}

/// The `<stage>_deployment` output: the hash to pass as `<stage>_stable_deployment` next time.
pub(super) fn output(s: &Stage, hash: &str) -> Value {
    json!({
        "description": format!(
            "Deployment of this update, served by the canary of stage {}; pass it as the stable deployment of the next update to keep it",
            s.name
        ),
        "value": hash,
    })
}

/// The `<stage>_stable_deployment` variable of every canary stage, with the stage's Terraform
/// name and the stage.
pub fn stable_deployment_variables(api: &Api) -> Vec<(String, String, &Stage)> {
    if api.stages.iter().all(|s| s.canary.is_none()) {
        return Vec::new(); // without naming every resource again
    }
    let names = Names::new(api);
    api.stages
        .iter()
        .filter(|s| s.canary.is_some())
        .map(|s| {
            let stage = names.stage(&s.name);
            (variable(&stage), stage, s)
        })
        .collect()
}

/// The `<stage>_stable_deployment` variable of every canary stage.
pub fn variables(api: &Api) -> Map<String, Value> {
    let mut out = Map::new();
    for (var, stage, s) in stable_deployment_variables(api) {
        out.insert(
            var.clone(),
            json!({
                "type": "string",
                "default": "",
                "description": format!(
                    "Deployment hash stage {} keeps serving while its canary gets the new deployment (the {stage}_deployment output of the previous apply); empty on the first deploy",
                    s.name
                ),
                "validation": [{
                    "condition": format!("${{var.{var} == \"\" || can(regex(\"^[0-9a-f]{{16}}$\", var.{var}))}}"),
                    "error_message": format!("a deployment hash (the {stage}_deployment output), or empty"),
                }],
            }),
        );
    }
    out
}
