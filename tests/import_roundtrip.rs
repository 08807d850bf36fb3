//! `gwc import` is the inverse of `gwc build --target openapi`: for every API of every example
//! that builds to OpenAPI, build → import → build gives the same document.
//!
//! Normalisation, the only one: `info.version` is removed from both documents. It is the
//! deployment hash, which also covers what OpenAPI does not carry (endpoint type, tags, route
//! throttles and caching TTLs, stages), so it differs whenever the example uses those. Key order
//! never matters (JSON objects compare as maps); array order does.
//!
//! REST and HTTP APIs both round-trip (an HTTP API document is recognised by its HTTP API
//! extensions). Examples that do not build to OpenAPI (WebSocket APIs) are listed with the
//! reason on stderr (never skipped silently), and the test fails if the list
//! changes without this file saying so.

mod targets;

use gwc::model::ApiKind;
use gwc::source::{FileId, SourceMap};
use serde_json::Value;
use targets::{compile_all, examples, loud, stem};

/// APIs (example/api) that are not round-tripped, with why. Every other API must round-trip.
const NOT_ROUND_TRIPPED: &[(&str, &str)] = &[];

fn normalise(mut doc: Value) -> Value {
    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        info.remove("version");
    }
    doc
}

/// Imports `json` and builds the one API of the result as OpenAPI again.
fn reimport(json: &str, kind: ApiKind) -> Result<(String, Value), String> {
    let outcome = gwc::import::import(FileId(0), json, &gwc::import::Options::default());
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| format!("{} {}: {}", d.code, d.primary.text, d.message)).collect();
    let Some(text) = outcome.program else { return Err(format!("import failed:\n{}", messages.join("\n"))) };
    if !messages.is_empty() {
        return Err(format!("import reported:\n{}\n--- program\n{text}", messages.join("\n")));
    }
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile_str("imported.gw", &text, &mut sources);
    let errors: Vec<String> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| format!("{}: {}", d.code, d.message)).collect();
    if !errors.is_empty() {
        return Err(format!("imported program does not check:\n{}\n--- program\n{text}", errors.join("\n")));
    }
    let api = checked.program.apis.first().ok_or("no API imported")?;
    if api.kind != kind {
        return Err(format!("imported as a {} API, not a {} API\n--- program\n{text}", api.kind.word(), kind.word()));
    }
    let doc = gwc::emit::openapi::build(&checked.program, api).map_err(|d| format!("rebuild refused: {d:?}\n--- program\n{text}"))?;
    Ok((text, doc))
}

#[test]
fn every_openapi_example_round_trips() {
    let mut failures = Vec::new();
    let mut not_built = Vec::new();
    let mut checked = 0;
    let mut http_checked = 0;
    for path in examples() {
        let program = compile_all(&path);
        for api in &program.apis {
            let id = format!("{}/{}", stem(&path), api.name);
            let doc = match gwc::emit::openapi::build(&program, api) {
                Ok(d) => d,
                Err(diags) => {
                    let why = diags.first().map(|d| format!("{}: {}", d.code, d.message)).unwrap_or_default();
                    not_built.push(format!("{id} ({} API): does not build to OpenAPI ({why})", api.kind.word()));
                    continue;
                }
            };
            if let Some((_, why)) = NOT_ROUND_TRIPPED.iter().find(|(n, _)| *n == id) {
                loud(&format!("import round trip: {id} NOT round-tripped: {why}"));
                continue;
            }
            if api.kind == ApiKind::Websocket {
                failures.push(format!("{id}: a WebSocket API builds to OpenAPI, which has no form for it"));
                continue;
            }
            let json = serde_json::to_string_pretty(&doc).expect("JSON");
            match reimport(&json, api.kind) {
                Ok((text, again)) => {
                    if normalise(again.clone()) != normalise(doc.clone()) {
                        failures.push(format!(
                            "{id}: the document changed.\n--- before\n{}\n--- after\n{}\n--- program\n{text}",
                            serde_json::to_string_pretty(&doc).unwrap_or_default(),
                            serde_json::to_string_pretty(&again).unwrap_or_default()
                        ));
                    }
                    checked += 1;
                    if api.kind == ApiKind::Http {
                        http_checked += 1;
                    }
                }
                Err(e) => failures.push(format!("{id}: {e}")),
            }
        }
    }
    for n in &not_built {
        loud(&format!("import round trip: {n}"));
    }
    assert!(checked >= 15, "only {checked} APIs were round-tripped");
    assert!(http_checked >= 4, "only {http_checked} HTTP APIs were round-tripped");
    assert!(failures.is_empty(), "{} API(s) do not round-trip:\n\n{}", failures.len(), failures.join("\n\n"));
}
