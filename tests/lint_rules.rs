//! Every lint rule, tested from its own documentation (the rule file is the fixture).
//!
//! Each rule's doc comment has an `## Example` whose `gw` program must make the rule fire, and a
//! `## Use instead` whose program must not; both must check without compiler diagnostics. An
//! optional `toml` block in the Example is a gwc.toml applied to both (rule options, production
//! stages). Each program is linted with ONLY that rule enabled, and the Example's rendered
//! findings are snapshotted in `snapshots/lint/<CODE>_<name>.snap` next to its source.
//!
//! Guard tests keep the registry sane: unique well-formed codes, kebab-case names that name the
//! pattern flagged, the fixed doc headings, documented options.
//!
//! Accept new snapshots with `INSTA_UPDATE=always cargo test --test lint_rules`, then read them.

use gwc::diag::{render_human, RenderOptions};
use gwc::lint::registry::{doc_section, doc_text, fenced_blocks, rules, Family, Level, OptionDefault, RuleMeta};
use gwc::lint::{Config, Resolved, Target};
use gwc::source::{SourceFile, SourceMap};
use std::collections::BTreeSet;

const RENDER: RenderOptions = RenderOptions { color: false, width: 100 };

fn snapshot(name: &str, contents: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/lint");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, contents));
}

/// The settings of a doc example: its toml block (if any), restricted to the rule.
fn settings_for(rule: &RuleMeta, toml: Option<&str>, sources: &mut SourceMap) -> Result<Resolved, String> {
    let config = match toml {
        Some(text) => {
            let id = sources.add(SourceFile { name: "gwc.toml".into(), text: text.to_string(), path: None });
            let (config, diags) = Config::parse(text, id, None);
            if !diags.is_empty() {
                return Err(format!(
                    "{}: the Example's gwc.toml has errors: {:?}",
                    rule.code,
                    diags.iter().map(|d| &d.message).collect::<Vec<_>>()
                ));
            }
            config
        }
        None => Config::default(),
    };
    Ok(config.resolve(None).restrict_to(rule))
}

/// Lints one doc program; Err when it does not check cleanly.
fn lint_program(rule: &RuleMeta, what: &str, program: &str, toml: Option<&str>) -> Result<(SourceMap, Vec<gwc::diag::Diagnostic>), String> {
    let mut sources = SourceMap::default();
    let settings = settings_for(rule, toml, &mut sources)?;
    let name = format!("{}_{}.{what}.gw", rule.code, rule.name);
    let checked = gwc::check::compile_str(&name, program, &mut sources);
    if !checked.diagnostics.is_empty() {
        let rendered: Vec<String> = checked.diagnostics.iter().map(|d| render_human(d, &sources, RENDER)).collect();
        return Err(format!("{}: the {what} program does not check cleanly:\n{}", rule.code, rendered.join("\n")));
    }
    let out = gwc::lint::run(&[Target { program: &checked.program, settings: &settings }], &sources);
    Ok((sources, out.diagnostics))
}

fn render_all(diags: &[gwc::diag::Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        for line in render_human(d, sources, RENDER).lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// (toml, example program, use-instead program) of a rule's docs.
fn doc_programs(rule: &RuleMeta) -> Result<(Option<String>, String, String), String> {
    let example = doc_section(rule, "Example").ok_or(format!("{}: no `## Example`", rule.code))?;
    let instead = doc_section(rule, "Use instead").ok_or(format!("{}: no `## Use instead`", rule.code))?;
    let toml = fenced_blocks(&example, "toml").into_iter().next();
    let ex = fenced_blocks(&example, "gw");
    let ok = fenced_blocks(&instead, "gw");
    if ex.len() != 1 || ok.len() != 1 {
        return Err(format!("{}: Example and Use instead need exactly one ```gw program each", rule.code));
    }
    Ok((toml, ex[0].clone(), ok[0].clone()))
}

#[test]
fn every_rule_fires_on_its_example_and_not_on_its_fix() {
    let mut failures = Vec::new();
    for rule in rules() {
        let (toml, example, instead) = match doc_programs(rule) {
            Ok(p) => p,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        match lint_program(rule, "example", &example, toml.as_deref()) {
            Err(e) => failures.push(e),
            Ok((sources, diags)) => {
                let own = diags.iter().filter(|d| d.code == rule.code).count();
                let other: Vec<&str> = diags.iter().filter(|d| d.code != rule.code).map(|d| d.code).collect();
                if own == 0 {
                    failures.push(format!("{} {}: the Example does not fire the rule", rule.code, rule.name));
                }
                if !other.is_empty() {
                    failures.push(format!("{}: the Example reports other codes {other:?}", rule.code));
                }
                let mut text = String::new();
                if let Some(t) = &toml {
                    text.push_str(&format!("--- gwc.toml\n{t}"));
                }
                text.push_str(&format!("--- SOURCE\n{example}--- FINDINGS\n{}", render_all(&diags, &sources)));
                let name = format!("{}_{}", rule.code, rule.name);
                if std::panic::catch_unwind(|| snapshot(&name, &text)).is_err() {
                    failures.push(format!("{}: snapshot snapshots/lint/{name}.snap does not match", rule.code));
                }
            }
        }
        match lint_program(rule, "fixed", &instead, toml.as_deref()) {
            Err(e) => failures.push(e),
            Ok((sources, diags)) => {
                if !diags.is_empty() {
                    failures.push(format!(
                        "{} {}: the Use instead program still reports:\n{}",
                        rule.code,
                        rule.name,
                        render_all(&diags, &sources)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} problem(s):\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn registry_is_well_formed() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut problems = Vec::new();
    assert!(rules().len() >= 50, "expected the full rule set, found {}", rules().len());
    for r in rules() {
        if !codes.insert(r.code) {
            problems.push(format!("duplicate code {}", r.code));
        }
        if !names.insert(r.name) {
            problems.push(format!("duplicate name {}", r.name));
        }
        let well_formed = r.code.len() == 6 && r.code.starts_with(r.family.prefix()) && r.code[3..].chars().all(|c| c.is_ascii_digit());
        if !well_formed {
            problems.push(format!("{}: code is not {}NNN", r.code, r.family.prefix()));
        }
        let kebab = !r.name.is_empty()
            && r.name.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        if !kebab {
            problems.push(format!("{}: name `{}` is not kebab-case", r.code, r.name));
        }
        for banned in ["no-", "disallow-", "require-", "enforce-", "missing-"] {
            if r.name.starts_with(banned) {
                problems.push(format!("{}: name `{}` starts with `{banned}`: name the pattern flagged", r.code, r.name));
            }
        }
        if r.summary.is_empty() || r.summary.ends_with('.') {
            problems.push(format!("{}: summary must be one phrase without a period", r.code));
        }
        if (r.default == Level::Off) == (r.default == r.enabled) {
            problems.push(format!("{}: `enabled` must equal `default` unless the rule is off by default", r.code));
        }
        if r.enabled == Level::Off {
            problems.push(format!("{}: `enabled` cannot be off", r.code));
        }
        // The fixed headings, in order.
        let headings: Vec<String> = doc_text(r).lines().filter_map(|l| l.strip_prefix("## ").map(str::to_string)).collect();
        let mut want = vec!["What it does", "Why it matters", "Example", "Use instead"];
        if !r.options.is_empty() {
            want.push("Options");
        }
        if headings != want {
            problems.push(format!("{}: doc headings are {headings:?}, expected {want:?}", r.code));
        }
        if let Some(opts) = doc_section(r, "Options") {
            for o in r.options {
                if !opts.contains(&format!("`{}`", o.name)) {
                    problems.push(format!("{}: option `{}` is not documented under Options", r.code, o.name));
                }
                if let OptionDefault::Int(n) = o.default {
                    if n < 0 {
                        problems.push(format!("{}: option `{}` has a negative default", r.code, o.name));
                    }
                }
            }
        }
    }
    for f in Family::ALL {
        if !rules().iter().any(|r| r.family == f) {
            problems.push(format!("family {} has no rules", f.prefix()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
