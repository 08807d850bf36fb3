//! Every top-level `examples/*.gw` compiles with zero diagnostics, and the CloudFormation
//! template of each API it declares matches its reviewed snapshot in `snapshots/<example>.cfn.snap`.
//!
//! Files under `examples/shared/` are modules the examples import; they are not built alone.
//! Accept changed snapshots with `INSTA_UPDATE=always cargo test --test examples` (or
//! `cargo insta review`), then review the diff line by line before committing it.

use gwc::diag::{render_human, RenderOptions};
use gwc::emit::{cloudformation, render, Format};
use gwc::source::{FsLoader, SourceMap};
use std::path::{Path, PathBuf};

/// Top-level `examples/*.gw`, sorted; never empty.
fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("reading examples/").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "gw"))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no examples/*.gw in {}: the example tests need at least one", dir.display());
    found
}

fn stem(p: &Path) -> String {
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The YAML of every API of one example (APIs separated and named when there are several).
fn compile_example(path: &Path) -> Result<String, String> {
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile(path, &FsLoader, &mut sources).map_err(|e| format!("{}: cannot load: {e:?}", path.display()))?;
    if !checked.diagnostics.is_empty() {
        let rendered: Vec<String> =
            checked.diagnostics.iter().map(|d| render_human(d, &sources, RenderOptions { color: false, width: 100 })).collect();
        return Err(format!("{}: expected no diagnostics, got {}:\n{}", path.display(), rendered.len(), rendered.join("\n")));
    }
    let apis = &checked.program.apis;
    if apis.is_empty() {
        return Err(format!("{}: declares no API", path.display()));
    }
    let mut out = Vec::new();
    for api in apis {
        let template = cloudformation::template(&checked.program, api);
        let yaml = render(&template, Format::Yaml).map_err(|e| format!("{}: API {}: YAML: {e}", path.display(), api.name))?;
        // The JSON form must carry exactly the same document.
        let json = render(&template, Format::Json).map_err(|e| format!("{}: API {}: JSON: {e}", path.display(), api.name))?;
        let back: serde_json::Value =
            serde_json::from_str(&json).map_err(|e| format!("{}: API {}: JSON does not parse: {e}", path.display(), api.name))?;
        if back != template {
            return Err(format!("{}: API {}: JSON rendering changes the template", path.display(), api.name));
        }
        out.push(if apis.len() == 1 { yaml } else { format!("# API {}\n{yaml}", api.name) });
    }
    Ok(out.join("---\n"))
}

#[test]
fn examples_compile_cleanly_and_match_snapshots() {
    let examples = examples();
    // Compile everything first, so one run reports every broken example.
    let mut outputs = Vec::new();
    let mut failures = Vec::new();
    for path in &examples {
        match compile_example(path) {
            Ok(yaml) => outputs.push((stem(path), yaml)),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{} example(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
    for (name, yaml) in outputs {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("examples/{name}.gw"),
        }, {
            insta::assert_snapshot!(format!("{name}.cfn"), yaml);
        });
    }
}

#[test]
fn shared_modules_declare_no_api() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("shared");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    for e in entries {
        let path = e.expect("reading examples/shared/").path();
        if path.extension().is_some_and(|x| x == "gw") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                !text.lines().any(|l| l.trim_start().starts_with("rest api") || l.trim_start().starts_with("http api")),
                "{} is a shared module and must not declare an API",
                path.display()
            );
        }
    }
}
