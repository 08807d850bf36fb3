//! The fuzzers' minimised findings (`tests/fuzz/regressions/*`), replayed in the normal suite
//! through the same properties the fuzz targets check (`tests/fuzz/src/lib.rs`): every input goes
//! through all three (parse arbitrary bytes; check what parses, with every lint rule; build
//! every target for what checks cleanly and read the JSON/YAML back). A panic or a failed
//! assertion is a regression.
//!
//! Add a finding with `cp tests/fuzz/artifacts/<target>/crash-... tests/fuzz/regressions/<target>-<what>`.

#[allow(dead_code)]
#[path = "fuzz/src/lib.rs"]
mod properties;

use std::path::PathBuf;

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("read_dir entry").path())
        .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no regression inputs in {}", dir.display());
    let mut failed = Vec::new();
    for f in &files {
        let data = std::fs::read(f).expect("read regression input");
        let outcome = std::panic::catch_unwind(|| {
            properties::parse_bytes(&data);
            if let Ok(text) = std::str::from_utf8(&data) {
                properties::check(text);
                properties::build(text);
            }
        });
        if let Err(e) = outcome {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{}: {msg}", f.display()));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} fuzz regressions fail again:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}
