//! Diagnostic fixtures (style.md practice 12): every code in `gwc::diag::codes::CODES` has a
//! program that triggers it, with the expected codes written inline and the rendered output
//! snapshotted next to the source.
//!
//! - Each `tests/fixtures/diagnostics/*.gw` is a root program. On every line where a diagnostic's
//!   primary span starts, a trailing `// expect: E0201` comment names its code (several codes
//!   comma-separated, repeated when a line has two diagnostics with one code). The diagnostics
//!   must match the annotations exactly: none missing, none extra.
//! - `tests/fixtures/diagnostics/support/` holds files the roots import (and the programs of the
//!   CLI tests); they are not roots, but their `// expect:` comments count whenever a
//!   root loads them.
//! - Each root's snapshot, `snapshots/diagnostics/<fixture>.snap`, is a `--- SOURCE` section
//!   (the fixture text) followed by `--- DIAGNOSTICS` (every diagnostic, rendered without colour
//!   at width 100).
//! - Codes that no single `.gw` root can produce are made by the tests below: E0101 (a root that
//!   is not UTF-8, through an in-memory loader), and the CLI's checks of the files built
//!   together, E0413 (two APIs of the same name) and E0418 (a file with nothing to build).
//!
//! Accept new or changed snapshots with `INSTA_UPDATE=always cargo test --test diagnostics`
//! (or `cargo insta review`), then read them as a user would.

use gwc::diag::{codes::CODES, render_human, Diagnostic, RenderOptions};
use gwc::source::{LoadError, SourceLoader, SourceMap};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Fixture roots, relative to the crate root (cargo runs integration tests there), so that
/// rendered diagnostics and snapshots never contain machine paths.
const FIXTURES: &str = "tests/fixtures/diagnostics";

const RENDER: RenderOptions = RenderOptions { color: false, width: 100 };

// ------------------------------------------------------------------------------------------------
// Fixture discovery and annotations

/// Every root fixture, sorted by name. Fails if there are none.
fn fixture_roots() -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .unwrap_or_else(|e| panic!("cannot read {FIXTURES}: {e}"))
        .map(|e| e.expect("reading the fixtures directory").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "gw"))
        .collect();
    roots.sort();
    assert!(!roots.is_empty(), "no fixtures found in {FIXTURES}");
    roots
}

fn stem(p: &Path) -> String {
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// One expected or actual diagnostic: file name as shown to users, 1-based line, code.
type Key = (String, usize, String);

/// The `// expect: CODE, CODE` annotations of one file, one key per code.
fn annotations(file: &str, text: &str) -> Vec<Key> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("// expect:") else { continue };
        for code in line[at + "// expect:".len()..].split(',') {
            let code = code.trim();
            assert!(
                CODES.iter().any(|(c, _)| *c == code),
                "{file}:{}: `// expect: {code}` is not a code in gwc::diag::codes::CODES",
                i + 1
            );
            out.push((file.to_string(), i + 1, code.to_string()));
        }
    }
    out
}

fn key_of(d: &Diagnostic, sources: &SourceMap) -> Key {
    let file = sources.get(d.primary.span.file);
    let (line, _) = sources.line_col(d.primary.span.file, d.primary.span.start);
    (file.name.clone(), line, d.code.to_string())
}

// ------------------------------------------------------------------------------------------------
// Checks shared by every case

/// Every label of every diagnostic lies inside its file, on character boundaries.
fn check_spans(diags: &[Diagnostic], sources: &SourceMap) -> Vec<String> {
    let mut problems = Vec::new();
    for d in diags {
        for (what, l) in std::iter::once(("primary", &d.primary)).chain(d.secondary.iter().map(|l| ("secondary", l))) {
            let file = sources.get(l.span.file);
            let (start, end, len) = (l.span.start as usize, l.span.end as usize, file.text.len());
            if !(start <= end && end <= len && file.text.is_char_boundary(start) && file.text.is_char_boundary(end)) {
                problems.push(format!("{} {what} span {start}..{end} is outside {} (length {len})", d.code, file.name));
            }
        }
    }
    problems
}

/// The rendered diagnostics, with trailing spaces removed so snapshots survive editors.
fn render_all(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        for line in render_human(d, sources, RENDER).lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

fn snapshot(name: &str, input_file: Option<&str>, contents: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/diagnostics");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    if let Some(f) = input_file {
        settings.set_input_file(f);
    }
    settings.bind(|| insta::assert_snapshot!(name, contents));
}

// ------------------------------------------------------------------------------------------------
// The fixtures

/// The result of compiling one fixture root.
struct Outcome {
    sources: SourceMap,
    diags: Vec<Diagnostic>,
}

fn compile_fixture(root: &Path) -> Outcome {
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile(root, &gwc::source::FsLoader, &mut sources)
        .unwrap_or_else(|e| panic!("{}: cannot load: {e:?}", root.display()));
    let mut diags = checked.diagnostics;
    // E06xx (suppression comments) come from the lint stage that `gwc check` runs on programs
    // without errors; lint findings themselves are tested in tests/lint_rules.rs.
    if !diags.iter().any(Diagnostic::is_error) {
        let settings = gwc::lint::Config::default().resolve(None);
        let lint = gwc::lint::run(&[gwc::lint::Target { program: &checked.program, settings: &settings }], &sources);
        diags.extend(lint.diagnostics.into_iter().filter(|d| d.code.starts_with("E06")));
        gwc::diag::sort_and_dedup(&mut diags);
    }
    Outcome { sources, diags }
}

/// Files of this compilation that live on disk (the root and what it imports), by name.
fn disk_files(sources: &SourceMap) -> Vec<(&str, &str)> {
    let mut seen = BTreeSet::new();
    sources.files.iter().filter(|f| f.path.is_some() && seen.insert(f.name.clone())).map(|f| (f.name.as_str(), f.text.as_str())).collect()
}

/// Problems with one fixture: annotation mismatches, bad spans, a misnamed fixture.
fn check_fixture(root: &Path, out: &Outcome) -> Vec<String> {
    let name = root.to_string_lossy().into_owned();
    let mut problems = Vec::new();
    let mut expected: Vec<Key> = Vec::new();
    for (file, text) in disk_files(&out.sources) {
        expected.extend(annotations(file, text));
    }
    let mut actual: Vec<Key> = out.diags.iter().map(|d| key_of(d, &out.sources)).collect();
    expected.sort();
    actual.sort();
    let mut missing = expected.clone();
    let mut extra = Vec::new();
    for k in &actual {
        match missing.iter().position(|m| m == k) {
            Some(i) => {
                missing.remove(i);
            }
            None => extra.push(k.clone()),
        }
    }
    for (file, line, code) in &missing {
        problems.push(format!("{file}:{line}: expected {code}, which was not reported"));
    }
    for (file, line, code) in &extra {
        problems.push(format!("{file}:{line}: {code} reported but not annotated with `// expect: {code}`"));
    }
    let own_code = stem(root).chars().take(5).collect::<String>();
    if !expected.iter().any(|(_, _, c)| *c == own_code) {
        problems.push(format!("{name}: the fixture is named after {own_code} but expects no {own_code}"));
    }
    problems.extend(check_spans(&out.diags, &out.sources));
    problems
}

/// `--- SOURCE` (the root, then any imported fixture files) and `--- DIAGNOSTICS`.
fn fixture_snapshot(root: &Path, out: &Outcome) -> String {
    let root_name = root.to_string_lossy().into_owned();
    let mut s = String::new();
    for (file, text) in disk_files(&out.sources) {
        if file == root_name {
            s.insert_str(0, &format!("--- SOURCE\n{}", with_newline(text)));
        } else {
            let _ = write!(s, "--- SOURCE {file}\n{}", with_newline(text));
        }
    }
    let _ = write!(s, "--- DIAGNOSTICS\n{}", render_all(&out.diags, &out.sources));
    s
}

fn with_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    }
}

/// Every fixture reports exactly its annotated diagnostics, with spans inside their files, and
/// renders as its snapshot says. All fixtures are checked before the test fails.
#[test]
fn diagnostic_fixtures() {
    let mut failures = Vec::new();
    for root in fixture_roots() {
        let out = compile_fixture(&root);
        let problems = check_fixture(&root, &out);
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n  {}\nrendered diagnostics:\n{}",
                root.display(),
                problems.join("\n  "),
                render_all(&out.diags, &out.sources)
            ));
        }
        let text = fixture_snapshot(&root, &out);
        let name = stem(&root);
        let input = root.to_string_lossy().into_owned();
        let result = std::panic::catch_unwind(|| snapshot(&name, Some(&input), &text));
        if result.is_err() {
            failures.push(format!("{}: snapshot snapshots/diagnostics/{name}.snap does not match", root.display()));
        }
    }
    assert!(failures.is_empty(), "{} fixture problem(s):\n\n{}", failures.len(), failures.join("\n\n"));
}

// ------------------------------------------------------------------------------------------------
// E0101: a root file that is not UTF-8 (and an import that is not), through an in-memory loader

/// Serves bytes, decoding them the way `FsLoader` does.
struct BytesLoader(Vec<(PathBuf, Vec<u8>)>);

impl SourceLoader for BytesLoader {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        let (_, bytes) = self.0.iter().find(|(p, _)| p == path).ok_or(LoadError::NotFound)?;
        String::from_utf8(bytes.clone()).map_err(|_| LoadError::NotUtf8)
    }
}

/// Latin-1 text, as an editor set to the wrong encoding would save it.
const LATIN1: &[u8] = b"// Caf\xe9 API\nrest api cafe {\n  GET /menu { integration = mock() }\n  stage prod {}\n}\n";

/// Compiles the E0101 cases; returns (name, source bytes, sources, diagnostics) per case.
fn not_utf8_cases() -> Vec<(&'static str, Vec<u8>, SourceMap, Vec<Diagnostic>)> {
    let mut cases = Vec::new();
    // The root itself is not UTF-8.
    let loader = BytesLoader(vec![(PathBuf::from("cafe.gw"), LATIN1.to_vec())]);
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile(Path::new("cafe.gw"), &loader, &mut sources).expect("loads");
    cases.push(("E0101_not_utf8", LATIN1.to_vec(), sources, checked.diagnostics));
    // The root is fine but imports a file that is not.
    let root = b"import \"./menu.gw\" as menu\n\nrest api cafe {\n  GET /menu { integration = mock() }\n  stage prod {}\n}\n";
    let loader = BytesLoader(vec![(PathBuf::from("shop.gw"), root.to_vec()), (PathBuf::from("menu.gw"), LATIN1.to_vec())]);
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile(Path::new("shop.gw"), &loader, &mut sources).expect("loads");
    cases.push(("E0203_import_not_utf8", root.to_vec(), sources, checked.diagnostics));
    cases
}

#[test]
fn not_utf8_sources() {
    let cases = not_utf8_cases();
    let codes: Vec<Vec<&str>> = cases.iter().map(|(_, _, _, d)| d.iter().map(|d| d.code).collect()).collect();
    assert_eq!(codes, vec![vec!["E0101"], vec!["E0203"]], "one diagnostic per case");
    for (name, bytes, sources, diags) in &cases {
        let problems = check_spans(diags, sources);
        assert!(problems.is_empty(), "{name}: {problems:?}");
        let text = format!(
            "--- SOURCE (bytes shown lossily)\n{}--- DIAGNOSTICS\n{}",
            with_newline(&String::from_utf8_lossy(bytes)),
            render_all(diags, sources)
        );
        snapshot(name, None, &text);
    }
}

// ------------------------------------------------------------------------------------------------
// Codes the CLI reports about the files built together: E0413 (two APIs would write the same
// output file) and E0418 (a file with nothing to build)

const CLI_CASES: &[(&str, &[&str])] = &[
    (
        "E0413_same_api_name_in_two_files",
        &["tests/fixtures/diagnostics/support/E0413_orders_v1.gw", "tests/fixtures/diagnostics/support/E0413_orders_v2.gw"],
    ),
    ("E0418_nothing_to_build", &["tests/fixtures/diagnostics/support/E0418_only_declarations.gw"]),
    // gwc.toml problems (E060x): each program is linted with the gwc.toml next to it, whose
    // `# // expect:` annotations count; `.toml` entries are read, not passed to gwc.
    (
        "E0600_invalid_config",
        &[
            "tests/fixtures/diagnostics/support/E0600_config/E0600_invalid_config.gw",
            "tests/fixtures/diagnostics/support/E0600_config/gwc.toml",
        ],
    ),
    (
        "E0601_unknown_rule_in_config",
        &[
            "tests/fixtures/diagnostics/support/E0601_config/E0601_unknown_rule_in_config.gw",
            "tests/fixtures/diagnostics/support/E0601_config/gwc.toml",
        ],
    ),
    (
        "E0602_invalid_config_value",
        &[
            "tests/fixtures/diagnostics/support/E0602_config/E0602_invalid_config_value.gw",
            "tests/fixtures/diagnostics/support/E0602_config/gwc.toml",
        ],
    ),
];

/// The program files of a CLI case (its `.toml` entries are only read for annotations).
fn programs<'a>(files: &[&'a str]) -> Vec<&'a str> {
    files.iter().copied().filter(|f| !f.ends_with(".toml")).collect()
}

fn gwc() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gwc"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE").env_remove("FORCE_COLOR");
    cmd
}

/// `gwc check --format json FILES`: the keys of its diagnostics, after checking their spans.
fn cli_keys(files: &[&str]) -> Vec<Key> {
    let out = gwc().args(["check", "--format", "json"]).args(programs(files)).output().expect("runs gwc");
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON diagnostics on stdout");
    let mut keys = Vec::new();
    for d in doc["diagnostics"].as_array().expect("a diagnostics array") {
        let p = &d["primary"];
        let file = p["file"].as_str().expect("file");
        let text = std::fs::read_to_string(file).expect("file is readable");
        let (start, end) = (p["start"].as_u64().expect("start") as usize, p["end"].as_u64().expect("end") as usize);
        assert!(start <= end && end <= text.len(), "span {start}..{end} outside {file}");
        let code = d["code"].as_str().expect("code").to_string();
        keys.push((file.to_string(), p["line"].as_u64().expect("line") as usize, code));
    }
    keys.sort();
    keys
}

#[test]
fn cli_diagnostics() {
    for (name, files) in CLI_CASES {
        let mut expected: Vec<Key> = Vec::new();
        let mut sources = String::new();
        for f in *files {
            let text = std::fs::read_to_string(f).expect("fixture is readable");
            expected.extend(annotations(f, &text));
            let _ = write!(sources, "--- SOURCE {f}\n{}", with_newline(&text));
        }
        expected.sort();
        assert_eq!(cli_keys(files), expected, "{name}");
        let out = gwc().arg("check").args(programs(files)).output().expect("runs gwc");
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr: String = String::from_utf8_lossy(&out.stderr).lines().map(|l| format!("{}\n", l.trim_end())).collect();
        snapshot(name, None, &format!("{sources}--- DIAGNOSTICS (gwc check, stderr)\n{stderr}"));
    }
}

// ------------------------------------------------------------------------------------------------
// Codes of `gwc build --target X`, checked after the program compiles cleanly: an API kind the
// target has no form for (E0502). Nothing may be written. (E0500, a feature a target did not
// lower yet, and E0501, an API kind a target did not write yet, are retired.)

const BUILD_CASES: &[(&str, &str, &str)] = &[
    ("E0502_websocket_api_as_openapi", "openapi", "tests/fixtures/diagnostics/support/E0502_websocket_openapi.gw"),
    ("E0505_cache_invalidation_as_cloudformation", "cloudformation", "tests/fixtures/diagnostics/support/E0505_cache_invalidation.gw"),
    ("E0506_canary_variable_param_as_terraform", "terraform", "tests/fixtures/diagnostics/support/E0506_canary_variable_param.gw"),
];

/// `gwc build --target TARGET --diagnostics json FILE` into an empty directory: the keys of its
/// diagnostics, after checking their spans and that nothing was written.
fn build_keys(target: &str, file: &str) -> Vec<Key> {
    let out_dir = std::env::temp_dir().join(format!("gwc-diag-build-{}-{target}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out_dir);
    let out =
        gwc().args(["build", "--target", target, "--diagnostics", "json", "--out"]).arg(&out_dir).arg(file).output().expect("runs gwc");
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(!out_dir.exists(), "gwc build --target {target} {file} wrote output despite errors");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON diagnostics on stdout");
    let text = std::fs::read_to_string(file).expect("fixture is readable");
    let mut keys = Vec::new();
    for d in doc["diagnostics"].as_array().expect("a diagnostics array") {
        let p = &d["primary"];
        let (start, end) = (p["start"].as_u64().expect("start") as usize, p["end"].as_u64().expect("end") as usize);
        assert!(start <= end && end <= text.len() && p["file"] == file, "span {start}..{end} outside {file}");
        keys.push((file.to_string(), p["line"].as_u64().expect("line") as usize, d["code"].as_str().expect("code").to_string()));
    }
    keys.sort();
    keys
}

#[test]
fn build_target_diagnostics() {
    for (name, target, file) in BUILD_CASES {
        let text = std::fs::read_to_string(file).expect("fixture is readable");
        let mut expected = annotations(file, &text);
        expected.sort();
        assert_eq!(build_keys(target, file), expected, "{name}");
        // The program itself is clean: only the target refuses it.
        let out = gwc().args(["check", file]).output().expect("runs gwc");
        assert_eq!(out.status.code(), Some(0), "{name}: gwc check fails: {}", String::from_utf8_lossy(&out.stderr));
        let out_dir = std::env::temp_dir().join(format!("gwc-diag-build-{}-{name}", std::process::id()));
        let out = gwc().args(["build", "--target", target, "--out"]).arg(&out_dir).arg(file).output().expect("runs gwc");
        let stderr: String = String::from_utf8_lossy(&out.stderr).lines().map(|l| format!("{}\n", l.trim_end())).collect();
        snapshot(
            name,
            None,
            &format!("--- SOURCE {file}\n{}--- DIAGNOSTICS (gwc build --target {target}, stderr)\n{stderr}", with_newline(&text)),
        );
    }
}

// ------------------------------------------------------------------------------------------------
// Codes of `gwc import` (E08xx): each `tests/fixtures/import/<code>_<slug>.{json,yaml}` is an input
// document that reports its code; the rendered output is snapshotted like the others.

/// Internal-error codes: reported only when gwc itself is wrong, so no fixture can trigger them.
/// E0806 is `gwc import` producing a program that does not check; tests/import.rs asserts it
/// never appears on the documents and their truncations.
const INTERNAL: &[&str] = &["E0806"];

fn import_fixtures() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir("tests/fixtures/import")
        .expect("tests/fixtures/import")
        .map(|e| e.expect("entry").path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

/// The codes `gwc import --diagnostics json FILE` reports (JSON on stderr).
fn import_codes(file: &str) -> Vec<String> {
    let out = gwc().args(["import", "--diagnostics", "json", file]).output().expect("runs gwc");
    let doc: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON diagnostics on stderr");
    doc["diagnostics"].as_array().expect("a diagnostics array").iter().filter_map(|d| d["code"].as_str().map(str::to_string)).collect()
}

#[test]
fn import_diagnostics() {
    for file in import_fixtures() {
        let name = Path::new(&file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let codes = import_codes(&file);
        assert!(codes.iter().any(|c| name.starts_with(c.as_str())), "{file}: reports {codes:?}");
        let out = gwc().args(["import", &file]).output().expect("runs gwc");
        let text = std::fs::read_to_string(&file).expect("fixture is readable");
        let stderr: String = String::from_utf8_lossy(&out.stderr).lines().map(|l| format!("{}\n", l.trim_end())).collect();
        snapshot(&name, None, &format!("--- SOURCE {file}\n{}--- DIAGNOSTICS (gwc import, stderr)\n{stderr}", with_newline(&text)));
    }
}

// ------------------------------------------------------------------------------------------------
// Coverage

/// Every code in the table is produced by at least one fixture or special case.
#[test]
fn every_code_is_triggered() {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for root in fixture_roots() {
        let out = compile_fixture(&root);
        seen.extend(out.diags.iter().map(|d| d.code.to_string()));
    }
    for (_, _, _, diags) in not_utf8_cases() {
        seen.extend(diags.iter().map(|d| d.code.to_string()));
    }
    for (_, files) in CLI_CASES {
        seen.extend(cli_keys(files).into_iter().map(|(_, _, c)| c));
    }
    for (_, target, file) in BUILD_CASES {
        seen.extend(build_keys(target, file).into_iter().map(|(_, _, c)| c));
    }
    for file in import_fixtures() {
        seen.extend(import_codes(&file));
    }
    let missing: Vec<&str> = CODES.iter().map(|(c, _)| *c).filter(|c| !seen.contains(*c) && !INTERNAL.contains(c)).collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
    let unknown: Vec<&String> = seen.iter().filter(|c| !CODES.iter().any(|(k, _)| k == c)).collect();
    assert!(unknown.is_empty(), "codes reported but missing from CODES: {unknown:?}");
}
