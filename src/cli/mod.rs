//! The command line: clap definitions and one module per subcommand; all I/O lives here.

mod build;
mod check;
mod deploy;
mod explain;
mod fmt;
mod import;
mod lint;
mod lsp;
mod rules;

use crate::check::Checked;
use crate::diag::{render_json, Diagnostic, RenderOptions, Renderer, Severity};
use crate::source::{FsLoader, LoadError, SourceMap};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// gwc compiles `.gw` programs describing Amazon API Gateway APIs into CloudFormation.
#[derive(Parser, Debug)]
#[command(name = "gwc", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compile programs and write one CloudFormation template per API.
    ///
    /// Each FILE is a program (with the files it imports). Nothing is written if any program
    /// has errors; templates are written atomically to OUT/<api>.cfn.yaml (or .json).
    Build(build::BuildArgs),
    /// Parse, resolve and check programs without writing anything.
    Check(check::CheckArgs),
    /// Rewrite files in the canonical layout (comments kept); `--check` only lists them.
    Fmt(fmt::FmtArgs),
    /// Import an OpenAPI 3.0 / Swagger 2.0 document with API Gateway extensions, or a
    /// CloudFormation or SAM template holding one, as a formatted `.gw` program.
    ///
    /// What gwc cannot express is reported with its JSON pointer; the import then fails (exit
    /// 1) unless `--allow-partial`. Exit 2: the file cannot be read.
    Import(import::ImportArgs),
    /// Run the language server (for editors) over standard input and output.
    Lsp(lsp::LspArgs),
    /// Check programs and run the policy linter over them (configured by the nearest gwc.toml).
    ///
    /// Exit status: 0 clean, 1 compile errors or findings at or above `--deny` (errors by
    /// default), 2 usage or I/O errors, including when no rule is enabled.
    Lint(lint::LintArgs),
    /// List every lint rule: code, name, family, default severity.
    Rules(rules::RulesArgs),
    /// Explain a lint rule (`gwc explain SEC001`); `--all --format markdown` is docs/rules.md.
    Explain(explain::ExplainArgs),
    /// Deploy a program's API as a CloudFormation stack (change set, confirm, follow).
    ///
    /// Exit status: 0 deployed or no changes, 1 program errors or a failed deploy (or
    /// --timeout), 2 usage, I/O, credentials or endpoint errors, 130 interrupted.
    /// `--delete --stack NAME` tears the stack down the same way.
    Deploy(deploy::DeployArgs),
}

/// How diagnostics are printed.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DiagnosticFormat {
    /// For people: source excerpts, colour on a terminal (NO_COLOR turns it off).
    #[default]
    Human,
    /// One JSON document on stdout.
    Json,
}

/// Exit status: the program is clean.
pub const EXIT_OK: i32 = 0;
/// Exit status: the program has errors.
pub const EXIT_ERRORS: i32 = 1;
/// Exit status: usage or I/O error.
pub const EXIT_USAGE: i32 = 2;

/// Runs the CLI with the process arguments and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    // The parser and checker recurse on nesting, which the parser bounds (`MAX_NESTING`); a
    // generous stack keeps that bound far from the limit on every platform.
    let worker = std::thread::Builder::new().stack_size(STACK_BYTES).spawn(move || match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Deploy(args) => deploy::run(&args),
        Command::Lsp(args) => lsp::run(&args),
    });
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error: internal compiler error; please report it with the input that caused it");
            EXIT_USAGE
        }
    }
}

/// Stack size of the thread that compiles.
const STACK_BYTES: usize = 64 * 1024 * 1024;

/// Every root file compiled, with the sources they read.
pub(crate) struct Compilation {
    pub sources: SourceMap,
    pub results: Vec<(PathBuf, Checked)>,
}

impl Compilation {
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        self.results.iter().flat_map(|(_, c)| c.diagnostics.iter()).collect()
    }
    pub fn has_errors(&self) -> bool {
        self.results.iter().any(|(_, c)| c.has_errors())
    }
}

/// Compiles each file; Err(message) for I/O problems with a root file.
pub(crate) fn compile_files(files: &[PathBuf]) -> Result<Compilation, String> {
    let mut sources = SourceMap::default();
    let mut results = Vec::new();
    for f in files {
        match crate::check::compile(f, &FsLoader, &mut sources) {
            Ok(c) => results.push((f.clone(), c)),
            Err(LoadError::NotFound) => return Err(format!("{}: no such file", f.display())),
            Err(LoadError::Io(e)) => return Err(format!("{}: {e}", f.display())),
            Err(LoadError::NotUtf8) => return Err(format!("{}: not UTF-8", f.display())),
        }
    }
    Ok(Compilation { sources, results })
}

/// Prints diagnostics to stderr (human) or stdout (JSON), followed by a summary line.
pub(crate) fn print_diagnostics(comp: &Compilation, extra: &[Diagnostic], format: DiagnosticFormat) {
    let mut all: Vec<Diagnostic> = comp.diagnostics().into_iter().cloned().collect();
    all.extend(extra.iter().cloned());
    match format {
        DiagnosticFormat::Json => {
            let doc = render_json(&all, &comp.sources);
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        DiagnosticFormat::Human => {
            let stderr = std::io::stderr();
            let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let opts = RenderOptions { color, width: 100 };
            let mut err = stderr.lock();
            let renderer = Renderer::new(&comp.sources, opts);
            for d in &all {
                let _ = write!(err, "{}", renderer.render(d));
            }
            let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = all.iter().filter(|d| d.severity == Severity::Warning).count();
            if errors + warnings > 0 {
                let _ = writeln!(err, "{errors} error(s), {warnings} warning(s)");
            }
        }
    }
}
