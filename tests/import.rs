//! `gwc import` on third-party-style documents (`tests/import/`): each imports without
//! diagnostics other than the ones listed, the program matches its reviewed snapshot
//! (`snapshots/import/<doc>.snap`), passes `gwc check`, builds to CloudFormation, and the
//! template passes cfn-lint (`$GWC_CFN_LINT`, installed by `scripts/test`). Then: each import
//! diagnostic code fires on its fixture (`tests/fixtures/import/<code>_*.{json,yaml}`), partial
//! imports (exit 1, or 0 with `--allow-partial` and warnings), and I/O errors (exit 2).
//!
//! Exit status of `gwc import`: 0 written; 1 the document cannot be imported (coded diagnostics:
//! not JSON/YAML E0800, not OpenAPI E0801, something gwc cannot express E0802, ...), nothing
//! written; 2 the file cannot be read (I/O, not UTF-8) or usage.

mod targets;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use targets::{find_tool, manifest_dir, venv_bin, TempDir};

fn gwc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwc")).current_dir(manifest_dir()).env("NO_COLOR", "1").args(args).output().expect("runs gwc")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        std::fs::read_dir(manifest_dir().join(dir)).expect("read dir").map(|e| e.expect("entry").path()).filter(|p| p.is_file()).collect();
    out.sort();
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(manifest_dir()).unwrap_or(p).to_string_lossy().into_owned()
}

/// Asserts the imported program matches `snapshots/import/<name>.snap`.
fn snapshot(name: &str, input: String, program: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots/import",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => input,
    }, {
        insta::assert_snapshot!(name.to_string(), program);
    });
}

/// Codes each third-party document is expected to report (warnings only; all import).
const EXPECTED: &[(&str, &[&str])] = &[("sam_definition_body.yaml", &["E0804"])];

#[test]
fn third_party_documents_import_check_build_and_lint() {
    let docs = files("tests/import");
    assert!(docs.len() >= 5, "expected at least 5 documents in tests/import");
    let tmp = TempDir::new("import");
    let mut templates = Vec::new();
    for doc in &docs {
        let name = doc.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = doc.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let out = gwc(&["import", &rel(doc), "--diagnostics", "json"]);
        assert_eq!(out.status.code(), Some(0), "{name}: gwc import failed:\n{}", text(&out.stderr));
        let diags: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON diagnostics on stderr");
        let codes: Vec<&str> = diags["diagnostics"].as_array().expect("array").iter().filter_map(|d| d["code"].as_str()).collect();
        let expected = EXPECTED.iter().find(|(n, _)| *n == name).map_or(&[][..], |(_, c)| *c);
        assert_eq!(codes, expected, "{name}: diagnostics");
        let program = text(&out.stdout);
        snapshot(&stem, rel(doc), &program);
        let gw = tmp.path().join(format!("{stem}.gw"));
        std::fs::write(&gw, &program).expect("write");
        let check = gwc(&["check", &gw.to_string_lossy()]);
        assert_eq!(check.status.code(), Some(0), "{name}: gwc check:\n{}", text(&check.stderr));
        let fmt = gwc(&["fmt", "--check", &gw.to_string_lossy()]);
        assert_eq!(fmt.status.code(), Some(0), "{name}: the imported program is not in canonical layout");
        let outdir = tmp.path().join(&stem);
        let build = gwc(&["build", "--out", &outdir.to_string_lossy(), &gw.to_string_lossy()]);
        assert_eq!(build.status.code(), Some(0), "{name}: gwc build:\n{}", text(&build.stderr));
        templates.extend(std::fs::read_dir(&outdir).expect("out").map(|e| e.expect("entry").path()));
    }
    let Some(tool) = find_tool("GWC_CFN_LINT", &[venv_bin("cfn-lint")], "cfn-lint") else { return };
    let out = Command::new(&tool).args(&templates).output().expect("runs cfn-lint");
    let report = text(&out.stdout);
    let errors: Vec<&str> = report.lines().filter(|l| l.starts_with('E')).collect();
    assert!(errors.is_empty() && !templates.is_empty(), "cfn-lint rejects imported programs' templates:\n{report}");
}

/// Each import code fires on its fixture, at a span inside the file; exit 1, nothing on stdout.
#[test]
fn every_import_code_fires_on_its_fixture() {
    for f in files("tests/fixtures/import") {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let code = &name[..5];
        let out = gwc(&["import", &rel(&f), "--diagnostics", "json"]);
        let diags: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| panic!("{name}: {e}: {}", text(&out.stderr)));
        let list = diags["diagnostics"].as_array().expect("array");
        assert!(list.iter().any(|d| d["code"] == code), "{name}: {code} not reported: {diags}");
        let len = std::fs::read(&f).expect("read").len() as u64;
        for d in list {
            assert!(d["primary"]["end"].as_u64().expect("end") <= len, "{name}: span outside the file");
        }
        let warning_only = list.iter().all(|d| d["severity"] == "warning");
        assert_eq!(out.status.code(), Some(if warning_only { 0 } else { 1 }), "{name}: exit status");
        if !warning_only {
            assert!(out.stdout.is_empty(), "{name}: a failed import writes nothing");
        }
    }
}

#[test]
fn partial_import_fails_unless_allowed() {
    let f = "tests/fixtures/import/E0802_cannot_express.yaml";
    // A failed import leaves an existing output file as it was.
    let keep = TempDir::new("import-keep");
    let previous = keep.path().join("cached.gw");
    std::fs::write(&previous, "// previous\n").expect("write");
    let out = gwc(&["import", f, "--out", &previous.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&previous).expect("kept"), "// previous\n");
    let out = gwc(&["import", f]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("/paths/~1pets/get/x-amazon-apigateway-integration/cacheNamespace"), "{err}");
    assert!(out.stdout.is_empty());
    let tmp = TempDir::new("import-partial");
    let dest = tmp.path().join("cached.gw");
    let out = gwc(&["import", f, "--allow-partial", "--out", &dest.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("E0802") && err.contains("cacheNamespace") && err.contains("0 error(s), 1 warning(s)"), "{err}");
    let program = std::fs::read_to_string(&dest).expect("written");
    assert!(program.contains("GET /pets") && program.contains("https://pets.example.com/pets"), "{program}");
}

#[test]
fn unreadable_input_is_a_usage_error() {
    let out = gwc(&["import", "tests/import/no-such-file.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let tmp = TempDir::new("import-bytes");
    let bin = tmp.path().join("binary.json");
    std::fs::write(&bin, [0xff, 0xfe, 0x00, 0x41]).expect("write");
    let out = gwc(&["import", &bin.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

/// Truncations of every document never panic: exit 0 or 1, never the internal-error exit.
#[test]
fn truncated_documents_never_panic() {
    let tmp = TempDir::new("import-trunc");
    for doc in files("tests/import") {
        let bytes = std::fs::read(&doc).expect("read");
        for cut in [1, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            let Ok(s) = std::str::from_utf8(&bytes[..cut]) else { continue };
            let p = tmp.path().join(format!("cut-{cut}.{}", doc.extension().and_then(|e| e.to_str()).unwrap_or("txt")));
            std::fs::write(&p, s).expect("write");
            let out = gwc(&["import", &p.to_string_lossy()]);
            let code = out.status.code();
            assert!(code == Some(0) || code == Some(1), "{}: cut at {cut}: {code:?}\n{}", rel(&doc), text(&out.stderr));
            assert!(!text(&out.stderr).contains("E0806"), "{}: cut at {cut}: internal error\n{}", rel(&doc), text(&out.stderr));
        }
    }
}

/// `--kind` decides the API kind; without it, HTTP API extensions make a document an HTTP API's.
#[test]
fn kind_is_asked_or_detected() {
    let tmp = TempDir::new("import-kind");
    let doc = tmp.path().join("plain.yaml");
    let uri =
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:notes/invocations";
    let body = format!(
        "openapi: 3.0.1\ninfo: {{ title: notes-api, version: '1' }}\npaths:\n  /notes:\n    get:\n      x-amazon-apigateway-integration: {{ type: aws_proxy, httpMethod: POST, uri: '{uri}' }}\n"
    );
    std::fs::write(&doc, &body).expect("write");
    let rest = gwc(&["import", &doc.to_string_lossy()]);
    assert_eq!(rest.status.code(), Some(0), "{}", text(&rest.stderr));
    assert!(text(&rest.stdout).contains("rest api notes_api {"), "{}", text(&rest.stdout));
    let http = gwc(&["import", "--kind", "http", &doc.to_string_lossy()]);
    assert_eq!(http.status.code(), Some(0), "{}", text(&http.stderr));
    let program = text(&http.stdout);
    // API Gateway takes payload format 1.0 when an HTTP API's Lambda integration does not say.
    assert!(program.contains("http api notes_api {") && program.contains("lambda_proxy(notes, payload: \"1.0\")"), "{program}");
    assert!(program.contains("stage $default {}"), "{program}");
    // The `$default` route alone makes it an HTTP API.
    let default = tmp.path().join("default.yaml");
    let default_body = body.replace("  /notes:\n    get:", "  $default:\n    x-amazon-apigateway-any-method:\n      isDefaultRoute: true");
    std::fs::write(&default, default_body).expect("write");
    let out = gwc(&["import", &default.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("route $default {"), "{}", text(&out.stdout));
    // A SAM `AWS::Serverless::HttpApi` holds an HTTP API's definition.
    let sam = tmp.path().join("sam.yaml");
    let indented: String = body.lines().map(|l| format!("        {l}\n")).collect();
    std::fs::write(
        &sam,
        format!("Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionBody:\n{indented}"),
    )
    .expect("write");
    let out = gwc(&["import", &sam.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("http api notes_api {"), "{}", text(&out.stdout));
    // Forced to REST, an HTTP API document's HTTP-only parts are reported, not dropped.
    let out = gwc(&["import", "--kind", "rest", "tests/import/http_orders_jwt_sqs.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0802"), "{}", text(&out.stderr));
}
