//! OpenAPI 3.0.1 with the `x-amazon-apigateway-*` extensions: the definition of an API as API
//! Gateway imports and exports it (stages, deployments and permissions are not part of it).

mod rest;

use crate::diag::Diagnostic;
use crate::emit::cloudformation::param_id;
use crate::model::{Api, ApiKind, PolicyStatement, Program, Text, TextPart};
use serde_json::Map;
use serde_json::{json, Value};

/// The document of one API. Only REST APIs pass the checker today; any other kind is E0416 here
/// too. (When HTTP and WebSocket APIs are lowered, a WebSocket API, which has no OpenAPI form,
/// gets its own code from the E05xx range.)
pub fn document(program: &Program, api: &Api) -> Result<Value, Diagnostic> {
    match api.kind {
        ApiKind::Rest => Ok(rest::document(program, api)),
        ApiKind::Http | ApiKind::Websocket => Err(Diagnostic::error(
            "E0416",
            api.span,
            format!("`{}` cannot be written as OpenAPI: {} APIs are not supported yet", api.name, api.kind.word()),
        )
        .label("this API")),
    }
}

/// Text as an OpenAPI string. Values known only at deploy time are written as CloudFormation
/// `Fn::Sub` placeholders (`${AWS::Region}`, `${UserPoolArn}`), ready for the body of an
/// `AWS::ApiGateway::RestApi` or for substitution by whoever imports the file; stage variables
/// stay `${stageVariables.x}` for API Gateway.
pub fn text(t: &Text) -> Value {
    json!(text_str(t))
}

pub fn text_str(t: &Text) -> String {
    let mut s = String::new();
    for p in &t.parts {
        match p {
            TextPart::Lit(l) => s.push_str(l),
            TextPart::Param(name) => s.push_str(&format!("${{{}}}", param_id(name))),
            TextPart::Pseudo(p) => s.push_str(&format!("${{{}}}", p.cfn())),
            TextPart::Runtime(r) => s.push_str(&format!("${{{r}}}")),
        }
    }
    s
}

/// The resource policy document of the API's `policy` statements (the same document the
/// CloudFormation target writes), with lists of texts rendered by `list`. Shared by the
/// OpenAPI and Terraform targets.
pub fn policy_document(statements: &[PolicyStatement], list: &dyn Fn(&[Text]) -> Value) -> Value {
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
            o.insert("Action".into(), if s.actions.len() == 1 { json!(s.actions[0]) } else { json!(s.actions) });
            o.insert("Resource".into(), if s.resources.len() == 1 { json!(s.resources[0]) } else { json!(s.resources) });
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
