//! Inputs that once broke gwc or that the fuzz targets should always pass, replayed in the
//! normal suite (`tests/fuzz/regressions/*`) through the same properties the fuzz targets check
//! (`tests/fuzz/src/lib.rs`): every input goes through all three (parse arbitrary bytes; check
//! what parses, and lint what checks cleanly; build every target for what checks cleanly and
//! read the JSON/YAML back). A panic or a failed assertion is a regression.
//!
//! `<target>-*` files are minimised fuzz crashers (`cargo fuzz tmin`, then copied from
//! `tests/fuzz/artifacts/<target>/`), `corpus-*` inputs that the bad-input corpus found, and
//! `seed-*` clean programs, so that the build-and-read-back properties run here too.
//! `import-*` files are documents for `gwc import` instead: they go through the import
//! target's properties (import, then check and build what it imports).

#[allow(dead_code)]
#[path = "fuzz/src/lib.rs"]
mod properties;

use std::path::PathBuf;

/// Far more than any input needs (each takes milliseconds); a hang is a regression.
const LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

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
    let (mut built, mut imported) = (0, 0);
    for f in &files {
        let data = std::fs::read(f).expect("read regression input");
        let import = f.file_name().is_some_and(|n| n.to_string_lossy().starts_with("import-"));
        // On a thread, so that an input that hangs (a fuzz `timeout-*`) fails instead of blocking.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| {
                if import {
                    return properties::import(&data);
                }
                properties::parse_bytes(&data);
                if let Ok(text) = std::str::from_utf8(&data) {
                    properties::check(text);
                    return properties::build(text);
                }
                false
            });
            let _ = tx.send(outcome);
        });
        let Ok(outcome) = rx.recv_timeout(LIMIT) else {
            failed.push(format!("{}: did not finish within {LIMIT:?}", f.display()));
            continue;
        };
        match outcome {
            Ok(true) if import => imported += 1,
            Ok(true) => built += 1,
            _ => {}
        }
        if let Err(e) = outcome {
            let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
            failed.push(format!("{}: {msg}", f.display()));
        }
    }
    assert!(failed.is_empty(), "{} of {} fuzz regressions fail again:\n{}", failed.len(), files.len(), failed.join("\n"));
    // The seeds exercise the build and import properties, not only the crash-free paths.
    assert!(built > 0 && imported > 0, "no program built ({built}) or no document imported ({imported})");
}
