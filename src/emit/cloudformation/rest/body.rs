//! Body mode (`gwc build --openapi-body`): a REST API as one `AWS::ApiGateway::RestApi` whose
//! `Body` is the API's OpenAPI definition, with deploy-time values as `Fn::Sub` strings; what
//! lies outside a definition (stages, the deployment, permissions, keys, domains, ...) stays.

use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// Resource types the OpenAPI definition in `Body` replaces.
const IN_BODY: &[&str] = &[
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::Model",
    "AWS::ApiGateway::RequestValidator",
    "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::DocumentationPart",
];

/// Turns the resources of a REST API into body mode, given the API's OpenAPI document and the
/// template's parameters.
pub(super) fn apply(res: &mut Map<String, Value>, document: &Value, params: &Map<String, Value>) {
    let replaced: Vec<String> =
        res.iter().filter(|(_, r)| r["Type"].as_str().is_some_and(|t| IN_BODY.contains(&t))).map(|(k, _)| k.clone()).collect();
    let authorizers: BTreeSet<String> =
        replaced.iter().filter(|k| res[k.as_str()]["Type"] == "AWS::ApiGateway::Authorizer").cloned().collect();
    for k in &replaced {
        res.shift_remove(k);
    }
    // CloudFormation names the document may mention: parameters, pseudo parameters and the
    // resources that stay (VPC links).
    let mut known: BTreeSet<String> = params.keys().cloned().collect();
    known.extend(res.keys().cloned());
    let lists: BTreeSet<String> = params.iter().filter(|(_, p)| p["Type"] == "CommaDelimitedList").map(|(k, _)| k.clone()).collect();
    let body = substitute(document, &known, &lists);
    for r in res.values_mut() {
        // What waited for the definition's resources (the deployment waits for every method,
        // documentation versions for their parts) now waits for the RestApi it refers to.
        if let Some(o) = r.as_object_mut() {
            let gone = |id: &Value| id.as_str().is_some_and(|i| replaced.iter().any(|k| k == i));
            match o.get("DependsOn") {
                Some(Value::Array(ids)) if ids.iter().any(gone) => {
                    let left: Vec<Value> = ids.iter().filter(|id| !gone(id)).cloned().collect();
                    if left.is_empty() {
                        o.shift_remove("DependsOn");
                    } else {
                        o.insert("DependsOn".into(), Value::Array(left));
                    }
                }
                Some(id) if gone(id) => {
                    o.shift_remove("DependsOn");
                }
                _ => {}
            }
        }
        match r["Type"].as_str().unwrap_or("") {
            "AWS::ApiGateway::RestApi" => {
                if let Some(p) = r.get_mut("Properties").and_then(Value::as_object_mut) {
                    p.insert("Body".into(), body.clone());
                    // gwc owns the whole definition: an update replaces it rather than merging.
                    p.insert("Mode".into(), json!("overwrite"));
                }
            }
            "AWS::Lambda::Permission" => {
                // An authorizer created by the import has no logical ID: the permission covers
                // the API's authorizers.
                if let Some(Value::String(arn)) = r.pointer_mut("/Properties/SourceArn/Fn::Sub") {
                    for a in &authorizers {
                        *arn = arn.replace(&format!("/authorizers/${{{a}}}"), "/authorizers/*");
                    }
                }
            }
            _ => {}
        }
    }
}

/// The document with every string that mentions a CloudFormation name (`${Param}`,
/// `${AWS::Region}`, `${VpcLink}`) as `Fn::Sub`, its other `${...}` (stage variables, context
/// variables) escaped as `${!...}` so that API Gateway receives them as written. A list that is
/// one `string_list` parameter (`lists`) is that parameter's `Ref`, as in the template.
fn substitute(v: &Value, known: &BTreeSet<String>, lists: &BTreeSet<String>) -> Value {
    match v {
        Value::Array(a) if a.len() == 1 && a[0].as_str().is_some_and(|s| is_list_param(s, lists)) => {
            json!({ "Ref": a[0].as_str().unwrap_or_default().trim_start_matches("${").trim_end_matches('}') })
        }
        Value::String(s) if s.contains("${") => {
            let mut out = String::new();
            let mut any = false;
            let mut rest = s.as_str();
            while let Some(i) = rest.find("${") {
                out.push_str(&rest[..i]);
                let after = &rest[i + 2..];
                let Some(j) = after.find('}') else {
                    out.push_str(&rest[i..]);
                    rest = "";
                    break;
                };
                let name = &after[..j];
                if name.starts_with("AWS::") || known.contains(name) {
                    any = true;
                    out.push_str(&format!("${{{name}}}"));
                } else {
                    out.push_str(&format!("${{!{name}}}"));
                }
                rest = &after[j + 1..];
            }
            out.push_str(rest);
            if any {
                json!({ "Fn::Sub": out })
            } else {
                v.clone()
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, known, lists)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), substitute(x, known, lists))).collect()),
        other => other.clone(),
    }
}

/// Whether `s` is exactly `${P}` for a `string_list` parameter `P`.
fn is_list_param(s: &str, lists: &BTreeSet<String>) -> bool {
    s.strip_prefix("${").and_then(|x| x.strip_suffix('}')).is_some_and(|p| lists.contains(p))
}
