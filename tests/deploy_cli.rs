//! `gwc deploy` before and around its first call: what stops it without touching a server
//! (program errors, lint errors, parameters, template size, usage) and an unreachable endpoint.
//! The endpoint is a closed local port, so any call that did go out would fail differently.

#![cfg(feature = "deploy")]

mod common;
#[path = "deploy/support.rs"]
mod support;

use common::{gwc, run, TempDir};
use support::*;

/// Nothing listens here: a call that goes out fails with "cannot reach".
const DEAD: &str = "http://127.0.0.1:9";

const OK: &str = r#"rest api cli_ok {
  GET /users { integration = http_proxy("https://backend.example.com/users") }
  stage v1 { logging = off }
}
"#;

#[test]
fn compile_errors_stop_it_before_any_call() {
    let dir = TempDir::new("deploy-cli");
    let f = program(&dir, "bad.gw", "rest api broken {\n  GET /users { integration = nope }\n}\n");
    let r = deploy(DEAD, &[f.to_str().unwrap(), "--stack", "s", "--yes"]);
    assert_eq!(r.code(), Some(1), "{r}");
    assert!(r.stderr_str().contains("error(s)") && !r.stderr_str().contains("cannot reach"), "{r}");
}

#[test]
fn lint_errors_stop_it_before_any_call() {
    let dir = TempDir::new("deploy-cli-lint");
    // SEC024 (a custom domain without a TLS policy) is an error by default.
    let f = program(
        &dir,
        "lint.gw",
        "param certificate_arn: arn\nrest api cli_lint {\n  GET /users { integration = http_proxy(\"https://b.example.com/u\") }\n  stage v1 { logging = off }\n  domain \"api.example.com\" {\n    certificate = certificate_arn\n    base_path v1 { stage = v1 }\n  }\n}\n",
    );
    let r = deploy(DEAD, &[f.to_str().unwrap(), "--stack", "s", "--yes"]);
    assert_eq!(r.code(), Some(1), "{r}");
    let err = r.stderr_str();
    assert!(err.contains("SEC024") && err.contains("not deploying"), "{r}");
    assert!(!err.contains("cannot reach"), "no call may be made:\n{r}");
}

#[test]
fn unknown_params_are_usage_errors_before_any_call() {
    let dir = TempDir::new("deploy-cli-param");
    let f = program(&dir, "p.gw", OK);
    let r = deploy(DEAD, &[f.to_str().unwrap(), "--stack", "s", "--yes", "--param", "Nope=1"]);
    assert_eq!(r.code(), Some(2), "{r}");
    assert!(r.stderr_str().contains("unknown parameter `Nope`") && r.stderr_str().contains("declares none"), "{r}");
    let r = deploy(DEAD, &[f.to_str().unwrap(), "--stack", "s", "--yes", "--param", "novalue"]);
    assert_eq!(r.code(), Some(2), "{r}");
    assert!(r.stderr_str().contains("expected KEY=VALUE"), "{r}");
}

#[test]
fn a_template_too_big_to_send_inline_is_reported() {
    let dir = TempDir::new("deploy-cli-big");
    let mut text = String::from("rest api cli_big {\n");
    // 60 routes with 1 KB canned bodies: well under the 500-resource limit, over 51,200 bytes.
    let body = "x".repeat(1000);
    for i in 0..60 {
        text.push_str(&format!(
            "  GET /resource{i} {{ integration mock {{ response 200 {{ templates {{ \"application/json\" = \"{body}\" }} }} }} }}\n"
        ));
    }
    text.push_str("  stage v1 { logging = off }\n}\n");
    let f = program(&dir, "big.gw", &text);
    let r = deploy(DEAD, &[f.to_str().unwrap(), "--stack", "s", "--yes"]);
    assert_eq!(r.code(), Some(1), "{r}");
    let err = r.stderr_str();
    assert!(err.contains("at most 51200 bytes inline") && err.contains("S3") && err.contains("gwc build"), "{r}");
    assert!(!err.contains("cannot reach"), "no call may be made:\n{r}");
}

#[test]
fn an_unreachable_endpoint_is_a_clear_exit_2() {
    let dir = TempDir::new("deploy-cli-dead");
    let f = program(&dir, "p.gw", OK);
    let start = std::time::Instant::now();
    let r = deploy(DEAD, &[f.to_str().unwrap(), "--stack", "s", "--yes", "--timeout", "60s"]);
    assert_eq!(r.code(), Some(2), "{r}");
    assert!(r.stderr_str().contains("cannot reach the CloudFormation endpoint"), "{r}");
    assert_clean_error(&r);
    assert!(start.elapsed() < std::time::Duration::from_secs(60), "{r}");
}

#[test]
fn several_apis_need_a_choice_and_a_region_is_required() {
    let dir = TempDir::new("deploy-cli-apis");
    let two = format!("{OK}{}", OK.replace("cli_ok", "cli_other"));
    let f = program(&dir, "two.gw", &two);
    let r = deploy(DEAD, &[f.to_str().unwrap(), "--stack", "s", "--yes"]);
    assert_eq!(r.code(), Some(2), "{r}");
    assert!(r.stderr_str().contains("several APIs (cli_ok, cli_other)") && r.stderr_str().contains("--api"), "{r}");
    let r = deploy(DEAD, &[f.to_str().unwrap(), "--stack", "s", "--yes", "--api", "nope"]);
    assert_eq!(r.code(), Some(2), "{r}");
    assert!(r.stderr_str().contains("no API named `nope`"), "{r}");
    // No --region and none in the environment.
    let ok = program(&dir, "ok.gw", OK);
    let mut cmd = gwc();
    cmd.arg("deploy").arg(&ok).args(["--stack", "s", "--yes", "--endpoint-url", DEAD]);
    aws_env(&mut cmd).env_remove("AWS_DEFAULT_REGION").env_remove("AWS_REGION");
    let r = run(&mut cmd);
    assert_eq!(r.code(), Some(2), "{r}");
    assert!(r.stderr_str().contains("no AWS region"), "{r}");
}

#[test]
fn help_and_usage() {
    let r = run(gwc().args(["deploy", "--help"]));
    assert_eq!(r.code(), Some(0), "{r}");
    let out = r.stdout_str();
    for flag in [
        "--stack",
        "--region",
        "--profile",
        "--endpoint-url",
        "--param",
        "--tag",
        "--no-execute",
        "--yes",
        "--timeout",
        "--delete",
        "--api",
    ] {
        assert!(out.contains(flag), "`{flag}` missing from `gwc deploy --help`:\n{out}");
    }
    // A FILE is required unless --delete; --delete takes none.
    let r = run(gwc().args(["deploy", "--stack", "s"]));
    assert_eq!(r.code(), Some(2), "{r}");
    let r = run(gwc().args(["deploy", "x.gw", "--stack", "s", "--delete"]));
    assert_eq!(r.code(), Some(2), "{r}");
    let r = run(gwc().args(["deploy", "x.gw", "--stack", "s", "--timeout", "5d"]));
    assert_eq!(r.code(), Some(2), "{r}");
}
