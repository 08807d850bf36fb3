//! The README stays true: its programs compile cleanly and every source path it names exists.

use gwc::check::compile_str;
use gwc::source::SourceMap;
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md")
}

/// The bodies of fenced blocks with the given info string.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        match &mut cur {
            None if line.trim() == format!("```{lang}") => cur = Some(String::new()),
            Some(_) if line.trim() == "```" => out.extend(cur.take()),
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn readme_programs_compile_without_diagnostics() {
    let programs = blocks(&readme(), "gw");
    assert!(!programs.is_empty(), "README has no ```gw program");
    for (i, p) in programs.iter().enumerate() {
        let mut sources = SourceMap::default();
        let checked = compile_str(&format!("README-{i}.gw"), p, &mut sources);
        let msgs: Vec<_> = checked.diagnostics.iter().map(|d| format!("{} {}", d.code, d.message)).collect();
        assert!(checked.diagnostics.is_empty(), "README program {i}: {msgs:?}");
        assert!(!checked.program.apis.is_empty());
    }
}

#[test]
fn readme_names_only_paths_that_exist() {
    let text = readme();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for word in text.split(|c: char| c.is_whitespace() || "`()[],:;".contains(c)) {
        let word = word.trim_end_matches('.');
        if ["src/", "grammar/", "stdlib/", "scripts/", "docs/"].iter().any(|p| word.starts_with(p)) {
            assert!(root.join(word).exists(), "README names {word}, which does not exist");
            checked += 1;
        }
    }
    assert!(checked >= 5, "expected the README to name the pipeline's folders");
}
