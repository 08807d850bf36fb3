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
    let comp = match compile_files(&args.files) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let clash = super::build::output_clashes(&comp);
    print_diagnostics(&comp, &clash, args.format);
    if comp.has_errors() || !clash.is_empty() { EXIT_ERRORS } else { EXIT_OK }
}
