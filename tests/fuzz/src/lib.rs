//! The properties the fuzz targets check, shared with `tests/fuzz_regressions.rs`: a panic or a
//! failed assertion here is a bug in gwc.

use gwc::diag::Diagnostic;
use gwc::emit::{self, Format};
use gwc::lint::config::Config;
use gwc::lint::registry::Level;
use gwc::source::{FileId, SourceMap};

/// The largest input the targets look at, so that a run spends its time on variety rather
/// than on ever longer inputs.
pub const MAX_LEN: usize = 64 * 1024;

/// Every diagnostic's labels lie inside their file, on character boundaries, and have a code
/// from the table of codes.
pub fn assert_spans(diags: &[Diagnostic], sources: &SourceMap) {
    for d in diags {
        assert!(!d.code.starts_with('E') || gwc::diag::codes::summary(d.code).is_some(), "diagnostic with an unknown code: {d:?}");
        for l in std::iter::once(&d.primary).chain(&d.secondary) {
            let text = &sources.get(l.span.file).text;
            let (s, e) = (l.span.start as usize, l.span.end as usize);
            assert!(s <= e && e <= text.len(), "{} span {s}..{e} outside a file of {} bytes: {d:?}", d.code, text.len());
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{} span {s}..{e} not on char boundaries: {d:?}", d.code);
        }
    }
}

/// Parses `text` as one file: never panics, and every syntax diagnostic lies inside the text.
/// Returns whether the text parsed without errors.
pub fn parse(text: &str) -> bool {
    let (_, diags) = gwc::syntax::parse(FileId(0), text);
    for d in &diags {
        let (s, e) = (d.primary.span.start as usize, d.primary.span.end as usize);
        assert!(
            s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e),
            "{} span {s}..{e} outside a text of {} bytes: {d:?}",
            d.code,
            text.len()
        );
    }
    !diags.iter().any(Diagnostic::is_error)
}

/// Arbitrary bytes: UTF-8 text is parsed; anything else is what the loader rejects (E0101).
pub fn parse_bytes(data: &[u8]) {
    if data.len() > MAX_LEN {
        return;
    }
    if let Ok(text) = std::str::from_utf8(data) {
        parse(text);
    }
}

/// Checks `text` as a root program (imports resolve to nothing but the stdlib), runs every
/// lint rule on the Model, and asserts every span. Returns the checked program and its sources
/// when there are no errors.
pub fn check(text: &str) -> Option<(gwc::check::Checked, SourceMap)> {
    if text.len() > MAX_LEN || !parse(text) {
        return None;
    }
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile_str("fuzz.gw", text, &mut sources);
    assert_spans(&checked.diagnostics, &sources);
    if checked.has_errors() {
        return None;
    }
    // Every lint rule, enabled, on every Model that checks cleanly (as `gwc check` and `gwc lint` do).
    let mut settings = Config::default().resolve(None);
    for l in settings.levels.iter_mut() {
        *l = Level::parse("warning").expect("a level");
    }
    let findings = gwc::lint::findings(&checked.program, &settings);
    let lint: Vec<Diagnostic> = findings.iter().map(|f| gwc::lint::to_diagnostic(f, gwc::diag::Severity::Warning)).collect();
    assert_spans(&lint, &sources);
    Some((checked, sources))
}

/// Renders `doc` as `format`, parses the text back and asserts it is the same document.
fn round_trip(doc: &serde_json::Value, format: Format, what: &str) {
    let text = emit::render(doc, format).unwrap_or_else(|e| panic!("{what}: cannot render {format:?}: {e}"));
    let back: serde_json::Value = match format {
        Format::Json => serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: emitted JSON does not parse: {e}\n{text}")),
        Format::Yaml => serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{what}: emitted YAML does not parse: {e}\n{text}")),
    };
    assert!(same(doc, &back), "{what}: {format:?} does not read back as the document it was rendered from\n{text}");
}

/// Equal documents, where numbers compare by value (YAML has no 1 vs 1.0 distinction).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Object(x), Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

/// Checks `text`; when it checks cleanly, builds every API for every target and format and
/// reads each emitted document back. Returns whether it built anything.
pub fn build(text: &str) -> bool {
    let Some((checked, sources)) = check(text) else { return false };
    let program = &checked.program;
    for api in &program.apis {
        let cfn = emit::cloudformation::template(program, api);
        round_trip(&cfn, Format::Yaml, &format!("CloudFormation of {}", api.name));
        round_trip(&cfn, Format::Json, &format!("CloudFormation of {}", api.name));
        match emit::terraform::build(program, api) {
            Ok(tf) => round_trip(&tf, Format::Json, &format!("Terraform of {}", api.name)),
            Err(problems) => refused(&problems, &sources, "Terraform"),
        }
        match emit::openapi::build(program, api) {
            Ok(doc) => {
                round_trip(&doc, Format::Yaml, &format!("OpenAPI of {}", api.name));
                round_trip(&doc, Format::Json, &format!("OpenAPI of {}", api.name));
            }
            Err(problems) => refused(&problems, &sources, "OpenAPI"),
        }
    }
    !program.apis.is_empty()
}

/// A target that refuses an API says why: at least one error, each with a span in the file.
fn refused(problems: &[Diagnostic], sources: &SourceMap, target: &str) {
    assert!(problems.iter().any(Diagnostic::is_error), "{target} refused an API without an error");
    assert_spans(problems, sources);
}

/// Imports `data` as an OpenAPI/Swagger document or CloudFormation/SAM template (as `gwc
/// import` does: only UTF-8 is read), with the default options and with `--allow-partial` and a
/// kind chosen by the input's length. Never panics; every diagnostic lies inside the input; an
/// import without a program says why with an error; none reports the importer's own bug (E0806);
/// a program it gives is formatted (formatting it again changes nothing), checks cleanly with
/// every lint rule, and builds for every target. Returns whether any option gave a program.
pub fn import(data: &[u8]) -> bool {
    if data.len() > MAX_LEN {
        return false;
    }
    let Ok(text) = std::str::from_utf8(data) else { return false };
    let mut sources = SourceMap::default();
    let file = sources.add(gwc::source::SourceFile { name: "fuzz.yaml".into(), text: text.to_string(), path: None });
    let kind = [None, Some(false), Some(true)][data.len() % 3];
    let mut imported = false;
    for opts in [gwc::import::Options::default(), gwc::import::Options { allow_partial: true, http: kind }] {
        let outcome = gwc::import::import(file, text, &opts);
        assert_spans(&outcome.diagnostics, &sources);
        let bug = outcome.diagnostics.iter().find(|d| d.code == "E0806");
        assert!(bug.is_none(), "the importer reports its own bug ({opts:?}): {bug:?}");
        let Some(program) = outcome.program else {
            assert!(outcome.diagnostics.iter().any(Diagnostic::is_error), "no program and no error ({opts:?}): {:?}", outcome.diagnostics);
            continue;
        };
        assert!(!outcome.diagnostics.iter().any(Diagnostic::is_error), "a program despite errors ({opts:?}): {:?}", outcome.diagnostics);
        let again = gwc::fmt::format(FileId(0), &program).unwrap_or_else(|_| panic!("the imported program does not parse:\n{program}"));
        assert!(again == program, "formatting the imported program changes it:\n{program}\n---\n{again}");
        assert!(check(&program).is_some(), "the imported program does not check cleanly:\n{program}");
        build(&program);
        imported = true;
    }
    imported
}
