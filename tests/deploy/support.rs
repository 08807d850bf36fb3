//! Helpers of the `gwc deploy` tests: finding the servers, running deploys, reading APIs back.
#![allow(dead_code)]

use super::common::{gwc, manifest_dir, run, Run, TempDir};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

fn oracles_required() -> bool {
    matches!(std::env::var("GWC_REQUIRE_ORACLES").as_deref().map(str::trim), Ok("1") | Ok("true") | Ok("yes"))
}

/// The server's URL from `var`; None (after a loud SKIPPED line) when it is not set, a failure
/// when `GWC_REQUIRE_ORACLES=1`.
pub fn endpoint(var: &str, what: &str) -> Option<String> {
    match std::env::var(var).ok().filter(|v| !v.trim().is_empty()) {
        Some(v) => Some(v.trim().trim_end_matches('/').to_string()),
        None if oracles_required() => {
            panic!("GWC_REQUIRE_ORACLES=1 but {var} is not set: {what} did not start (scripts/oracles/*.sh start it)")
        }
        None => {
            eprintln!("SKIPPED (run scripts/test): {var} is not set, so no {what} to deploy to");
            None
        }
    }
}

/// The Python that has boto3 (and moto): `GWC_AWS_PYTHON`, else the shared venv's.
pub fn python() -> PathBuf {
    std::env::var_os("GWC_AWS_PYTHON").map(PathBuf::from).unwrap_or_else(|| manifest_dir().join(".venv-tools/bin/python"))
}

/// A stack name no other test (or earlier run against the same server) uses.
pub fn unique(tag: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() % 10_000_000).unwrap_or(0);
    format!("{tag}-{}-{now}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst))
}

/// AWS settings that make the SDK use test credentials only (no files from the home directory).
pub fn aws_env(cmd: &mut Command) -> &mut Command {
    cmd.env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/gwc-test/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/gwc-test/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_ENDPOINT_URL")
}

/// `gwc deploy ARGS --region us-east-1 --endpoint-url ENDPOINT`.
pub fn deploy(endpoint: &str, args: &[&str]) -> Run {
    let mut cmd = gwc();
    cmd.arg("deploy").args(args).args(["--region", "us-east-1", "--endpoint-url", endpoint]);
    run(aws_env(&mut cmd))
}

/// Writes a program into `dir` and returns its path.
pub fn program(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write program");
    p
}

/// The deployed API as the server describes it (tests/deploy/read_api.py).
pub fn read_api(endpoint: &str, stack: &str, api: &str) -> serde_json::Value {
    let script = manifest_dir().join("tests/deploy/read_api.py");
    let mut cmd = Command::new(python());
    cmd.arg(&script).args([endpoint, stack, api]);
    let r = run(aws_env(&mut cmd));
    assert_eq!(r.code(), Some(0), "reading the API back failed:\n{r}");
    serde_json::from_slice(&r.stdout).unwrap_or_else(|e| panic!("read_api.py printed no JSON ({e}):\n{r}"))
}

/// What the program says, from the template `gwc build` writes: "VERB /path" → integration
/// type and URI (a literal one, else None), and the stage names.
pub struct Expected {
    pub routes: BTreeMap<String, (String, Option<String>)>,
    pub stages: BTreeSet<String>,
}

pub fn expected(file: &Path) -> Expected {
    let out = TempDir::new("deploy-expected");
    let r = run(gwc().arg("build").arg(file).args(["--format", "json", "--out"]).arg(out.path()));
    assert_eq!(r.code(), Some(0), "gwc build failed:\n{r}");
    let path = std::fs::read_dir(out.path()).expect("out dir").next().expect("one template").expect("entry").path();
    let t: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).expect("template")).expect("JSON");
    let res = t["Resources"].as_object().expect("Resources");
    fn path_of(res: &serde_json::Map<String, serde_json::Value>, id: &serde_json::Value) -> String {
        match id.get("Ref").and_then(|r| r.as_str()) {
            Some(r) => {
                let p = &res[r]["Properties"];
                format!("{}/{}", path_of(res, &p["ParentId"]), p["PathPart"].as_str().unwrap_or(""))
            }
            None => String::new(), // Fn::GetAtt RestApi.RootResourceId
        }
    }
    let mut routes = BTreeMap::new();
    let mut stages = BTreeSet::new();
    for r in res.values() {
        let p = &r["Properties"];
        match r["Type"].as_str() {
            Some("AWS::ApiGateway::Method") => {
                let path = path_of(res, &p["ResourceId"]);
                let path = if path.is_empty() { "/".to_string() } else { path };
                let uri = p["Integration"]["Uri"].as_str().map(str::to_string);
                let kind = p["Integration"]["Type"].as_str().unwrap_or("").to_string();
                routes.insert(format!("{} {path}", p["HttpMethod"].as_str().unwrap_or("")), (kind, uri));
            }
            Some("AWS::ApiGateway::Stage") => {
                stages.insert(p["StageName"].as_str().unwrap_or("").to_string());
            }
            _ => {}
        }
    }
    Expected { routes, stages }
}

/// Asserts that the server holds the program's routes, methods and integrations (`check_types`:
/// integration types too, which moto drops for MOCK), and returns the route keys it holds.
pub fn assert_routes(api: &serde_json::Value, want: &Expected, check_types: bool) {
    let got = api["routes"].as_object().unwrap_or_else(|| panic!("no routes in {api}"));
    let got_keys: BTreeSet<&str> = got.keys().map(String::as_str).collect();
    let want_keys: BTreeSet<&str> = want.routes.keys().map(String::as_str).collect();
    assert_eq!(got_keys, want_keys, "routes on the server differ from the program's");
    for (k, (kind, uri)) in &want.routes {
        if check_types {
            assert_eq!(got[k]["integration"].as_str(), Some(kind.as_str()), "integration type of {k}");
        }
        if let Some(u) = uri {
            assert_eq!(got[k]["uri"].as_str(), Some(u.as_str()), "integration URI of {k}");
        }
    }
}

/// The stack ended in a clear error, not a panic or a Debug dump.
pub fn assert_clean_error(r: &Run) {
    let err = r.stderr_str();
    assert!(err.contains("error: "), "no error line:\n{r}");
    for bad in ["panicked", "DispatchFailure", "ServiceError {", "Some(", "source: "] {
        assert!(!err.contains(bad), "`{bad}` in the error output (a Debug dump or a panic):\n{r}");
    }
}
