//! `gwc check`: parse, resolve and check without writing.

use super::{compile_files, print_diagnostics, DiagnosticFormat, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Program files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
}

pub fn run(args: &CheckArgs) -> i32 {
    let mut comp = match compile_files(&args.files) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let mut extra = super::build::output_clashes(&comp);
    // `gwc check` runs the linter too (nearest gwc.toml); `gwc lint` has its options and formats.
    let lint = match super::lint::lint_compilation(&mut comp, &super::lint::Options::default()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let lint_errors = lint.diagnostics.iter().any(|d| d.is_error());
    extra.extend(lint.diagnostics);
    print_diagnostics(&comp, &extra, args.format);
    if comp.has_errors() || !extra.iter().all(|d| !d.is_error()) || lint_errors {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
