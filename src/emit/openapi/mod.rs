//! OpenAPI 3.0.1 with the `x-amazon-apigateway-*` extensions: the definition of an API as API
//! Gateway imports and exports it (stages, deployments and permissions are not part of it).

mod http;
mod rest;

use crate::diag::Diagnostic;
use crate::emit::cloudformation::param_id;
use crate::model::{Api, ApiKind, Program, Text, TextPart};
use serde_json::{json, Value};

/// The document of one API, or the diagnostics of what it cannot carry (see
/// [`crate::emit::unlowered`]): a WebSocket API (E0502). Nothing is left out silently.
pub fn build(program: &Program, api: &Api) -> Result<Value, Vec<Diagnostic>> {
    let problems = crate::emit::unlowered::diagnostics(crate::emit::unlowered::Target::OpenApi, program, api);
    // `diagnostics` rejects WebSocket APIs.
    if problems.is_empty() && api.kind != ApiKind::Websocket {
        Ok(document(program, api))
    } else {
        Err(problems)
    }
}

/// The document of what the OpenAPI target lowers of one API; [`build`] is the entry point that
/// refuses what it does not. A WebSocket API yields `null`.
pub fn document(program: &Program, api: &Api) -> Value {
    match api.kind {
        ApiKind::Rest => rest::document(program, api),
        ApiKind::Http => http::document(program, api),
        ApiKind::Websocket => Value::Null,
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
