//! Helpers shared by the target tests (terraform, openapi, parity): compiling the examples in
//! process, and finding the external oracles that `scripts/test` installs.
#![allow(dead_code)]

use gwc::diag::{render_human, RenderOptions};
use gwc::model::Program;
use gwc::source::{FsLoader, SourceMap};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Top-level `examples/*.gw`, sorted; never empty.
pub fn examples() -> Vec<PathBuf> {
    let dir = manifest_dir().join("examples");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("reading examples/").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "gw"))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no examples/*.gw in {}", dir.display());
    found
}

pub fn stem(p: &Path) -> String {
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The checked program of an example with only its REST APIs, for the tests of what REST APIs
/// have (HTTP and WebSocket APIs have their own: `compile_all`), saying loudly which it leaves
/// out; panics with rendered diagnostics if the program has any.
pub fn compile(path: &Path) -> Program {
    let mut program = compile_all(path);
    let (kept, left_out): (Vec<_>, Vec<_>) = program.apis.drain(..).partition(|a| a.kind == gwc::model::ApiKind::Rest);
    for a in &left_out {
        loud(&format!(
            "{}: {} API {} is left out of this REST-only test (HTTP and WebSocket APIs have their own)",
            path.display(),
            a.kind.word(),
            a.name
        ));
    }
    program.apis = kept;
    program
}

/// The checked program of an example, every API; panics with rendered diagnostics if it has any.
pub fn compile_all(path: &Path) -> Program {
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile(path, &FsLoader, &mut sources).unwrap_or_else(|e| panic!("{}: cannot load: {e:?}", path.display()));
    let rendered: Vec<String> =
        checked.diagnostics.iter().map(|d| render_human(d, &sources, RenderOptions { color: false, width: 100 })).collect();
    assert!(rendered.is_empty(), "{}: expected no diagnostics:\n{}", path.display(), rendered.join("\n"));
    assert!(!checked.program.apis.is_empty(), "{} declares no API", path.display());
    checked.program
}

/// Writes past libtest's output capture, so that skips show in a normal run.
pub fn loud(msg: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{msg}");
    let _ = err.flush();
}

pub fn oracles_required() -> bool {
    matches!(std::env::var("GWC_REQUIRE_ORACLES").as_deref().map(str::trim), Ok("1") | Ok("true") | Ok("yes"))
}

/// An oracle from `$VAR`, else the first existing fallback path. `None` means: skip loudly, or
/// fail when `GWC_REQUIRE_ORACLES=1`.
pub fn find_tool(var: &str, fallbacks: &[PathBuf], what: &str) -> Option<PathBuf> {
    if let Some(explicit) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        let p = PathBuf::from(&explicit);
        assert!(p.is_file(), "{var}={} does not exist; run scripts/test, or unset it", p.display());
        return Some(p);
    }
    if let Some(p) = fallbacks.iter().find(|p| p.is_file()) {
        return Some(p.clone());
    }
    assert!(!oracles_required(), "GWC_REQUIRE_ORACLES=1 but {what} was not found (looked at ${var} and {fallbacks:?}); run scripts/test");
    loud(&format!("{what} not installed: external oracle checks SKIPPED (run scripts/test for the full suite)"));
    None
}

/// The shared venv's Python (`.venv-tools/bin/python`), when it exists.
pub fn venv_bin(name: &str) -> PathBuf {
    manifest_dir().join(".venv-tools").join("bin").join(name)
}

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!("gwc-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        TempDir(path)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Asserts `doc` matches the reviewed snapshot `snapshots/<name>.snap`.
pub fn snapshot(name: &str, description: String, text: String) {
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => description,
    }, {
        insta::assert_snapshot!(name.to_string(), text);
    });
}
