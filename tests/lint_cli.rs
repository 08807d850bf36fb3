//! `gwc lint`, `gwc rules`, `gwc explain` and the lint stage of `gwc check`, driven through the
//! built binary: exit statuses, gwc.toml discovery and overrides, production stages,
//! suppressions, every output format (SARIF validated against the SARIF 2.1.0 JSON Schema with
//! Python `jsonschema`, installed by scripts/oracles/sarif.sh), and docs/rules.md kept current.

mod common;

use common::{gwc, manifest_dir, run, Run, TempDir};
use serde_json::Value;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const CLEAN: &str = "tests/fixtures/lint/clean.gw";
const FINDINGS: &str = "tests/fixtures/lint/findings.gw";

fn gwc_in(dir: &Path) -> Command {
    let mut c = gwc();
    c.current_dir(dir);
    c
}

fn at_root() -> Command {
    gwc_in(&manifest_dir())
}

fn json_of(r: &Run) -> Value {
    serde_json::from_str(&r.stdout_str()).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{r}"))
}

/// (code, severity) of every reported diagnostic in `gwc lint --format json` output.
fn codes(doc: &Value) -> Vec<(String, String)> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| (d["code"].as_str().unwrap_or("").to_string(), d["severity"].as_str().unwrap_or("").to_string()))
        .collect()
}

fn loud(msg: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{msg}");
}

fn oracles_required() -> bool {
    matches!(std::env::var("GWC_REQUIRE_ORACLES").as_deref().map(str::trim), Ok("1") | Ok("true") | Ok("yes"))
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn rules_reference_is_current() {
    let r = run(at_root().args(["explain", "--all", "--format", "markdown"]));
    assert_eq!(r.code(), Some(0), "{r}");
    let on_disk = std::fs::read_to_string(manifest_dir().join("docs/rules.md")).unwrap_or_default();
    assert!(
        on_disk == r.stdout_str(),
        "docs/rules.md is stale: regenerate it with `cargo run -- explain --all --format markdown > docs/rules.md`"
    );
    for rule in gwc::lint::all_rules() {
        assert!(on_disk.contains(&format!("### {} {}", rule.code, rule.name)), "docs/rules.md lacks {}", rule.code);
    }
}

#[test]
fn rules_and_explain() {
    let r = run(at_root().arg("rules"));
    assert_eq!(r.code(), Some(0), "{r}");
    let text = r.stdout_str();
    for rule in gwc::lint::all_rules() {
        assert_eq!(text.lines().filter(|l| l.starts_with(&format!("{} ", rule.code))).count(), 1, "{} once in `gwc rules`", rule.code);
    }
    let r = run(at_root().args(["rules", "--format", "json"]));
    assert_eq!(json_of(&r).as_array().map(Vec::len), Some(gwc::lint::all_rules().len()));

    let r = run(at_root().args(["explain", "route-without-auth"]));
    assert_eq!(r.code(), Some(0), "{r}");
    for h in ["SEC001 route-without-auth", "## What it does", "## Why it matters", "## Example", "## Use instead"] {
        assert!(r.stdout_str().contains(h), "explain lacks {h}:\n{r}");
    }
    let r = run(at_root().args(["explain", "SEC001", "--format", "json"]));
    assert_eq!(json_of(&r)["name"], "route-without-auth");
    let r = run(at_root().args(["explain", "route-without-auht"]));
    assert_eq!(r.code(), Some(2), "{r}");
    assert!(r.stderr_str().contains("did you mean `route-without-auth`"), "{r}");
}

#[test]
fn exit_status_follows_deny() {
    // Clean: nothing at all, even with --deny info.
    let r = run(at_root().args(["lint", "--deny", "info", "--format", "json", CLEAN]));
    assert_eq!(r.code(), Some(0), "{r}");
    assert!(codes(&json_of(&r)).is_empty(), "{r}");
    // Warnings only: 0 by default, 1 with --deny warnings.
    let r = run(at_root().args(["lint", CLEAN, "--select", "SEC001,OBS", "--ignore", "OBS004"]));
    assert_eq!(r.code(), Some(0), "{r}");
    let dir = TempDir::new("lint-deny");
    write(dir.path(), "gwc.toml", "[lint]\n");
    let warn = write(dir.path(), "warn.gw", "rest api a {\n  logging_role = existing\n  GET /x { integration = mock() }\n  stage prod { logging = error  throttle { rate = 1/s  burst = 2 } }\n}\n");
    let r = run(gwc_in(dir.path()).args(["lint", "--select", "SEC001", "warn.gw"]));
    assert_eq!(r.code(), Some(0), "a warning alone passes by default:\n{r}");
    assert!(r.stderr_str().contains("SEC001"), "{r}");
    let r = run(gwc_in(dir.path()).args(["lint", "--select", "SEC001", "--deny", "warnings", "warn.gw"]));
    assert_eq!(r.code(), Some(1), "{r}");
    // An error finding fails.
    let r = run(at_root().args(["lint", "--select", "preflight-route-with-auth", FINDINGS]));
    assert_eq!(r.code(), Some(1), "{r}");
    let _ = warn;
}

#[test]
fn linting_nothing_is_an_error() {
    let dir = TempDir::new("lint-nothing");
    write(dir.path(), "gwc.toml", "[lint]\nselect = []\n");
    write(dir.path(), "a.gw", "rest api a {\n  GET /x { integration = mock() }\n  stage prod {}\n}\n");
    let r = run(gwc_in(dir.path()).args(["lint", "a.gw"]));
    assert_eq!(r.code(), Some(2), "no rule enabled must not pass silently:\n{r}");
    assert!(r.stderr_str().contains("nothing was linted"), "{r}");
    // `gwc check` is about compiling: no rules is fine there.
    let r = run(gwc_in(dir.path()).args(["check", "a.gw"]));
    assert_eq!(r.code(), Some(0), "{r}");
    // A file without an API has nothing to lint either.
    write(dir.path(), "lib.gw", "let x = 1\n");
    let r = run(gwc_in(dir.path()).args(["lint", "--config", "gwc.toml", "--select", "ALL", "lib.gw"]));
    assert_eq!(r.code(), Some(1), "{r}");
    assert!(r.stderr_str().contains("E0418"), "{r}");
    // Unknown rules on the command line and missing files are usage errors.
    let r = run(gwc_in(dir.path()).args(["lint", "--select", "SEC999", "a.gw"]));
    assert_eq!(r.code(), Some(2), "{r}");
    let r = run(gwc_in(dir.path()).args(["lint", "missing.gw"]));
    assert_eq!(r.code(), Some(2), "{r}");
}

const AUTHLESS: &str = "rest api a {\n  GET /x { integration = mock() }\n  stage prod {}\n  stage dev {}\n}\n";

#[test]
fn config_discovery_overrides_and_production() {
    let dir = TempDir::new("lint-config");
    write(
        dir.path(),
        "gwc.toml",
        "[lint]\nselect = [\"SEC001\", \"OBS005\", \"stage-without-throttle\"]\nproduction_stages = [\"prod\"]\n\n[lint.severity]\nOBS005 = \"off\"\nstage-without-throttle = \"error\"\n\n[[lint.overrides]]\nfiles = [\"legacy/**/*.gw\"]\nignore = [\"route-without-auth\"]\n",
    );
    write(dir.path(), "api/nested/a.gw", AUTHLESS);
    write(dir.path(), "legacy/old/b.gw", AUTHLESS);
    // Found by walking up from api/nested/; `prod` makes the authless route an error.
    let r = run(gwc_in(dir.path()).args(["lint", "--format", "json", "api/nested/a.gw"]));
    assert_eq!(r.code(), Some(1), "{r}");
    let got = codes(&json_of(&r));
    assert!(got.contains(&("SEC001".into(), "error".into())), "production escalates SEC001: {got:?}");
    assert!(!got.iter().any(|(c, _)| c == "OBS005"), "severity off disables: {got:?}");
    assert_eq!(got.iter().filter(|(c, s)| c == "OPS001" && s == "error").count(), 2, "severity override: {got:?}");
    // The override for legacy/** drops SEC001 there.
    let r = run(gwc_in(dir.path()).args(["lint", "--format", "json", "legacy/old/b.gw"]));
    let got = codes(&json_of(&r));
    assert!(!got.iter().any(|(c, _)| c == "SEC001"), "{got:?}");
    assert!(got.iter().any(|(c, _)| c == "OPS001"), "{got:?}");
    // A nearer gwc.toml wins.
    write(dir.path(), "api/gwc.toml", "[lint]\nselect = [\"SEC001\"]\n");
    let r = run(gwc_in(dir.path()).args(["lint", "--format", "json", "api/nested/a.gw"]));
    assert_eq!(codes(&json_of(&r)), vec![("SEC001".to_string(), "warning".to_string())], "{r}");
    // An invalid gwc.toml is reported against its own text, and nothing is linted.
    write(dir.path(), "api/gwc.toml", "[lint]\nselect = [\"route-without-auht\"]\n");
    let r = run(gwc_in(dir.path()).args(["lint", "api/nested/a.gw"]));
    assert_eq!(r.code(), Some(1), "{r}");
    assert!(r.stderr_str().contains("E0601") && r.stderr_str().contains("api/gwc.toml"), "{r}");
    assert!(r.stderr_str().contains("did you mean `route-without-auth`"), "{r}");
}

#[test]
fn suppressions_silence_and_are_reported() {
    let r = run(at_root().args(["lint", "--format", "json", "--select", "SEC001", FINDINGS]));
    let doc = json_of(&r);
    let got = codes(&doc);
    assert_eq!(got, vec![("SEC001".to_string(), "warning".to_string())], "GET /orders only:\n{r}");
    let sup = doc["suppressed"].as_array().expect("suppressed");
    assert_eq!(sup.len(), 1, "{r}");
    assert_eq!(sup[0]["reason"], "the health check is public");
    assert_eq!(sup[0]["primary"]["line"], 7);
    // Expired: the finding comes back, with a warning on the comment.
    let dir = TempDir::new("lint-expired");
    write(dir.path(), "gwc.toml", "[lint]\nselect = [\"SEC001\"]\n");
    write(
        dir.path(),
        "a.gw",
        "rest api a {\n  // gwc: allow SEC001 -- demo until 2021-06-30\n  GET /x { integration = mock() }\n  stage prod {}\n}\n",
    );
    let r = run(gwc_in(dir.path()).args(["lint", "--format", "json", "a.gw"]));
    let got = codes(&json_of(&r));
    assert!(got.contains(&("E0613".into(), "warning".into())) && got.contains(&("SEC001".into(), "warning".into())), "{got:?}");
    // A suppression on the API excuses the API's routes.
    write(dir.path(), "b.gw", "// gwc: allow route-without-auth -- a public demo API\nrest api b {\n  GET /x { integration = mock() }\n  GET /y { integration = mock() }\n  stage prod {}\n}\n");
    let r = run(gwc_in(dir.path()).args(["lint", "--format", "json", "b.gw"]));
    let doc = json_of(&r);
    assert!(codes(&doc).is_empty(), "{r}");
    assert_eq!(doc["suppressed"].as_array().map(Vec::len), Some(2), "{r}");
}

#[test]
fn github_and_junit_formats() {
    let r = run(at_root().args(["lint", "--format", "json", FINDINGS]));
    let n = codes(&json_of(&r)).len();
    assert!(n >= 5, "{r}");
    let r = run(at_root().args(["lint", "--format", "github", FINDINGS]));
    assert_eq!(r.code(), Some(1), "SEC003 is an error:\n{r}");
    let lines: Vec<String> = r.stdout_str().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), n, "{r}");
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::error file=tests/fixtures/lint/findings.gw,line=9,col=3,endLine=9,endColumn=18,title=SEC003 preflight-route-with-auth::"
        )),
        "{r}"
    );
    assert!(lines.iter().all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")), "{r}");
    let r = run(at_root().args(["lint", "--format", "junit", CLEAN, FINDINGS]));
    let xml = r.stdout_str();
    assert!(xml.starts_with("<?xml"), "{r}");
    assert_eq!(xml.matches("<failure ").count(), n, "{r}");
    assert!(xml.contains("<testcase classname=\"gwc.lint\" name=\"tests/fixtures/lint/clean.gw\"/>"), "clean file listed:\n{r}");
    if let Some(py) = python() {
        let mut c = Command::new(py);
        c.args(["-c", "import sys, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.read()); print(len(r.findall('.//failure')))"]);
        let out = pipe(&mut c, &xml);
        assert_eq!(out.trim(), n.to_string(), "JUnit XML parses with the expected failures");
    }
}

/// A Python with `jsonschema` (scripts/oracles/sarif.sh), if any.
fn python() -> Option<PathBuf> {
    std::env::var_os("GWC_JSONSCHEMA_PYTHON").filter(|v| !v.is_empty()).map(PathBuf::from).or_else(|| {
        let venv = manifest_dir().join(".venv-tools/bin/python");
        venv.is_file().then_some(venv)
    })
}

fn pipe(cmd: &mut Command, input: &str) -> String {
    use std::process::Stdio;
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{} failed: {}", cmd.get_program().to_string_lossy(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn sarif_validates_against_the_sarif_schema() {
    let dir = TempDir::new("lint-sarif");
    let r = run(at_root().args(["lint", "--format", "sarif", "--select", "ALL", CLEAN, FINDINGS]));
    assert_eq!(r.code(), Some(1), "{r}");
    let doc = json_of(&r);
    assert_eq!(doc["version"], "2.1.0");
    let run0 = &doc["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.len() >= gwc::lint::all_rules().len());
    let results = run0["results"].as_array().expect("results");
    for res in results {
        let i = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], res["ruleId"], "ruleIndex points at the rule");
    }
    assert!(results.iter().any(|r| r["suppressions"][0]["justification"] == "the health check is public"));
    let sarif = dir.join("out.sarif");
    std::fs::write(&sarif, r.stdout_str()).expect("write sarif");

    let schema = std::env::var_os("GWC_SARIF_SCHEMA").filter(|v| !v.is_empty()).map(PathBuf::from).or_else(|| {
        let p = manifest_dir().join(".npm-tools/sarif-schema/package/lib/schemas/sarif-2.1.0-rtm.5.json");
        p.is_file().then_some(p)
    });
    let (Some(schema), Some(py)) = (schema, python()) else {
        assert!(!oracles_required(), "GWC_REQUIRE_ORACLES=1 but the SARIF schema or jsonschema is missing (scripts/oracles/sarif.sh)");
        loud("SARIF schema or Python jsonschema not installed: SARIF validation SKIPPED (run scripts/test)");
        return;
    };
    let script = "import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\ndoc = json.load(open(sys.argv[2]))\nerrors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)\nfor e in errors: print(list(e.absolute_path), e.message)\nsys.exit(1 if errors else 0)\n";
    // The validator must reject a broken log, or it proves nothing.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    let bad = dir.join("bad.sarif");
    std::fs::write(&bad, broken.to_string()).expect("write");
    let out = run(Command::new(&py).args(["-c", script]).arg(&schema).arg(&bad));
    assert_eq!(out.code(), Some(1), "the schema check accepted an invalid level:\n{out}");
    let out = run(Command::new(&py).args(["-c", script]).arg(&schema).arg(&sarif));
    assert_eq!(out.code(), Some(0), "gwc's SARIF does not validate:\n{out}");
}

#[test]
fn check_runs_the_linter() {
    let r = run(at_root().args(["check", FINDINGS]));
    assert_eq!(r.code(), Some(1), "SEC003 is an error:\n{r}");
    assert!(r.stderr_str().contains("SEC003") && r.stderr_str().contains("SEC001"), "{r}");
    let r = run(at_root().args(["check", CLEAN]));
    assert_eq!(r.code(), Some(0), "{r}");
    assert!(r.stderr_str().is_empty(), "{r}");
}
