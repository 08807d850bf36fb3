//! The VS Code TextMate grammar: generated from the small modules in
//! `editors/vscode/syntaxes/src/` (the committed JSON must match; regenerate with
//! `GWC_UPDATE_GRAMMAR=1 cargo test --test tmgrammar`), knows every keyword of the pest grammar,
//! and gives the scopes asserted in `tests/grammar/*.test.gw` (checked by the external tool
//! vscode-tmgrammar-test, found through `GWC_TMGRAMMAR` or `.npm-tools/`; `scripts/test`
//! installs it and sets `GWC_REQUIRE_ORACLES=1`, which turns a missing tool into a failure).

mod common;

use common::{manifest_dir, run, TempDir};
use serde_json::{Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn grammar_dir() -> PathBuf {
    manifest_dir().join("editors/vscode/syntaxes")
}

/// Builds the grammar: the skeleton `grammar.yaml` plus every other module's repository entries.
fn generate() -> Value {
    let src = grammar_dir().join("src");
    let mut modules: Vec<PathBuf> = std::fs::read_dir(&src)
        .expect("read syntaxes/src")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && p.file_stem().is_some_and(|s| s != "grammar"))
        .collect();
    modules.sort();
    let load = |p: &Path| -> Value {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let mut grammar = load(&src.join("grammar.yaml"));
    let mut repository = Map::new();
    for m in &modules {
        let Value::Object(entries) = load(m) else { panic!("{} is not a mapping", m.display()) };
        for (k, v) in entries {
            assert!(!repository.contains_key(&k), "repository key `{k}` defined twice (again in {})", m.display());
            repository.insert(k, v);
        }
    }
    grammar.as_object_mut().expect("grammar.yaml is a mapping").insert("repository".into(), Value::Object(repository));
    grammar
}

/// Every `include: '#name'` and every `match`/`begin`/`end` regex in the grammar.
fn walk<'a>(v: &'a Value, includes: &mut Vec<&'a str>, regexes: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("include", Value::String(s)) => includes.push(s),
                    ("match" | "begin" | "end", Value::String(s)) => regexes.push(s),
                    _ => walk(v, includes, regexes),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| walk(i, includes, regexes)),
        _ => {}
    }
}

#[test]
fn committed_grammar_is_generated_from_its_modules() {
    let grammar = generate();
    let (mut includes, mut regexes) = (Vec::new(), Vec::new());
    walk(&grammar, &mut includes, &mut regexes);
    let repo = grammar["repository"].as_object().expect("repository");
    for inc in includes {
        let name = inc.strip_prefix('#').unwrap_or_else(|| panic!("include `{inc}` is not a local `#name`"));
        assert!(repo.contains_key(name), "include `{inc}` names no repository entry");
    }
    assert!(regexes.len() > 30, "only {} regexes", regexes.len());
    let text = serde_json::to_string_pretty(&grammar).expect("serialize") + "\n";
    let path = grammar_dir().join("gwc.tmLanguage.json");
    if std::env::var_os("GWC_UPDATE_GRAMMAR").is_some() {
        std::fs::write(&path, &text).expect("write grammar");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is not what syntaxes/src/ generates; run `GWC_UPDATE_GRAMMAR=1 cargo test --test tmgrammar`",
        path.display()
    );
}

/// The word literals of `grammar/gwc.pest` (keywords, HTTP methods, units).
fn pest_keywords() -> Vec<String> {
    let text = std::fs::read_to_string(manifest_dir().join("grammar/gwc.pest")).expect("read gwc.pest");
    let mut words = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut parts = line.split('"');
        parts.next();
        while let (Some(lit), rest) = (parts.next(), parts.next()) {
            if !lit.is_empty()
                && lit.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && lit.starts_with(|c: char| c.is_ascii_alphabetic())
                && !words.iter().any(|w| w == lit)
            {
                words.push(lit.to_string());
            }
            if rest.is_none() {
                break;
            }
        }
    }
    words
}

#[test]
fn every_pest_keyword_is_in_the_textmate_grammar() {
    let keywords = pest_keywords();
    for expected in ["import", "template", "api", "websocket", "log_group", "OPTIONS", "use", "at", "header", "false", "KiB"] {
        assert!(keywords.iter().any(|k| k == expected), "the pest grammar scan missed `{expected}`: {keywords:?}");
    }
    let grammar = generate();
    let (mut includes, mut regexes) = (Vec::new(), Vec::new());
    walk(&grammar, &mut includes, &mut regexes);
    // A keyword is known when a regex lists it as a whole alternative: `(kw)`, `(a|kw|b)`, `(?:kw|..)`.
    let known = |kw: &str| {
        regexes.iter().any(|r| {
            r.match_indices(kw).any(|(i, _)| {
                let before = r[..i].chars().next_back();
                let after = r[i + kw.len()..].chars().next();
                matches!(before, Some('(' | '|' | ':')) && matches!(after, Some(')' | '|'))
            })
        })
    };
    let missing: Vec<&String> = keywords.iter().filter(|k| !known(k)).collect();
    assert!(missing.is_empty(), "pest keywords the TextMate grammar does not know: {missing:?}");
}

fn oracles_required() -> bool {
    matches!(std::env::var("GWC_REQUIRE_ORACLES").as_deref().map(str::trim), Ok("1") | Ok("true") | Ok("yes"))
}

fn find_tool() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GWC_TMGRAMMAR").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        assert!(p.is_file(), "GWC_TMGRAMMAR={} does not exist", p.display());
        return Some(p);
    }
    let local = manifest_dir().join(".npm-tools/node_modules/.bin/vscode-tmgrammar-test");
    local.is_file().then_some(local)
}

fn test_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("tests/grammar"))
        .expect("read tests/grammar")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".test.gw"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "expected scope tests in tests/grammar, found {files:?}");
    files
}

/// The scope tests are real programs: with the assertion lines being comments, each parses.
#[test]
fn scope_test_files_are_valid_programs() {
    for f in test_files() {
        let text = std::fs::read_to_string(&f).expect("read test file");
        let (_, diags) = gwc::syntax::parse(gwc::source::FileId(0), &text);
        assert!(diags.is_empty(), "{} does not parse: {diags:?}", f.display());
    }
}

#[test]
fn textmate_scopes_match_the_assertions() {
    let Some(tool) = find_tool() else {
        assert!(!oracles_required(), "vscode-tmgrammar-test is missing and GWC_REQUIRE_ORACLES=1; run scripts/test");
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "SKIPPED (run scripts/test): vscode-tmgrammar-test not installed; TextMate scopes not checked");
        return;
    };
    let grammar = grammar_dir().join("gwc.tmLanguage.json");
    let r = run(Command::new(&tool).arg("-g").arg(&grammar).args(test_files()));
    assert_eq!(r.code(), Some(0), "{r}");
    // Canary: a wrong assertion must fail, or the tool is not checking anything.
    let dir = TempDir::new("tmgrammar");
    let canary = dir.join("canary.test.gw");
    std::fs::write(&canary, "// SYNTAX TEST \"source.gwc\" \"canary\"\n  stage prod { }\n//^^^^^ constant.numeric.gwc\n")
        .expect("write canary");
    let r = run(Command::new(&tool).arg("-g").arg(&grammar).arg(&canary));
    assert_ne!(r.code(), Some(0), "the canary's wrong assertion passed: {r}");
    assert!(r.stdout_str().contains("storage.type.block.gwc") || r.stderr_str().contains("storage.type.block.gwc"), "{r}");
}
