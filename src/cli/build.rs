//! `gwc build`: compile and write one CloudFormation template (or Terraform configuration, or
//! OpenAPI document) per API, atomically.

use super::{compile_files, print_diagnostics, Compilation, DiagnosticFormat, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::diag::Diagnostic;
use crate::emit::{self, Format};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Yaml,
    Json,
}

/// What `gwc build` writes.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Target {
    /// `<api>.cfn.yaml` (or `.cfn.json`): an AWS CloudFormation template.
    #[default]
    Cloudformation,
    /// `<api>.tf.json`: a Terraform JSON configuration (always JSON; `--format` is ignored).
    Terraform,
    /// `<api>.openapi.yaml` (or `.openapi.json`): OpenAPI 3.0.1 with the API Gateway extensions.
    Openapi,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Program files to compile.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Directory to write templates to (created if missing).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Template format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Yaml)]
    pub format: OutputFormat,
    /// What to write: CloudFormation, Terraform JSON or OpenAPI.
    #[arg(long, value_enum, default_value_t = Target::Cloudformation)]
    pub target: Target,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub diagnostics: DiagnosticFormat,
}

/// Problems with what the files would write: two APIs (from different files) with the same name
/// would overwrite each other's output, and a file without APIs builds nothing.
pub(crate) fn output_clashes(comp: &Compilation) -> Vec<Diagnostic> {
    let mut seen: indexmap::IndexMap<&str, crate::source::Span> = indexmap::IndexMap::new();
    let mut out = Vec::new();
    for (_, c) in &comp.results {
        if c.program.apis.is_empty() && !c.has_errors() {
            out.push(
                Diagnostic::error("E0418", crate::source::Span::new(c.root, 0, 0), "this file declares no API")
                    .label("nothing to build")
                    .help("declare one with `rest api NAME { ... }`; files that only hold shared declarations are imported, not built"),
            );
        }
        for api in &c.program.apis {
            if let Some(first) = seen.get(api.name.as_str()) {
                out.push(
                    Diagnostic::error("E0413", api.span, format!("another API is also named `{}`", api.name))
                        .label("same output file")
                        .with_secondary(*first, "first API with this name")
                        .help("API names must be unique across the files built together"),
                );
            } else {
                seen.insert(&api.name, api.span);
            }
        }
    }
    out
}

pub fn run(args: &BuildArgs) -> i32 {
    let comp = match compile_files(&args.files) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let clash = output_clashes(&comp);
    print_diagnostics(&comp, &clash, args.diagnostics);
    if comp.has_errors() || !clash.is_empty() {
        return EXIT_ERRORS;
    }
    let format = match args.format {
        OutputFormat::Yaml => Format::Yaml,
        OutputFormat::Json => Format::Json,
    };
    let mut outputs = Vec::new();
    let mut target_errors = Vec::new();
    for (_, c) in &comp.results {
        for api in &c.program.apis {
            let (doc, suffix, format) = match args.target {
                Target::Cloudformation => (emit::cloudformation::template(&c.program, api), "cfn", format),
                Target::Terraform => (emit::terraform::configuration(&c.program, api), "tf", Format::Json),
                Target::Openapi => match emit::openapi::document(&c.program, api) {
                    Ok(doc) => (doc, "openapi", format),
                    Err(d) => {
                        target_errors.push(d);
                        continue;
                    }
                },
            };
            match emit::render(&doc, format) {
                Ok(text) => outputs.push((args.out.join(format!("{}.{suffix}.{}", api.name, format.extension())), text)),
                Err(e) => {
                    eprintln!("error: cannot render template for `{}`: {e}", api.name);
                    return EXIT_USAGE;
                }
            }
        }
    }
    if !target_errors.is_empty() {
        // Nothing is written when any API cannot be expressed in the chosen target.
        print_diagnostics(&Compilation { sources: comp.sources, results: Vec::new() }, &target_errors, args.diagnostics);
        return EXIT_ERRORS;
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create {}: {e}", args.out.display());
        return EXIT_USAGE;
    }
    for (path, text) in &outputs {
        if let Err(e) = write_atomically(path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_USAGE;
        }
        eprintln!("wrote {}", path.display());
    }
    EXIT_OK
}

/// Writes through a temporary file in the same directory and renames it into place, so a
/// reader never sees a partial file and a failure leaves the previous file untouched.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
