//! Parity: the CloudFormation, Terraform and OpenAPI outputs of every example say the same thing.
//!
//! Each target's output is reduced to one normalised table of rows (`route GET /pets` →
//! `auth`, `integration`, ...; `stage prod` → settings; ...), with each target's reference
//! syntax (`Fn::Sub`, `${var.x}`, `${AWS::Region}` placeholders, resource references) brought to
//! one canonical form. The CloudFormation and Terraform tables must be equal; the OpenAPI table
//! must equal them minus the rows listed in [`OPENAPI_CANNOT_EXPRESS`], each with its reason.
//!
//! The reducers are exhaustive: every resource type and every property a target emits must be
//! read by its reducer, or the test fails naming it. So a new Model feature lowered in one target
//! fails here until it is lowered in all three and reduced here (or listed with its reason).

mod targets;

#[path = "parity/cfn.rs"]
mod cfn;
#[path = "parity/oas.rs"]
mod oas;
#[path = "parity/tf.rs"]
mod tf;
#[path = "parity/table.rs"]
mod table;

use table::Table;
use targets::{compile, examples, stem};

/// Row prefixes that OpenAPI cannot express, with the reason. Everything else must match.
const OPENAPI_CANNOT_EXPRESS: &[(&str, &str)] = &[
    ("api endpoint_type", "the endpoint type is a parameter of the OpenAPI import, not part of the document"),
    ("api tags", "REST API tags are not imported from OpenAPI"),
    ("permission ", "Lambda permissions are Lambda resources, outside the API definition"),
    ("deployment", "deployments are made after an import, not described by it"),
    ("stage ", "stages (variables, logging, throttles, access logs, tracing, tags) are not part of the API definition"),
    ("output ", "outputs belong to the deployment tools"),
];

/// CloudFormation output of features the Model gained after the Terraform and OpenAPI targets
/// were written, which those targets do not lower yet: `(resource type, property or "*")`.
/// Until an entry is lowered in all three targets and reduced here, parity skips it, and this
/// test says so loudly; an entry no example produces any more fails the test (remove it).
const CLOUDFORMATION_ONLY_FOR_NOW: &[(&str, &str)] = &[
    ("template", "Conditions"),
    ("resource", "DeletionPolicy"),
    ("resource", "UpdateReplacePolicy"),
    ("Outputs", "DeploymentId"),
    ("Outputs", "DomainTarget"),
    ("Outputs", "DomainHostedZoneId"),
    ("AWS::ApiGateway::Method", "RequestModels"),
    ("AWS::ApiGateway::Method", "RequestValidatorId"),
    ("AWS::ApiGateway::Method", "MethodResponses.ResponseModels"),
    ("AWS::ApiGateway::Method", "Integration.CacheKeyParameters"),
    ("AWS::ApiGateway::Method", "Integration.ConnectionId"),
    ("AWS::ApiGateway::Method", "Integration.ConnectionType"),
    ("AWS::ApiGateway::Stage", "CacheClusterEnabled"),
    ("AWS::ApiGateway::Stage", "CacheClusterSize"),
    ("AWS::ApiGateway::Stage", "CanarySetting"),
    ("AWS::ApiGateway::Stage", "ClientCertificateId"),
    ("AWS::ApiGateway::Model", "*"),
    ("AWS::ApiGateway::RequestValidator", "*"),
    ("AWS::ApiGateway::GatewayResponse", "*"),
    ("AWS::ApiGateway::ApiKey", "*"),
    ("AWS::ApiGateway::UsagePlan", "*"),
    ("AWS::ApiGateway::UsagePlanKey", "*"),
    ("AWS::ApiGateway::DomainName", "*"),
    ("AWS::ApiGateway::BasePathMapping", "*"),
    ("AWS::ApiGateway::Account", "*"),
    ("AWS::ApiGateway::VpcLink", "*"),
    ("AWS::ApiGateway::ClientCertificate", "*"),
    ("AWS::ApiGateway::DocumentationPart", "*"),
    ("AWS::IAM::Role", "*"),
    ("AWS::WAFv2::WebACLAssociation", "*"),
];

/// The three tables of every API of every example.
fn tables(skipped: &mut std::collections::BTreeSet<(String, String)>) -> Vec<(String, Table, Table, Table)> {
    let mut out = Vec::new();
    for path in examples() {
        let program = compile(&path);
        for api in &program.apis {
            let what = format!("{} (API {})", stem(&path), api.name);
            let c = cfn::reduce_skipping(&gwc::emit::cloudformation::template(&program, api), CLOUDFORMATION_ONLY_FOR_NOW, skipped)
                .unwrap_or_else(|e| panic!("{what}: CloudFormation: {e}"));
            let t = tf::reduce(&gwc::emit::terraform::configuration(&program, api)).unwrap_or_else(|e| panic!("{what}: Terraform: {e}"));
            let doc = gwc::emit::openapi::document(&program, api).unwrap_or_else(|d| panic!("{what}: {}", d.message));
            let o = oas::reduce(&doc).unwrap_or_else(|e| panic!("{what}: OpenAPI: {e}"));
            out.push((what, c, t, o));
        }
    }
    out
}

#[test]
fn cloudformation_terraform_and_openapi_say_the_same() {
    let mut failures = Vec::new();
    let mut skipped = std::collections::BTreeSet::new();
    let tables = tables(&mut skipped);
    for (ty, prop) in CLOUDFORMATION_ONLY_FOR_NOW {
        assert!(
            skipped.contains(&(ty.to_string(), prop.to_string())),
            "CLOUDFORMATION_ONLY_FOR_NOW lists {ty} {prop}, which no example produces any more: remove the entry"
        );
    }
    if !skipped.is_empty() {
        targets::loud(&format!(
            "parity: {} CloudFormation feature(s) are not lowered in Terraform and OpenAPI yet and were left out of the comparison: {skipped:?}",
            skipped.len()
        ));
    }
    for (what, c, t, o) in tables {
        assert!(c.len() > 5, "{what}: the CloudFormation table is implausibly small: {c:#?}");
        if let Some(d) = table::diff("CloudFormation", &c, "Terraform", &t) {
            failures.push(format!("{what}:\n{d}"));
        }
        let expressible: Table = c.iter().filter(|(k, _)| !OPENAPI_CANNOT_EXPRESS.iter().any(|(p, _)| k.starts_with(p))).map(|(k, v)| (k.clone(), v.clone())).collect();
        if let Some(d) = table::diff("CloudFormation", &expressible, "OpenAPI", &o) {
            failures.push(format!("{what}:\n{d}"));
        }
    }
    assert!(failures.is_empty(), "the targets disagree:\n\n{}", failures.join("\n\n"));
}

/// The reduction is not vacuous: a change to one target's output shows up as a difference.
#[test]
fn a_changed_output_breaks_parity() {
    let path = examples().into_iter().find(|p| stem(p) == "lambda_authorizers").expect("examples/lambda_authorizers.gw");
    let program = compile(&path);
    let api = &program.apis[0];
    let mut doc = gwc::emit::terraform::configuration(&program, api);
    let c = cfn::reduce_skipping(&gwc::emit::cloudformation::template(&program, api), CLOUDFORMATION_ONLY_FOR_NOW, &mut Default::default()).expect("reduce");
    let methods = doc["resource"]["aws_api_gateway_integration"].as_object_mut().expect("integrations");
    let first = methods.values_mut().next().expect("an integration");
    first["timeout_milliseconds"] = serde_json::json!(1234);
    let t = tf::reduce(&doc).expect("reduce");
    assert!(table::diff("CloudFormation", &c, "Terraform", &t).is_some(), "a changed timeout must break parity");
    let mut extra = gwc::emit::terraform::configuration(&program, api);
    extra["resource"]["aws_api_gateway_integration"].as_object_mut().expect("integrations").values_mut().next().expect("one")["content_handling"] =
        serde_json::json!("CONVERT_TO_TEXT");
    assert!(tf::reduce(&extra).is_err_and(|e| e.contains("content_handling")), "an unreduced property must be reported");
}
