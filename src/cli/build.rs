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
    /// CloudFormation body mode: lower each REST API as one AWS::ApiGateway::RestApi whose Body
    /// is its OpenAPI definition (a few resources instead of several per route; no 500-resource
    /// limit for routes). Stages, the deployment, permissions, keys and domains stay resources.
    #[arg(long)]
    pub openapi_body: bool,
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
    if args.openapi_body && args.target != Target::Cloudformation {
        let target = args.target.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
        eprintln!("error: --openapi-body is a form of CloudFormation output; it does not apply to --target {target}");
        return EXIT_USAGE;
    }
    let mut comp = match compile_files(&args.files) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    if args.openapi_body {
        fits_in_body_mode(&mut comp);
    }
    let cfn_options = emit::cloudformation::Options { rest_body: args.openapi_body };
    let clash = output_clashes(&comp);
    if comp.has_errors() || !clash.is_empty() {
        print_diagnostics(&comp, &clash, args.diagnostics);
        return EXIT_ERRORS;
    }
    let format = match args.format {
        OutputFormat::Yaml => Format::Yaml,
        OutputFormat::Json => Format::Json,
    };
    // Each API is lowered and rendered on its own, on as many threads as there are cores; the
    // results are then taken in program order, so output and diagnostics do not depend on timing.
    let carried: Vec<Vec<crate::lint::carry::Carried>> =
        comp.results.iter().map(|(_, c)| crate::lint::carry::carried(&c.program, &comp.sources)).collect();
    let jobs: Vec<(usize, usize)> =
        comp.results.iter().enumerate().flat_map(|(r, (_, c))| (0..c.program.apis.len()).map(move |a| (r, a))).collect();
    let emitted = crate::parallel::parallel_map(&jobs, |&(r, api_index)| {
        let program = &comp.results[r].1.program;
        emit_api(args, cfn_options, format, program, api_index, &carried[r])
    });
    let mut outputs = Vec::new();
    let mut target_errors = Vec::new();
    for (&(r, api_index), result) in jobs.iter().zip(emitted) {
        match result {
            Emitted::Text(suffix, format, text) => {
                let name = &comp.results[r].1.program.apis[api_index].name;
                outputs.push((args.out.join(format!("{name}.{suffix}.{}", format.extension())), text));
            }
            Emitted::Unexpressible(problems) => target_errors.extend(problems),
            Emitted::RenderFailed(message) => {
                let name = &comp.results[r].1.program.apis[api_index].name;
                eprintln!("error: cannot render template for `{name}`: {message}");
                return EXIT_USAGE;
            }
        }
    }
    // The program's warnings and what the chosen target cannot express, printed once.
    crate::diag::sort_and_dedup(&mut target_errors);
    print_diagnostics(&comp, &target_errors, args.diagnostics);
    if !target_errors.is_empty() {
        // Nothing is written when any API cannot be expressed in the chosen target.
        return EXIT_ERRORS;
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create {}: {e}", args.out.display());
        return EXIT_USAGE;
    }
    if let Err(e) = write_all_atomically(&outputs) {
        eprintln!("error: {e}");
        return EXIT_USAGE;
    }
    for (path, _) in &outputs {
        eprintln!("wrote {}", path.display());
    }
    EXIT_OK
}

/// What building one API gives.
enum Emitted {
    /// The rendered document, with its file-name suffix (`cfn`, `tf`, `openapi`) and format.
    Text(&'static str, Format, String),
    /// What the target cannot express.
    Unexpressible(Vec<Diagnostic>),
    RenderFailed(String),
}

/// Lowers API `api_index` of `program` to the chosen target and renders it.
fn emit_api(
    args: &BuildArgs,
    cfn_options: emit::cloudformation::Options,
    format: Format,
    program: &crate::model::Program,
    api_index: usize,
    carried: &[crate::lint::carry::Carried],
) -> Emitted {
    let api = &program.apis[api_index];
    let (doc, suffix, format) = match args.target {
        Target::Cloudformation => {
            let problems = emit::unlowered::diagnostics(emit::unlowered::Target::CloudFormation, program, api);
            if !problems.is_empty() {
                return Emitted::Unexpressible(problems);
            }
            let mut doc = emit::cloudformation::template_with(program, api, cfn_options);
            emit::cloudformation::scanner_skips::add(&mut doc, api, &scanner_skips(carried, api_index));
            (doc, "cfn", format)
        }
        Target::Terraform => match emit::terraform::build(program, api) {
            Ok(doc) => (doc, "tf", Format::Json),
            Err(problems) => return Emitted::Unexpressible(problems),
        },
        Target::Openapi => match emit::openapi::build(program, api) {
            Ok(doc) => (doc, "openapi", format),
            Err(problems) => return Emitted::Unexpressible(problems),
        },
    };
    match emit::render(&doc, format) {
        Ok(text) => Emitted::Text(suffix, format, text),
        Err(e) => Emitted::RenderFailed(e.to_string()),
    }
}

/// The in-source suppressions of one API as the scanner checks they excuse (from each rule's
/// anchors), for the template's resource Metadata.
fn scanner_skips(carried: &[crate::lint::carry::Carried], api_index: usize) -> Vec<emit::cloudformation::scanner_skips::ScannerSkip> {
    use crate::lint::{carry::scanner_ids, Node};
    use emit::cloudformation::scanner_skips::{On, ScannerSkip};
    let owned = |ids: Vec<&str>| ids.into_iter().map(str::to_string).collect::<Vec<_>>();
    carried
        .iter()
        .filter(|c| c.api == api_index)
        .map(|c| ScannerSkip {
            on: match c.node {
                Node::Api => On::Api,
                Node::Route(i) => On::Route(i),
                Node::Stage(i) => On::Stage(i),
                Node::Authorizer(i) => On::Authorizer(i),
                Node::Policy(_) => On::Policy,
                Node::UsagePlan(i) => On::UsagePlan(i),
                Node::ApiKey(i) => On::ApiKey(i),
                Node::Domain(i) => On::Domain(i),
            },
            checkov: owned(scanner_ids(c.rule, "checkov")),
            cfn_lint: owned([scanner_ids(c.rule, "cfn-lint"), scanner_ids(c.rule, "serverless-rules")].concat()),
            cfn_nag: owned(scanner_ids(c.rule, "cfn_nag")),
            reason: format!("gwc: allow {} -- {}", c.rule.name, c.reason),
        })
        .filter(|s| !(s.checkov.is_empty() && s.cfn_lint.is_empty() && s.cfn_nag.is_empty()))
        .collect()
}

/// Body mode puts a REST API's routes into one resource: the checker's E0430 (past 500 resources,
/// counted for resource mode) no longer applies to an API whose body-mode template fits.
fn fits_in_body_mode(comp: &mut super::Compilation) {
    let body = emit::cloudformation::Options { rest_body: true };
    for (_, c) in &mut comp.results {
        let fits: Vec<crate::source::Span> = c
            .program
            .apis
            .iter()
            .filter(|a| a.kind == crate::model::ApiKind::Rest)
            .filter(|a| emit::cloudformation::resource_count_with(&c.program, a, body) <= emit::cloudformation::MAX_RESOURCES)
            .map(|a| a.span)
            .collect();
        c.diagnostics.retain(|d| !(d.code == "E0430" && fits.contains(&d.primary.span)));
    }
}

/// `.NAME.PID.TAG` next to `path`: where its new text is staged or its old text is kept.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.{tag}", std::process::id()))
}

/// Writes every output or none. Each text is first written to a temporary file next to its
/// destination; only when all are written are they renamed into place, and if a rename fails,
/// the files already replaced are restored from backups (hard links, or copies) and the ones
/// created are removed. A failure leaves the previous run's files as they were, and no
/// temporary file behind.
pub fn write_all_atomically(outputs: &[(PathBuf, String)]) -> Result<(), String> {
    let mut staged: Vec<PathBuf> = Vec::new();
    let discard = |files: &[PathBuf]| files.iter().for_each(|f| drop(std::fs::remove_file(f)));
    for (path, text) in outputs {
        let tmp = sibling(path, "tmp");
        staged.push(tmp.clone());
        if let Err(e) = std::fs::write(&tmp, text) {
            discard(&staged);
            return Err(format!("cannot write {}: {e}", path.display()));
        }
    }
    // (destination, backup of what it held before)
    let mut placed: Vec<(&Path, Option<PathBuf>)> = Vec::new();
    let restore = |placed: &[(&Path, Option<PathBuf>)]| {
        for (path, backup) in placed.iter().rev() {
            let _ = match backup {
                Some(b) => std::fs::rename(b, path),
                None => std::fs::remove_file(path),
            };
        }
    };
    for (i, (path, _)) in outputs.iter().enumerate() {
        let backup = if path.is_file() {
            let b = sibling(path, "bak");
            if let Err(e) = std::fs::hard_link(path, &b).or_else(|_| std::fs::copy(path, &b).map(drop)) {
                let _ = std::fs::remove_file(&b);
                restore(&placed);
                discard(&staged[i..]);
                return Err(format!("cannot keep a backup of {}: {e}", path.display()));
            }
            Some(b)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staged[i], path) {
            if let Some(b) = &backup {
                let _ = std::fs::remove_file(b);
            }
            restore(&placed);
            discard(&staged[i..]);
            return Err(format!("cannot write {}: {e}", path.display()));
        }
        placed.push((path, backup));
    }
    for (_, backup) in placed {
        if let Some(b) = backup {
            let _ = std::fs::remove_file(b);
        }
    }
    Ok(())
}
