//! CloudFormation body mode (`gwc build --openapi-body`): every REST API of every example lowers
//! to a template whose RestApi carries the OpenAPI document as `Body` (its deploy-time values as
//! `Fn::Sub`), that keeps every resource outside the definition, that cfn-lint accepts without
//! errors, and whose deployment still changes with every change of the API. Two examples'
//! body-mode templates are reviewed snapshots (`snapshots/<example>.cfn-body.snap`).
//!
//! Tool: `$GWC_CFN_LINT` (else `.venv-tools/bin/cfn-lint`), installed by `scripts/test`.

mod targets;

use gwc::emit::cloudformation::{template, template_with, Options};
use gwc::emit::{openapi, render, Format};
use serde_json::Value;
use std::process::Command;
use targets::{compile_all, examples, find_tool, loud, manifest_dir, snapshot, stem, venv_bin, TempDir};

const BODY: Options = Options { rest_body: true };

/// The resource types the body replaces.
const DEFINITION_TYPES: &[&str] = &[
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::Model",
    "AWS::ApiGateway::RequestValidator",
    "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::DocumentationPart",
];

/// Every REST API of every example: (example, api, resource-mode template, body-mode template,
/// OpenAPI document).
fn rest_apis() -> Vec<(String, String, Value, Value, Value)> {
    let mut out = Vec::new();
    for path in examples() {
        let program = compile_all(&path);
        for api in program.apis.iter().filter(|a| a.kind == gwc::model::ApiKind::Rest) {
            out.push((
                stem(&path),
                api.name.clone(),
                template(&program, api),
                template_with(&program, api, BODY),
                openapi::document(&program, api),
            ));
        }
    }
    assert!(out.len() > 10, "implausibly few REST APIs among the examples: {}", out.len());
    out
}

/// A body value back in OpenAPI form: `{"Fn::Sub": "..${X}..${!y}.."}` → `"..${X}..${y}.."`,
/// and a `string_list` parameter's `{"Ref": "P"}` → `["${P}"]`.
fn unsub(v: &Value) -> Value {
    match v {
        Value::Object(m) if m.len() == 1 && m.contains_key("Ref") => {
            serde_json::json!([format!("${{{}}}", m["Ref"].as_str().expect("Ref of a name"))])
        }
        Value::Object(m) if m.len() == 1 && m.contains_key("Fn::Sub") => {
            Value::String(m["Fn::Sub"].as_str().expect("Fn::Sub of a string").replace("${!", "${"))
        }
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), unsub(x))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(unsub).collect()),
        other => other.clone(),
    }
}

/// Every `Fn::Sub` string of the body: each `${NAME}` it substitutes must be a parameter, a
/// pseudo parameter or a resource of the template.
fn check_subs(v: &Value, template: &Value, what: &str) {
    match v {
        Value::Object(m) if m.len() == 1 && m.contains_key("Fn::Sub") => {
            let s = m["Fn::Sub"].as_str().unwrap_or("");
            let mut rest = s;
            let mut names = 0;
            while let Some(i) = rest.find("${") {
                let after = &rest[i + 2..];
                let j = after.find('}').unwrap_or_else(|| panic!("{what}: unclosed ${{ in {s}"));
                let name = &after[..j];
                if !name.starts_with('!') {
                    names += 1;
                    assert!(
                        name.starts_with("AWS::")
                            || template["Parameters"].get(name).is_some()
                            || template["Resources"].get(name).is_some(),
                        "{what}: the body substitutes ${{{name}}}, which the template does not define: {s}"
                    );
                }
                rest = &after[j + 1..];
            }
            assert!(names > 0, "{what}: an Fn::Sub without anything to substitute: {s}");
        }
        Value::Object(m) => m.values().for_each(|x| check_subs(x, template, what)),
        Value::Array(a) => a.iter().for_each(|x| check_subs(x, template, what)),
        Value::String(s) => {
            // A plain string never names a CloudFormation value that only Fn::Sub would fill in.
            for p in template["Parameters"].as_object().into_iter().flatten().map(|(k, _)| k) {
                assert!(!s.contains(&format!("${{{p}}}")), "{what}: parameter {p} in a plain string: {s}");
            }
            assert!(!s.contains("${AWS::"), "{what}: a pseudo parameter in a plain string: {s}");
        }
        _ => {}
    }
}

#[test]
fn body_mode_keeps_everything_outside_the_definition() {
    for (example, api, resources, body, doc) in rest_apis() {
        let what = format!("{example} (API {api})");
        let (res, bres) = (resources["Resources"].as_object().expect("Resources"), body["Resources"].as_object().expect("Resources"));
        let rest_api: Vec<(&String, &Value)> = bres.iter().filter(|(_, r)| r["Type"] == "AWS::ApiGateway::RestApi").collect();
        assert_eq!(rest_api.len(), 1, "{what}: one RestApi");
        let props = &rest_api[0].1["Properties"];
        assert_eq!(unsub(&props["Body"]), doc, "{what}: the Body is not the OpenAPI document");
        assert_eq!(props["Mode"], "overwrite", "{what}: the definition must replace, not merge");
        check_subs(&props["Body"], &body, &what);
        // Every resource but the definition's stays, under the same logical ID.
        let kept: Vec<&String> =
            res.iter().filter(|(_, r)| !DEFINITION_TYPES.contains(&r["Type"].as_str().unwrap_or(""))).map(|(k, _)| k).collect();
        assert_eq!(bres.keys().collect::<Vec<_>>(), kept, "{what}: body mode must keep exactly the resources outside the definition");
        assert!(bres.len() < res.len(), "{what}: body mode saves no resource");
        for (k, r) in bres.iter().filter(|(_, r)| r["Type"] != "AWS::ApiGateway::RestApi" && r["Type"] != "AWS::Lambda::Permission") {
            assert_eq!(r["Properties"], res[k]["Properties"], "{what}: {k} differs from resource mode");
        }
        // Nothing refers to a resource that body mode removed.
        let text = serde_json::to_string(&body).expect("serialise");
        for (id, r) in res.iter().filter(|(_, r)| DEFINITION_TYPES.contains(&r["Type"].as_str().unwrap_or(""))) {
            for form in [format!("${{{id}}}"), format!("\"Ref\":\"{id}\""), format!("[\"{id}\","), format!("\"{id}\"]")] {
                assert!(!text.contains(&form), "{what}: refers to {} {id}, which body mode removed ({form})", r["Type"]);
            }
        }
        // The rest of the template is as in resource mode.
        assert_eq!(body["Parameters"], resources["Parameters"], "{what}: Parameters");
        assert_eq!(body["Outputs"], resources["Outputs"], "{what}: Outputs");
    }
}

#[test]
fn body_mode_deployment_changes_with_the_api() {
    let path = examples().into_iter().find(|p| stem(p) == "lambda_authorizers").expect("examples/lambda_authorizers.gw");
    let mut program = compile_all(&path);
    let deployment = |program: &gwc::model::Program| -> String {
        let t = template_with(program, &program.apis[0], BODY);
        let ids: Vec<String> = t["Resources"]
            .as_object()
            .expect("Resources")
            .iter()
            .filter(|(_, r)| r["Type"] == "AWS::ApiGateway::Deployment")
            .map(|(k, _)| k.clone())
            .collect();
        assert_eq!(ids.len(), 1, "one Deployment");
        let stages = t["Resources"].as_object().expect("Resources").values().filter(|r| r["Type"] == "AWS::ApiGateway::Stage");
        for s in stages {
            assert_eq!(s["Properties"]["DeploymentId"]["Ref"], ids[0].as_str(), "each stage serves the new deployment");
        }
        ids[0].clone()
    };
    let before = deployment(&program);
    assert_eq!(
        before,
        template(&program, &program.apis[0])["Resources"]
            .as_object()
            .expect("Resources")
            .iter()
            .find(|(_, r)| r["Type"] == "AWS::ApiGateway::Deployment")
            .map(|(k, _)| k.clone())
            .expect("a Deployment"),
        "body and resource mode deploy the same API under the same deployment ID"
    );
    program.apis[0].routes[0].integration.timeout_ms = Some(1234);
    let after = deployment(&program);
    assert_ne!(before, after, "a changed route must change the deployment's logical ID, or the change never goes live");
}

#[test]
fn body_mode_snapshots() {
    for example in ["lambda_authorizers", "private_vpce_api"] {
        let path = manifest_dir().join("examples").join(format!("{example}.gw"));
        let program = compile_all(&path);
        let texts: Vec<String> =
            program.apis.iter().map(|api| render(&template_with(&program, api, BODY), Format::Yaml).expect("render YAML")).collect();
        snapshot(&format!("{example}.cfn-body"), format!("examples/{example}.gw, gwc build --openapi-body"), texts.join("---\n"));
    }
}

/// A body-mode template with one seeded error (E3002, unknown property) that cfn-lint must report.
const CANARY: &str = "\
AWSTemplateFormatVersion: \"2010-09-09\"
Resources:
  CanaryApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: gwc-canary
      Body: { openapi: 3.0.1, info: { title: canary, version: '1' }, paths: {} }
      Mod: overwrite
";

#[test]
fn body_mode_templates_pass_cfn_lint() {
    let Some(tool) = find_tool("GWC_CFN_LINT", &[venv_bin("cfn-lint")], "cfn-lint") else { return };
    let tmp = TempDir::new("cfn-body");
    let mut files = Vec::new();
    for (example, api, _, body, _) in rest_apis() {
        for format in [Format::Yaml, Format::Json] {
            let f = tmp.path().join(format!("{example}-{api}.cfn.{}", format.extension()));
            std::fs::write(&f, render(&body, format).expect("render")).expect("write");
            files.push(f);
        }
    }
    let canary = tmp.path().join("zz-canary.cfn.yaml");
    std::fs::write(&canary, CANARY).expect("write");
    let out = Command::new(&tool).args(["--format", "parseable"]).args(&files).arg(&canary).output().expect("run cfn-lint");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let code = out.status.code().expect("cfn-lint exits normally");
    assert!(code & !(2 | 4 | 8) == 0, "cfn-lint failed to run ({code}):\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let canary_name = canary.to_string_lossy().into_owned();
    assert!(
        stdout.lines().any(|l| l.starts_with(&canary_name) && l.contains(":E3002:")),
        "cfn-lint did not report the seeded E3002 in its canary; the oracle is broken:\n{stdout}"
    );
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with(&canary_name))
        .filter(|l| l.split(':').any(|part| part.len() == 5 && part.starts_with('E') && part[1..].bytes().all(|b| b.is_ascii_digit())))
        .collect();
    assert!(errors.is_empty(), "cfn-lint found {} error(s) in body-mode templates:\n{}", errors.len(), errors.join("\n"));
    loud(&format!("cfn-lint passed {} body-mode template(s)", files.len()));
}

/// `gwc build --openapi-body` on the 500-resource fixture: the checker's E0430 (counted for
/// resource mode) no longer applies, and its help says so without the flag.
#[test]
fn body_mode_lifts_the_resource_limit() {
    let gwc = env!("CARGO_BIN_EXE_gwc");
    let fixture = manifest_dir().join("tests/fixtures/diagnostics/E0430_too_many_resources.gw");
    let tmp = TempDir::new("cfn-body-e0430");
    let out = Command::new(gwc).args(["build", "--out"]).arg(tmp.path()).arg(&fixture).output().expect("run gwc");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("E0430") && stderr.contains("--openapi-body"), "E0430 must suggest body mode:\n{stderr}");
    let out = Command::new(gwc)
        .args(["build", "--openapi-body", "--format", "json", "--out"])
        .arg(tmp.path())
        .arg(&fixture)
        .output()
        .expect("run gwc");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let text = std::fs::read_to_string(tmp.path().join("warehouse.cfn.json")).expect("the template is written");
    let t: Value = serde_json::from_str(&text).expect("JSON");
    let n = t["Resources"].as_object().expect("Resources").len();
    assert!((100..=500).contains(&n), "body mode: {n} resources (one permission per route, and the API, deployment, stage)");
    assert!(!t["Resources"].as_object().expect("Resources").values().any(|r| r["Type"] == "AWS::ApiGateway::Method"));
}
