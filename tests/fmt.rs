//! `gwc fmt`: on every example, shared module, fixture that parses and stdlib module, the
//! formatter is idempotent, keeps every comment, and keeps the meaning (same Model, same
//! diagnostics, same AST apart from spans); `--check` lists what would change and exits 1.

mod common;

use common::{files_in, gwc, manifest_dir, run, TempDir};
use gwc::check::compile;
use gwc::fmt::{format, lex, FmtError};
use gwc::source::{FileId, FsLoader, LoadError, SourceLoader, SourceMap, STDLIB};
use std::path::{Path, PathBuf};

/// Every `.gw` the formatter must handle: examples, their shared modules, and all fixtures.
fn corpus() -> Vec<PathBuf> {
    let root = manifest_dir();
    let mut files: Vec<PathBuf> = ["examples", "tests/fixtures"]
        .iter()
        .flat_map(|d| files_in(&root.join(d)))
        .filter(|p| p.extension().is_some_and(|e| e == "gw"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "expected the examples and fixtures, found {}", files.len());
    files
}

/// Reads the file under test from memory (its formatted text) and everything else from disk.
struct Overlay {
    path: PathBuf,
    text: String,
}

impl SourceLoader for Overlay {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        if path == self.path {
            Ok(self.text.clone())
        } else {
            FsLoader.load(path)
        }
    }
}

/// What a program means: its Model (spans are not serialized) and its diagnostics without spans.
fn meaning(path: &Path, text: &str) -> String {
    let mut sources = SourceMap::default();
    let loader = Overlay { path: path.to_path_buf(), text: text.to_string() };
    match compile(path, &loader, &mut sources) {
        Ok(c) => {
            let model = serde_json::to_string_pretty(&c.program).expect("Model serializes");
            let diags: Vec<String> = c.diagnostics.iter().map(|d| format!("{} {}", d.code, d.message)).collect();
            format!("{model}\n{}", diags.join("\n"))
        }
        Err(e) => format!("load error {e:?}"),
    }
}

fn ast_without_spans(text: &str) -> String {
    let (ast, _) = gwc::syntax::parse(FileId(0), text);
    let debug = format!("{ast:?}");
    let mut out = String::new();
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("Span {") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find('}').map_or("", |j| &rest[i + j + 1..]);
    }
    out + rest
}

fn comments(text: &str) -> Vec<String> {
    lex::lex(text).iter().filter(|t| t.is_comment()).map(|t| t.text.to_string()).collect()
}

/// Checks one source; returns None when it does not parse (and the formatter said so).
fn check_one(name: &str, text: &str, problems: &mut Vec<String>) -> Option<String> {
    let once = match format(FileId(0), text) {
        Ok(s) => s,
        Err(FmtError::Syntax(d)) => {
            assert!(!d.is_empty(), "{name}: a syntax error without a diagnostic");
            return None;
        }
        Err(FmtError::Unstable) => {
            problems.push(format!("{name}: the formatter gave up (Unstable)"));
            return None;
        }
    };
    match format(FileId(0), &once) {
        Ok(twice) if twice == once => {}
        Ok(twice) => problems.push(format!("{name}: not idempotent\n--- once ---\n{once}\n--- twice ---\n{twice}")),
        Err(e) => problems.push(format!("{name}: formatted text does not format again: {e:?}\n{once}")),
    }
    if comments(&once) != comments(text) {
        problems.push(format!("{name}: comments changed\n{once}"));
    }
    if ast_without_spans(&once) != ast_without_spans(text) {
        problems.push(format!("{name}: the AST changed\n{once}"));
    }
    if once.lines().any(|l| l.ends_with(' ') || l.contains('\t') && !text.contains('\t')) || !once.ends_with('\n') {
        problems.push(format!("{name}: trailing spaces, tabs or no final newline\n{once}"));
    }
    Some(once)
}

#[test]
fn every_example_and_fixture_formats_idempotently_with_the_same_meaning() {
    let mut problems = Vec::new();
    let (mut formatted, mut refused) = (0, 0);
    for path in corpus() {
        let text = std::fs::read_to_string(&path).expect("read corpus file");
        let name = path.display().to_string();
        let Some(once) = check_one(&name, &text, &mut problems) else {
            refused += 1;
            continue;
        };
        formatted += 1;
        let (before, after) = (meaning(&path, &text), meaning(&path, &once));
        if before != after {
            problems.push(format!("{name}: the Model or diagnostics changed\n--- before ---\n{before}\n--- after ---\n{after}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // Most fixtures parse (their errors come from the checker); a few are syntax errors.
    assert!(formatted > 3 * refused, "formatted {formatted}, refused {refused}");
}

#[test]
fn every_stdlib_module_formats_idempotently_and_still_compiles() {
    let mut problems = Vec::new();
    for (name, text) in STDLIB {
        let name = format!("std/{name}.gw");
        let Some(once) = check_one(&name, text, &mut problems) else {
            panic!("{name} does not parse");
        };
        let mut sources = SourceMap::default();
        let checked = gwc::check::compile_str(&name, &once, &mut sources);
        if !checked.diagnostics.is_empty() {
            problems.push(format!("{name}: formatted module has diagnostics: {:?}", checked.diagnostics));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The documented style, on a program written carelessly.
#[test]
fn canonical_layout() {
    let messy = "// Header comment\nimport std.logging\nlet o={a=1,b=[\"x\"]}\nfunction f=lambda(name:\"f\")  // trailing\n\n\n\nrest api a{\n      description=\"x\"\n\n  GET /a/{id}{integration=lambda_proxy(f,timeout:10s)\n  }\n  /* block */ query q?:integer\n  stage prod{throttle{rate=5/s burst=10}\n    tags{a=\"1\"   b=\"2\"}}\n  use t(\n    a: [1,2,3], b: x)   at /p\n}\n";
    let want = "// Header comment\nimport std.logging\nlet o = { a = 1, b = [\"x\"] }\nfunction f = lambda(name: \"f\")  // trailing\n\nrest api a {\n  description = \"x\"\n\n  GET /a/{id} {\n    integration = lambda_proxy(f, timeout: 10s)\n  }\n  /* block */ query q?: integer\n  stage prod {\n    throttle { rate = 5/s  burst = 10 }\n    tags { a = \"1\"  b = \"2\" }\n  }\n  use t(\n    a: [1, 2, 3],\n    b: x,\n  ) at /p\n}\n";
    let got = format(FileId(0), messy).expect("formats");
    assert_eq!(got, want, "got:\n{got}");
}

#[test]
fn check_lists_unformatted_files_and_exits_1_then_fmt_fixes_them() {
    let dir = TempDir::new("fmt");
    let good = "rest api a {\n  GET / { integration = mock }\n}\n";
    let bad = "rest api b {\nGET / {integration=mock}\n}\n";
    std::fs::write(dir.join("good.gw"), good).expect("write");
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    std::fs::write(dir.join("sub/bad.gw"), bad).expect("write");

    let r = run(gwc().arg("fmt").arg("--check").arg(dir.path()));
    assert_eq!(r.code(), Some(1), "{r}");
    let listed = r.stdout_str();
    assert!(listed.contains("bad.gw") && !listed.contains("good.gw"), "{r}");
    assert_eq!(std::fs::read_to_string(dir.join("sub/bad.gw")).expect("read"), bad, "--check wrote");

    let r = run(gwc().arg("fmt").arg(dir.join("sub/bad.gw")).arg(dir.join("good.gw")));
    assert_eq!(r.code(), Some(0), "{r}");
    assert_eq!(std::fs::read_to_string(dir.join("sub/bad.gw")).expect("read"), "rest api b {\n  GET / { integration = mock }\n}\n");
    assert_eq!(std::fs::read_to_string(dir.join("good.gw")).expect("read"), good);

    let r = run(gwc().arg("fmt").arg("--check").arg(dir.path()));
    assert_eq!(r.code(), Some(0), "{r}");
    assert_eq!(r.stdout_str(), "", "{r}");
}

#[test]
fn files_that_do_not_parse_are_reported_and_left_alone() {
    let dir = TempDir::new("fmt-bad");
    let broken = "rest api a {\n  GET / { integration = }\n}\n";
    std::fs::write(dir.join("broken.gw"), broken).expect("write");
    for check in [false, true] {
        let mut cmd = gwc();
        cmd.arg("fmt");
        if check {
            cmd.arg("--check");
        }
        let r = run(cmd.arg(dir.join("broken.gw")));
        assert_eq!(r.code(), Some(1), "{r}");
        assert!(r.stderr_str().contains("E0100"), "{r}");
        assert_eq!(std::fs::read_to_string(dir.join("broken.gw")).expect("read"), broken);
    }
    let r = run(gwc().arg("fmt").arg(dir.join("missing.gw")));
    assert_eq!(r.code(), Some(2), "{r}");
}

#[test]
fn stdin_is_formatted_to_stdout() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = gwc().args(["fmt", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("spawn gwc");
    child.stdin.take().expect("stdin").write_all(b"let   x=[1,\n2]").expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "let x = [\n  1,\n  2,\n]\n");
}
