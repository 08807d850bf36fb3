//! `gwc import`: an OpenAPI or Swagger document (or a CloudFormation or SAM template holding one) as a formatted `.gw` program.

use super::{DiagnosticFormat, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::diag::{render_json, RenderOptions, Renderer, Severity};
use crate::source::{SourceFile, SourceMap};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// The API kind to import as.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// A REST API (`x-amazon-apigateway-*` of REST APIs).
    Rest,
    /// An HTTP API.
    Http,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// OpenAPI 3.0 or Swagger 2.0 document, or CloudFormation/SAM template, as JSON or YAML.
    pub file: PathBuf,
    /// The kind of API to import as (default: from the document).
    #[arg(long, value_enum)]
    pub kind: Option<ImportKind>,
    /// Where to write the program (atomically); default: standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the program even when parts of the document cannot be expressed (they are reported as warnings).
    #[arg(long)]
    pub allow_partial: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub diagnostics: DiagnosticFormat,
}

pub fn run(args: &ImportArgs) -> i32 {
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {}: {e}", args.file.display());
            return EXIT_USAGE;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: {}: not UTF-8", args.file.display());
        return EXIT_USAGE;
    };
    let mut sources = SourceMap::default();
    let file =
        sources.add(SourceFile { name: args.file.to_string_lossy().into_owned(), text: text.clone(), path: Some(args.file.clone()) });
    let opts = crate::import::Options { allow_partial: args.allow_partial, http: args.kind.map(|k| k == ImportKind::Http) };
    let outcome = crate::import::import(file, &text, &opts);
    print(&outcome.diagnostics, &sources, args.diagnostics);
    let Some(program) = outcome.program else { return EXIT_ERRORS };
    match &args.out {
        Some(path) => {
            if let Err(e) = super::build::write_all_atomically(&[(path.clone(), program)]) {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
            eprintln!("wrote {}", path.display());
        }
        None => {
            let mut out = std::io::stdout().lock();
            if out.write_all(program.as_bytes()).is_err() {
                return EXIT_USAGE;
            }
        }
    }
    EXIT_OK
}

fn print(diags: &[crate::diag::Diagnostic], sources: &SourceMap, format: DiagnosticFormat) {
    match format {
        DiagnosticFormat::Json => {
            // JSON diagnostics go to stderr here: stdout may carry the program.
            let doc = render_json(diags, sources);
            let _ = writeln!(std::io::stderr().lock(), "{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        DiagnosticFormat::Human => {
            let stderr = std::io::stderr();
            let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let opts = RenderOptions { color, width: 100 };
            let mut err = stderr.lock();
            let renderer = Renderer::new(sources, opts);
            for d in diags {
                let _ = write!(err, "{}", renderer.render(d));
            }
            let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = diags.iter().filter(|d| d.severity == Severity::Warning).count();
            if errors + warnings > 0 {
                let _ = writeln!(err, "{errors} error(s), {warnings} warning(s)");
            }
        }
    }
}
