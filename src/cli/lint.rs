//! `gwc lint`: check programs, then run the policy linter over their Models; also the lint
//! stage `gwc check` runs.

use super::{compile_files, Compilation, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::diag::{render_json, Diagnostic, RenderOptions, Renderer, Severity};
use crate::lint::config::{discover, Config};
use crate::lint::{report, Resolved, Target};
use crate::source::SourceFile;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// How `gwc lint` prints its results.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LintFormat {
    /// For people, on stderr: source excerpts, colour on a terminal.
    #[default]
    Human,
    /// One JSON document on stdout (`diagnostics`, `suppressed`).
    Json,
    /// SARIF 2.1.0 on stdout, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations) on stdout.
    Github,
    /// JUnit XML on stdout: one test suite per file, one failed case per finding.
    Junit,
}

/// The lowest severity that makes `gwc lint` exit 1.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Deny {
    /// Only errors fail (the default).
    #[default]
    Errors,
    /// Warnings and errors fail.
    Warnings,
    /// Every finding fails, info included.
    Info,
}

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Program files to lint.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// How to print the results.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Exit 1 on findings of this severity or worse.
    #[arg(long, value_enum, default_value_t = Deny::Errors)]
    pub deny: Deny,
    /// Use this gwc.toml instead of the nearest one above each file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run only these rules (codes, names, families or ALL; comma-separated).
    #[arg(long, value_name = "RULES")]
    pub select: Vec<String>,
    /// Do not run these rules (codes, names or families; comma-separated).
    #[arg(long, value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Files that declare no API are modules: check them, but do not report them as having
    /// nothing to lint (for hooks that pass every changed `.gw` file).
    #[arg(long)]
    pub skip_modules: bool,
}

/// What the lint stage produced for a compilation.
pub(crate) struct Linted {
    /// Configuration problems, suppression problems and findings, sorted.
    pub diagnostics: Vec<Diagnostic>,
    pub suppressed: Vec<(Diagnostic, String)>,
    /// Roots that were linted with at least one rule enabled.
    pub linted: usize,
}

/// Options of the lint stage that the command line can set.
#[derive(Default)]
pub(crate) struct Options<'a> {
    pub config: Option<&'a Path>,
    pub select: &'a [String],
    pub ignore: &'a [String],
}

/// Loads each root's gwc.toml (adding it to the source map) and lints the roots that checked
/// without errors. Err is a usage or I/O problem.
pub(crate) fn lint_compilation(comp: &mut Compilation, opts: &Options<'_>) -> Result<Linted, String> {
    let mut diagnostics = Vec::new();
    let mut configs: Vec<(Option<PathBuf>, Config, bool)> = Vec::new();
    let mut per_root: Vec<Option<Resolved>> = Vec::new();
    for (root, checked) in &comp.results {
        let path = match opts.config {
            Some(p) => Some(p.to_path_buf()),
            None => discover(root),
        };
        let idx = match configs.iter().position(|(p, _, _)| *p == path) {
            Some(i) => i,
            None => {
                let (mut config, ok) = match &path {
                    None => (Config::default(), true),
                    Some(p) => {
                        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
                        let name = display_name(p);
                        let id = comp.sources.add(SourceFile { name, text: text.clone(), path: Some(p.clone()) });
                        let (config, diags) = Config::parse(&text, id, p.parent().and_then(|d| std::path::absolute(d).ok()));
                        let ok = diags.is_empty();
                        diagnostics.extend(diags);
                        (config, ok)
                    }
                };
                config.apply_cli(opts.select, opts.ignore)?;
                configs.push((path, config, ok));
                configs.len() - 1
            }
        };
        let (_, config, ok) = &configs[idx];
        per_root.push((*ok && !checked.has_errors()).then(|| config.resolve(Some(root))));
    }
    let targets: Vec<Target<'_>> = comp
        .results
        .iter()
        .zip(&per_root)
        .filter_map(|((_, c), s)| s.as_ref().map(|settings| Target { program: &c.program, settings }))
        .collect();
    let linted = targets.iter().filter(|t| t.settings.any_enabled()).count();
    let out = crate::lint::run(&targets, &comp.sources);
    diagnostics.extend(out.diagnostics);
    crate::diag::sort_and_dedup(&mut diagnostics);
    Ok(Linted { diagnostics, suppressed: out.suppressed, linted })
}

/// A path as users should see it: relative to the working directory when it is inside it.
fn display_name(p: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd.as_deref().and_then(|c| p.strip_prefix(c).ok()).unwrap_or(p);
    rel.to_string_lossy().replace('\\', "/")
}

fn fails(d: &Diagnostic, deny: Deny) -> bool {
    match deny {
        Deny::Errors => d.severity == Severity::Error,
        Deny::Warnings => d.severity != Severity::Note,
        Deny::Info => true,
    }
}

pub fn run(args: &LintArgs) -> i32 {
    let mut comp = match compile_files(&args.files) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    if let Some(c) = &args.config {
        if !c.is_file() {
            eprintln!("error: {}: no such file", c.display());
            return EXIT_USAGE;
        }
    }
    let opts = Options { config: args.config.as_deref(), select: &args.select, ignore: &args.ignore };
    let linted = match lint_compilation(&mut comp, &opts) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let mut all: Vec<Diagnostic> = comp.diagnostics().into_iter().cloned().collect();
    let modules = comp.results.iter().filter(|(_, c)| !c.has_errors() && c.program.apis.is_empty()).count();
    all.extend(super::build::output_clashes(&comp).into_iter().filter(|d| !(args.skip_modules && d.code == "E0418")));
    all.extend(linted.diagnostics.iter().cloned());
    let blocked = all.iter().any(|d| d.severity == Severity::Error && !is_finding(d));
    if args.skip_modules && modules == comp.results.len() && !blocked {
        eprintln!("{modules} module(s) checked; they declare no API, so there is nothing to lint");
        return EXIT_OK;
    }
    if linted.linted == 0 && !blocked {
        eprintln!("error: nothing was linted: no rule is enabled for these files (see `select` and `ignore` in gwc.toml)");
        return EXIT_USAGE;
    }
    let files: Vec<String> = comp.results.iter().map(|(_, c)| comp.sources.get(c.root).name.clone()).collect();
    print(&all, &linted.suppressed, &comp, &files, args.format);
    if blocked || all.iter().any(|d| fails(d, args.deny)) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// A lint finding (as opposed to a compiler, configuration or suppression diagnostic).
fn is_finding(d: &Diagnostic) -> bool {
    crate::lint::registry::find(d.code).is_some()
}

fn print(all: &[Diagnostic], suppressed: &[(Diagnostic, String)], comp: &Compilation, files: &[String], format: LintFormat) {
    let mut out = std::io::stdout().lock();
    match format {
        LintFormat::Json => {
            let mut doc = render_json(all, &comp.sources);
            let sup = render_json(&suppressed.iter().map(|(d, _)| d.clone()).collect::<Vec<_>>(), &comp.sources);
            let mut items = sup["diagnostics"].as_array().cloned().unwrap_or_default();
            for (item, (_, reason)) in items.iter_mut().zip(suppressed) {
                item["reason"] = serde_json::json!(reason);
            }
            doc["suppressed"] = serde_json::Value::Array(items);
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        LintFormat::Sarif => {
            let doc = report::sarif(all, suppressed, &comp.sources);
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        LintFormat::Github => {
            let _ = write!(out, "{}", report::github(all, &comp.sources));
        }
        LintFormat::Junit => {
            let _ = write!(out, "{}", report::junit(files, all, &comp.sources));
        }
        LintFormat::Human => {
            let stderr = std::io::stderr();
            let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let opts = RenderOptions { color, width: 100 };
            let mut err = stderr.lock();
            let renderer = Renderer::new(&comp.sources, opts);
            for d in all {
                let _ = write!(err, "{}", renderer.render(d));
            }
            let count = |s: Severity| all.iter().filter(|d| d.severity == s).count();
            let _ = writeln!(
                err,
                "{} error(s), {} warning(s), {} note(s); {} suppressed",
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Note),
                suppressed.len()
            );
        }
    }
}
