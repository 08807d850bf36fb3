//! The OpenAPI target: every example's document matches its reviewed snapshot
//! (`snapshots/<example>.openapi.snap`), passes openapi-spec-validator, and passes Spectral with
//! the project's ruleset `tests/spectral/ruleset.yaml` (JSON Schemas for every
//! x-amazon-apigateway-* extension gwc emits). Canary documents with seeded errors must be
//! rejected by each oracle, or the oracle is broken.
//!
//! Tools: `$GWC_OPENAPI_SPEC_VALIDATOR` (else `.venv-tools/bin/openapi-spec-validator`) and
//! `$GWC_SPECTRAL` (else `.npm-tools/node_modules/.bin/spectral`), installed by `scripts/test`.

mod targets;

use gwc::emit::{openapi, render, Format};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use targets::{compile_all, examples, find_tool, loud, manifest_dir, snapshot, stem, venv_bin, TempDir};

/// Every REST and HTTP API of every example: (example stem, api name, document). WebSocket APIs
/// have no OpenAPI form (E0502, tested in tests/diagnostics.rs).
fn documents() -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for path in examples() {
        let program = compile_all(&path);
        for api in &program.apis {
            if api.kind == gwc::model::ApiKind::Websocket {
                loud(&format!("{}: WebSocket API {} has no OpenAPI form: left out of the OpenAPI tests", path.display(), api.name));
                continue;
            }
            assert!(openapi::build(&program, api).is_ok(), "{}: `gwc build --target openapi` refuses API {}", path.display(), api.name);
            let doc = openapi::document(&program, api);
            out.push((stem(&path), api.name.clone(), doc));
        }
    }
    out
}

#[test]
fn examples_match_openapi_snapshots() {
    let mut by_example: indexmap::IndexMap<String, Vec<(String, String)>> = indexmap::IndexMap::new();
    for (example, api, doc) in documents() {
        let yaml = render(&doc, Format::Yaml).expect("render YAML");
        let json = render(&doc, Format::Json).expect("render JSON");
        let back: Value = serde_json::from_str(&json).expect("JSON parses");
        assert_eq!(back, doc, "{example}: JSON rendering changes the document");
        by_example.entry(example).or_default().push((api, yaml));
    }
    for (example, apis) in by_example {
        let text = if apis.len() == 1 {
            apis[0].1.clone()
        } else {
            apis.iter().map(|(a, t)| format!("# API {a}\n{t}")).collect::<Vec<_>>().join("---\n")
        };
        snapshot(&format!("{example}.openapi"), format!("examples/{example}.gw"), text);
    }
}

/// Writes every example's document as JSON into `dir`; returns the files.
fn write_documents(dir: &std::path::Path) -> Vec<PathBuf> {
    documents()
        .into_iter()
        .map(|(example, api, doc)| {
            let p = dir.join(format!("{example}-{api}.openapi.json"));
            std::fs::write(&p, render(&doc, Format::Json).expect("render")).expect("write");
            p
        })
        .collect()
}

/// The one known deviation from OpenAPI that API Gateway requires: a greedy path `/{proxy+}`
/// declares its parameter as `proxy` (that is how API Gateway exports and imports it, and what
/// becomes `method.request.path.proxy`), while OpenAPI validators expect the name `proxy+`.
fn is_greedy_parameter_finding(message: &str) -> bool {
    let greedy = message.contains("+}");
    greedy && (message.contains("Path parameter") || message.contains("must be used in path") || message.contains("must define parameter"))
}

/// The other: an HTTP API's `$default` route is the path `$default` (how API Gateway exports and
/// imports it; the `x-amazon-apigateway-any-method` there says `isDefaultRoute`), while OpenAPI
/// path keys start with `/`.
fn is_default_route_finding(message: &str) -> bool {
    message.contains("'$default' does not match any of the regexes") || message.contains("Property \\\"$default\\\" is not expected")
}

/// Spectral findings that are API Gateway's documented form rather than gwc's mistakes: greedy
/// path parameters and the `$default` path (above), and OAuth scopes of a Cognito or JWT
/// authorizer that the document does not list (OpenAPI wants them among an oauth2 scheme's
/// flows; API Gateway reads them from the security requirement and the token).
fn is_known_deviation(f: &Value) -> bool {
    let message = f["message"].to_string();
    (f["code"] == "path-params" && is_greedy_parameter_finding(&message))
        || (f["code"] == "oas3-schema" && f["path"] == serde_json::json!(["paths", "$default"]) && is_default_route_finding(&message))
        || (f["code"] == "oas3-operation-security-defined" && message.contains("must be listed among scopes"))
}

/// Structurally broken OpenAPI: an operation without `responses`.
const CANARY_STRUCTURE: &str = r#"{"openapi": "3.0.1", "info": {"title": "canary", "version": "1"},
 "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}}}}"#;

/// Valid OpenAPI with broken extensions, each of which the ruleset must report.
const CANARY_EXTENSIONS: &str = r#"{"openapi": "3.0.1", "info": {"title": "canary", "version": "1"},
 "servers": [{"url": "/", "x-amazon-apigateway-endpoint-configuration": {"vpcEndpointIds": "vpce-0123"}}],
 "x-amazon-apigateway-endpoint-configuration": {"disableExecuteApiEndpoint": true},
 "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}},
   "x-amazon-apigateway-integration": {"type": "lambda_proxy", "timeoutInMillis": "soon"}}}},
 "components": {"securitySchemes": {"tok": {"type": "apiKey", "name": "Authorization", "in": "header",
   "x-amazon-apigateway-authtype": "custom", "x-amazon-apigateway-authorizer": {"type": "tokn"}}}},
 "x-amazon-apigateway-api-key-source": "QUERY",
 "x-amazon-apigateway-cors": {"allowOrigins": ["https://a.example.com"]},
 "x-amazon-apigateway-minimum-compression-size": -1,
 "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": "yes"}},
 "x-amazon-apigateway-gateway-responses": {"DEFAULT_4XX": {"statusCode": 400}},
 "x-amazon-apigateway-documentation": {"documentationParts": [{"location": {"type": "ROUTE"}, "properties": {}}]}}"#;

/// An HTTP API document with broken HTTP extensions, each of which the ruleset must report.
const CANARY_HTTP_EXTENSIONS: &str = r#"{"openapi": "3.0.1", "info": {"title": "canary", "version": "1"},
 "servers": [{"url": "/", "x-amazon-apigateway-endpoint-configuration": {"disableExecuteApiEndpoint": "yes"}}],
 "tags": [{"name": "team", "x-amazon-apigateway-tag-value": 7}],
 "paths": {"$default": {"get": {"responses": {"default": {"description": "x"}},
     "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "ANY", "uri": "https://a", "payloadFormatVersion": "1.0"}}},
  "/a": {"post": {"responses": {"default": {"description": "x"}},
   "x-amazon-apigateway-integration": {"type": "aws_proxy", "integrationSubtype": "SQS-SendMesage", "payloadFormatVersion": "1.0",
     "requestParameters": {"QueueUrl": "q"}}}}},
 "components": {"securitySchemes": {"jwt": {"type": "apiKey", "name": "Authorization", "in": "header",
   "x-amazon-apigateway-authorizer": {"type": "jwt", "identitySource": "$request.header.Authorization", "jwtConfiguration": {"audience": ["a"]}}}}},
 "x-amazon-apigateway-cors": {"allowOrigins": ["*"], "allowCredentials": true},
 "x-amazon-apigateway-importexport-version": "2.0"}"#;

#[test]
fn examples_pass_openapi_spec_validator() {
    let Some(tool) = find_tool("GWC_OPENAPI_SPEC_VALIDATOR", &[venv_bin("openapi-spec-validator")], "openapi-spec-validator") else {
        return;
    };
    let tmp = TempDir::new("oas");
    let files = write_documents(tmp.path());
    let canary = tmp.path().join("canary.json");
    std::fs::write(&canary, CANARY_STRUCTURE).expect("write");
    // The validator stops at the first file with errors, so each file gets its own run.
    let mut problems = Vec::new();
    for f in &files {
        let out = Command::new(&tool).arg("--validation-errors").arg("all").arg(f).output().expect("run openapi-spec-validator");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let name = f.to_string_lossy();
        if out.status.success() && text.contains(&format!("{name}: OK")) {
            continue;
        }
        // Everything reported for this file must be the one known deviation.
        let errors: Vec<&str> = text.lines().filter(|l| l.starts_with(&format!("{name}: Validation Error: ["))).collect();
        if errors.is_empty() || errors.iter().any(|l| !is_greedy_parameter_finding(l) && !is_default_route_finding(l)) {
            problems.push(text);
        }
    }
    assert!(problems.is_empty(), "openapi-spec-validator rejected gwc's documents:\n{}", problems.join("\n"));
    let out = Command::new(&tool).arg(&canary).output().expect("run openapi-spec-validator");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success() && text.contains("responses"), "the canary must be rejected; the oracle is broken:\n{text}");
}

#[test]
fn examples_pass_spectral_with_the_extension_schemas() {
    let fallback = manifest_dir().join(".npm-tools").join("node_modules").join(".bin").join("spectral");
    let Some(tool) = find_tool("GWC_SPECTRAL", &[fallback], "spectral") else { return };
    let ruleset = manifest_dir().join("tests").join("spectral").join("ruleset.yaml");
    let tmp = TempDir::new("spectral");
    let files = write_documents(tmp.path());
    let lint = |files: &[PathBuf]| {
        let out = Command::new(&tool)
            .arg("lint")
            .arg("-r")
            .arg(&ruleset)
            .args(["--format", "json", "--quiet"])
            .args(files)
            .output()
            .expect("run spectral");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let findings: Vec<Value> = serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("spectral output is not JSON ({e}):\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
        findings
    };
    let findings: Vec<Value> = lint(&files).into_iter().filter(|f| !is_known_deviation(f)).collect();
    let shown: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {}: {} at {}",
                f["source"].as_str().unwrap_or("").rsplit('/').next().unwrap_or(""),
                f["severity"],
                f["code"],
                f["message"],
                f["path"]
            )
        })
        .collect();
    assert!(findings.is_empty(), "spectral reported {} finding(s) on gwc's documents:\n{}", findings.len(), shown.join("\n"));

    let canary = tmp.path().join("canary-http.json");
    std::fs::write(&canary, CANARY_HTTP_EXTENSIONS).expect("write");
    let findings = lint(&[canary]);
    let codes: Vec<&str> = findings.iter().filter(|f| f["severity"] == 0).filter_map(|f| f["code"].as_str()).collect();
    for rule in [
        "aws-integration",
        "aws-authorizer",
        "aws-security-scheme",
        "aws-cors",
        "aws-importexport-version",
        "aws-server-endpoint-configuration",
        "aws-tag-value",
        "aws-default-route",
    ] {
        assert!(codes.contains(&rule), "the ruleset must report {rule} on the HTTP canary; got {codes:?}");
    }

    let canary = tmp.path().join("canary.json");
    std::fs::write(&canary, CANARY_EXTENSIONS).expect("write");
    let findings = lint(&[canary]);
    let codes: Vec<&str> = findings.iter().filter(|f| f["severity"] == 0).filter_map(|f| f["code"].as_str()).collect();
    for rule in [
        "aws-cors-http-only",
        "aws-integration",
        "aws-authorizer",
        "aws-api-key-source",
        "aws-minimum-compression-size",
        "aws-request-validators",
        "aws-gateway-responses",
        "aws-documentation",
        "aws-endpoint-configuration",
        "aws-server-endpoint-configuration",
    ] {
        assert!(codes.contains(&rule), "the ruleset must report {rule} on the canary; got {codes:?}");
    }
}
