//! `gwc deploy` against a real moto server (GWC_MOTO_ENDPOINT, started by scripts/oracles/moto.sh):
//! the CloudFormation protocol (change sets, stack states, events, deletes) and the REST API shape
//! moto builds, read back through its apigateway API; plus a server killed mid-deploy.
//!
//! What moto cannot model, so these tests do not assert it there (LocalStack covers the first
//! two, tests/deploy_localstack.rs):
//! - Stages, usage plans, keys, authorizers, validators, domains: moto's CloudFormation skips
//!   them silently (they still show CREATE_COMPLETE), so `stages` is not compared.
//! - MOCK integrations: moto drops a Method whose MOCK integration has no IntegrationHttpMethod
//!   (KeyError in its server log), so the programs here use HTTP proxy integrations.
//! - Removing a resource in an update: moto leaves it in place, so after an update only the
//!   added route is asserted, not the removed one's absence.
//! - Per-resource stack events and Outputs: moto emits stack-level events only and drops
//!   Outputs that refer to skipped resources, so the API is found by name.

#![cfg(feature = "deploy")]

mod common;
#[path = "deploy/support.rs"]
mod support;

use common::TempDir;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

fn moto() -> Option<String> {
    endpoint("GWC_MOTO_ENDPOINT", "moto server")
}

const V1: &str = r#"rest api moto_users_API_NAME {
  GET /users { integration = http_proxy("https://backend.example.com/users") }
  POST /orders { integration = http_proxy("https://backend.example.com/orders", method: POST) }
  GET /users/{id} { integration = http_proxy("https://backend.example.com/users/{id}") }
  stage v1 { logging = off }
}
"#;

#[test]
fn deploys_reads_back_updates_and_deletes() {
    let Some(ep) = moto() else { return };
    let dir = TempDir::new("deploy-moto");
    let api = format!("moto_users_{}", std::process::id());
    let stack = unique("gwc-moto");
    let v1 = program(&dir, "v1.gw", &V1.replace("moto_users_API_NAME", &api));
    let r = deploy(&ep, &[v1.to_str().unwrap(), "--stack", &stack, "--yes"]);
    assert_eq!(r.code(), Some(0), "{r}");
    let out = r.stdout_str();
    assert!(out.contains("(CREATE)"), "a new stack takes a CREATE change set:\n{r}");
    assert!(out.contains("to add, 0 to modify (0 replacement), 0 to remove"), "{r}");
    assert!(out.contains(&format!("stack {stack}: CREATE_COMPLETE")), "{r}");
    assert!(out.contains("[0/") && out.contains("AWS::CloudFormation::Stack"), "progress lines:\n{r}");
    let got = read_api(&ep, &stack, &api);
    assert_eq!(got["status"], "CREATE_COMPLETE");
    assert_routes(&got, &expected(&v1), true);
    assert_eq!(got["routes"]["POST /orders"]["integration_method"], "POST");

    // The same program again: an empty change set.
    let r = deploy(&ep, &[v1.to_str().unwrap(), "--stack", &stack, "--yes"]);
    assert_eq!(r.code(), Some(0), "{r}");
    assert!(r.stdout_str().contains("no changes"), "{r}");

    // A new route: an UPDATE change set that adds it (moto keeps removed resources).
    let v2 = program(&dir, "v2.gw", &V1.replace("moto_users_API_NAME", &api).replace("POST /orders", "POST /carts"));
    let r = deploy(&ep, &[v2.to_str().unwrap(), "--stack", &stack, "--yes"]);
    assert_eq!(r.code(), Some(0), "{r}");
    let out = r.stdout_str();
    assert!(out.contains("(UPDATE)") && out.contains("+ CartsPostMethod") && out.contains("- OrdersPostMethod"), "{r}");
    assert!(out.contains(&format!("stack {stack}: UPDATE_COMPLETE")), "{r}");
    let got = read_api(&ep, &stack, &api);
    assert_eq!(got["routes"]["POST /carts"]["uri"], "https://backend.example.com/orders");

    // Tear it down, twice: the second time there is nothing to delete.
    let r = deploy(&ep, &["--delete", "--stack", &stack, "--yes"]);
    assert_eq!(r.code(), Some(0), "{r}");
    assert!(r.stdout_str().contains(&format!("stack {stack}: DELETE_COMPLETE")), "{r}");
    let r = deploy(&ep, &["--delete", "--stack", &stack, "--yes"]);
    assert_eq!(r.code(), Some(0), "{r}");
    assert!(r.stdout_str().contains("does not exist: nothing to delete"), "{r}");
}

/// (Executing a second CREATE change set on a stack in REVIEW_IN_PROGRESS never finishes in
/// moto; tests/deploy_localstack.rs checks that path.)
#[test]
fn no_execute_leaves_the_change_set_for_review() {
    let Some(ep) = moto() else { return };
    let dir = TempDir::new("deploy-moto-review");
    let stack = unique("gwc-moto-review");
    let f = program(&dir, "p.gw", &V1.replace("moto_users_API_NAME", "moto_review"));
    let r = deploy(&ep, &[f.to_str().unwrap(), "--stack", &stack, "--no-execute"]);
    assert_eq!(r.code(), Some(0), "{r}");
    let out = r.stdout_str();
    assert!(out.contains("not executed (--no-execute)") && out.contains("execute-change-set"), "{r}");
    assert!(!out.contains("CREATE_COMPLETE") && !out.contains("CREATE_IN_PROGRESS"), "--no-execute must not execute:\n{r}");
    // The stack exists (REVIEW_IN_PROGRESS) and can be torn down.
    let r = deploy(&ep, &["--delete", "--stack", &stack, "--yes"]);
    assert_eq!(r.code(), Some(0), "{r}");
    assert!(r.stdout_str().contains("DELETE_COMPLETE"), "{r}");
}

#[test]
fn without_a_terminal_it_refuses_to_ask_and_changes_nothing() {
    let Some(ep) = moto() else { return };
    let dir = TempDir::new("deploy-moto-ask");
    let stack = unique("gwc-moto-ask");
    let f = program(&dir, "p.gw", &V1.replace("moto_users_API_NAME", "moto_ask"));
    let r = deploy(&ep, &[f.to_str().unwrap(), "--stack", &stack]);
    assert_eq!(r.code(), Some(2), "{r}");
    assert!(r.stderr_str().contains("pass --yes"), "{r}");
    let r = deploy(&ep, &["--delete", "--stack", &stack, "--yes"]);
    assert!(r.stdout_str().contains("does not exist"), "no stack may have been created:\n{r}");
}

/// A moto server of our own (its port from the process id and `slot`), every request delayed
/// by 0.3 s; killed when dropped by the caller.
fn slow_moto(slot: u16) -> (std::process::Child, String) {
    let port = 20_000 + (std::process::id() % 10_000) as u16 * 2 + slot;
    let script = common::manifest_dir().join("tests/deploy/slow_moto.py");
    let server = Command::new(python())
        .arg(&script)
        .args(["0.3", "-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start moto");
    let up = (0..150).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(up, "the test's own moto server did not start on port {port}");
    (server, format!("http://127.0.0.1:{port}"))
}

/// Ctrl-C in the middle of a deploy stops waiting and says how to resume or cancel (exit 130).
#[test]
fn ctrl_c_stops_waiting_and_says_how_to_resume() {
    let Some(_) = moto() else { return };
    let (mut server, ep) = slow_moto(1);
    let dir = TempDir::new("deploy-moto-int");
    let f = program(&dir, "p.gw", &V1.replace("moto_users_API_NAME", "moto_interrupted"));
    let mut cmd = common::gwc();
    cmd.arg("deploy").arg(&f).args(["--stack", "gwc-interrupted", "--yes", "--timeout", "60s"]);
    cmd.args(["--region", "us-east-1", "--endpoint-url", &ep]);
    let mut child = aws_env(&mut cmd).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("gwc");
    let start = Instant::now();
    let mut seen = String::new();
    let mut sent = false;
    for line in BufReader::new(child.stdout.take().expect("stdout")).lines() {
        let line = line.unwrap_or_default();
        seen.push_str(&line);
        seen.push('\n');
        if !sent && line.contains(" to add, ") {
            let ok = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill -INT");
            assert!(ok.success());
            sent = true;
        }
    }
    let mut err = String::new();
    let _ = std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut err);
    let status = child.wait().expect("wait");
    let _ = server.kill();
    let _ = server.wait();
    assert!(sent, "the change set summary never appeared:\n{seen}\n{err}");
    assert!(start.elapsed() < Duration::from_secs(30), "Ctrl-C did not stop it promptly");
    assert_eq!(status.code(), Some(130), "{seen}\n{err}");
    assert!(err.contains("interrupted (Ctrl-C)"), "{err}");
    assert!(err.contains("execute-change-set") || err.contains("describe-stack-events"), "no resume hint:\n{err}");
}

/// A moto server of our own, every request delayed, killed once the change set is shown: the
/// deploy must end with a clear error, well within its --timeout.
#[test]
fn a_server_killed_mid_deploy_ends_in_a_clear_error() {
    let Some(_) = moto() else { return };
    let (mut server, ep) = slow_moto(0);
    let dir = TempDir::new("deploy-moto-kill");
    let f = program(&dir, "p.gw", &V1.replace("moto_users_API_NAME", "moto_killed"));
    let mut cmd = common::gwc();
    cmd.arg("deploy").arg(&f).args(["--stack", "gwc-killed", "--yes", "--timeout", "60s"]);
    cmd.args(["--region", "us-east-1", "--endpoint-url", &ep]);
    let mut child = aws_env(&mut cmd).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("gwc");
    let start = Instant::now();
    let stdout = child.stdout.take().expect("stdout");
    let mut seen = String::new();
    let mut killed = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap_or_default();
        seen.push_str(&line);
        seen.push('\n');
        if !killed && line.contains(" to add, ") {
            server.kill().expect("kill moto");
            let _ = server.wait();
            killed = true;
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    let mut err = String::new();
    let _ = std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut err);
    let status = child.wait().expect("wait");
    let took = start.elapsed();
    assert!(killed, "the change set summary never appeared, so the server was not killed mid-deploy:\n{seen}\n{err}");
    assert!(took < Duration::from_secs(60), "took {took:?}, past --timeout 60s");
    assert_eq!(status.code(), Some(2), "an unreachable endpoint is exit 2:\n{seen}\n{err}");
    assert!(err.contains("cannot reach the CloudFormation endpoint"), "not a clear error:\n{err}");
    assert!(!err.contains("panicked") && !err.contains("DispatchFailure"), "{err}");
}
