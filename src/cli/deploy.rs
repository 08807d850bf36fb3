//! `gwc deploy`: compile in memory, then create, show, execute and follow a CloudFormation change set.

#[cfg(feature = "deploy")]
use super::EXIT_OK;
use super::{compile_files, print_diagnostics, DiagnosticFormat, EXIT_ERRORS, EXIT_USAGE};
use crate::diag::{Diagnostic, Severity};
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args, Debug)]
pub struct DeployArgs {
    /// The program to deploy (one file; it must declare one API, or pick one with --api).
    #[arg(required_unless_present = "delete")]
    pub file: Option<PathBuf>,
    /// CloudFormation stack name.
    #[arg(long, value_name = "NAME")]
    pub stack: String,
    /// Which API of the file to deploy, when it declares several.
    #[arg(long, value_name = "NAME")]
    pub api: Option<String>,
    /// AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's region).
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Named profile from the AWS config and credentials files (default: AWS_PROFILE).
    #[arg(long, value_name = "P")]
    pub profile: Option<String>,
    /// Send CloudFormation calls to this endpoint (any CloudFormation-compatible server).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// A parameter value, by its template name (`AcmeKey`) or program name (`acme_key`).
    #[arg(long = "param", value_name = "K=V", value_parser = key_value)]
    pub params: Vec<(String, String)>,
    /// A stack tag (CloudFormation applies it to every resource).
    #[arg(long = "tag", value_name = "K=V", value_parser = key_value)]
    pub tags: Vec<(String, String)>,
    /// Create the change set and print it, but leave it for review.
    #[arg(long)]
    pub no_execute: bool,
    /// Do not ask before executing (or deleting).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Give up waiting after this long (e.g. 90s, 15m, 1h); CloudFormation carries on.
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = duration)]
    pub timeout: Duration,
    /// Delete the stack (no FILE) instead of deploying, following it the same way.
    #[arg(long, conflicts_with_all = ["file", "api", "params", "tags", "no_execute"])]
    pub delete: bool,
    /// How to print the program's diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub diagnostics: DiagnosticFormat,
}

fn key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got `{s}`")),
    }
}

/// `90`, `90s`, `15m`, `1h`.
fn duration(s: &str) -> Result<Duration, String> {
    let (num, unit) = s.find(|c: char| !c.is_ascii_digit()).map_or((s, ""), |i| s.split_at(i));
    let n: u64 = num.parse().map_err(|_| format!("expected a duration such as 90s, 15m or 1h, got `{s}`"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("unknown unit `{unit}` (use s, m or h)")),
    };
    if secs == 0 {
        return Err("the timeout must be more than 0".to_string());
    }
    Ok(Duration::from_secs(secs))
}

pub fn run(args: &DeployArgs) -> i32 {
    #[cfg(feature = "deploy")]
    {
        match &args.file {
            None => delete(args),
            Some(f) => deploy(args, f),
        }
    }
    #[cfg(not(feature = "deploy"))]
    {
        let _ = args;
        eprintln!("error: this gwc was built without deploy support (cargo feature `deploy`); use `gwc build` and deploy the template with the AWS CLI");
        EXIT_USAGE
    }
}

/// Compiles and lints the file, and returns the chosen API's template as compact JSON, or the
/// exit status when it cannot be deployed.
#[cfg_attr(not(feature = "deploy"), allow(dead_code))]
fn template(args: &DeployArgs, file: &PathBuf) -> Result<(String, String), i32> {
    let mut comp = match compile_files(std::slice::from_ref(file)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return Err(EXIT_USAGE);
        }
    };
    if comp.has_errors() {
        print_diagnostics(&comp, &[], args.diagnostics);
        return Err(EXIT_ERRORS);
    }
    // The policy linter (gwc.toml) runs too: its errors stop the deploy before any call.
    let linted = match super::lint::lint_compilation(&mut comp, &super::lint::Options::default()) {
        Ok(l) => l.diagnostics,
        Err(e) => {
            eprintln!("error: {e}");
            return Err(EXIT_USAGE);
        }
    };
    // The compiler's warnings and the linter's errors are shown; other findings are counted.
    let (mut errors, others): (Vec<Diagnostic>, Vec<Diagnostic>) =
        linted.into_iter().partition(|d: &Diagnostic| d.severity == Severity::Error);
    // What CloudFormation cannot write of the API to deploy (E0505) stops it too.
    if let Some((_, c)) = comp.results.first() {
        let apis = &c.program.apis;
        for a in apis.iter().filter(|a| args.api.as_ref().map_or(apis.len() == 1, |n| &a.name == n)) {
            errors.extend(crate::emit::unlowered::diagnostics(crate::emit::unlowered::Target::CloudFormation, &c.program, a));
        }
    }
    print_diagnostics(&comp, &errors, args.diagnostics);
    if !others.is_empty() && args.diagnostics == DiagnosticFormat::Human {
        eprintln!("note: {} lint finding(s) below error level; see `gwc lint {}`", others.len(), file.display());
    }
    if !errors.is_empty() {
        eprintln!("error: not deploying: fix the errors above first");
        return Err(EXIT_ERRORS);
    }
    let Some((_, checked)) = comp.results.first() else { return Err(EXIT_USAGE) };
    let program = &checked.program;
    let names = || program.apis.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ");
    let api = match &args.api {
        Some(n) => match program.apis.iter().find(|a| &a.name == n) {
            Some(a) => a,
            None => {
                eprintln!("error: {} declares no API named `{n}` (it declares: {})", file.display(), names());
                return Err(EXIT_USAGE);
            }
        },
        None => match program.apis.as_slice() {
            [a] => a,
            [] => {
                eprintln!("error: {} declares no API: nothing to deploy", file.display());
                return Err(EXIT_ERRORS);
            }
            _ => {
                eprintln!("error: {} declares several APIs ({}); pick one with --api NAME", file.display(), names());
                return Err(EXIT_USAGE);
            }
        },
    };
    let doc = crate::emit::cloudformation::template(program, api);
    let text = serde_json::to_string(&doc).map_err(|e| {
        eprintln!("error: cannot render the template: {e}");
        EXIT_USAGE
    })?;
    Ok((api.name.clone(), text))
}

#[cfg(feature = "deploy")]
fn deploy(args: &DeployArgs, file: &PathBuf) -> i32 {
    use crate::deploy;
    let (api, body) = match template(args, file) {
        Ok(t) => t,
        Err(code) => return code,
    };
    if body.len() > deploy::INLINE_LIMIT {
        eprintln!(
            "error: the template of API `{api}` is {} bytes; CloudFormation takes at most {} bytes inline (TemplateBody)\n  \
             help: write it with `gwc build --format json {}` and deploy it from S3 (`aws cloudformation deploy --s3-bucket BUCKET --template-file out/{api}.cfn.json --stack-name {}`), or split the API",
            body.len(),
            deploy::INLINE_LIMIT,
            file.display(),
            args.stack
        );
        return EXIT_ERRORS;
    }
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let params = match deploy::resolve_param_names(&doc, &args.params) {
        Ok(p) => p,
        Err(e) => return report(e),
    };
    if let Some(code) = refuse_without_tty(args) {
        return code;
    }
    let d = deploy::Deploy {
        stack: args.stack.clone(),
        target: target(args),
        template: body,
        params,
        tags: args.tags.clone(),
        execute: !args.no_execute,
        confirm: (!args.yes).then_some(ask as deploy::Confirm),
        timeout: args.timeout,
    };
    match deploy::deploy(d) {
        Ok(()) => EXIT_OK,
        Err(e) => report(e),
    }
}

#[cfg(feature = "deploy")]
fn delete(args: &DeployArgs) -> i32 {
    if let Some(code) = refuse_without_tty(args) {
        return code;
    }
    let confirm = (!args.yes).then_some(ask as crate::deploy::Confirm);
    match crate::deploy::delete(&args.stack, &target(args), confirm, args.timeout) {
        Ok(()) => EXIT_OK,
        Err(e) => report(e),
    }
}

#[cfg(feature = "deploy")]
fn target(args: &DeployArgs) -> crate::deploy::Target {
    crate::deploy::Target { region: args.region.clone(), profile: args.profile.clone(), endpoint_url: args.endpoint_url.clone() }
}

/// Without --yes the command asks on stdin; when stdin is not a terminal it refuses instead.
#[cfg(feature = "deploy")]
fn refuse_without_tty(args: &DeployArgs) -> Option<i32> {
    use std::io::IsTerminal;
    let asks = !args.yes && (args.delete || !args.no_execute);
    if asks && !std::io::stdin().is_terminal() {
        eprintln!("error: stdin is not a terminal, so gwc cannot ask for confirmation: pass --yes to go ahead without asking (or --no-execute to only create the change set)");
        return Some(EXIT_USAGE);
    }
    None
}

#[cfg(feature = "deploy")]
fn ask(question: String) -> Result<bool, crate::deploy::Error> {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = write!(out, "{question} [y/N] ");
    let _ = out.flush();
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| crate::deploy::Error::usage(format!("cannot read the answer: {e}")))?;
    Ok(matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

#[cfg(feature = "deploy")]
fn report(e: crate::deploy::Error) -> i32 {
    use crate::deploy::Kind;
    eprintln!("error: {}", e.message);
    match e.kind {
        Kind::Usage => EXIT_USAGE,
        Kind::Failed | Kind::TimedOut => EXIT_ERRORS,
        Kind::Interrupted => 130,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_key_values_parse() {
        assert_eq!(duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(duration("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(duration("1h").unwrap(), Duration::from_secs(3600));
        assert!(duration("5d").is_err() && duration("0").is_err() && duration("m").is_err());
        assert_eq!(key_value("A=b=c").unwrap(), ("A".to_string(), "b=c".to_string()));
        assert!(key_value("=x").is_err() && key_value("x").is_err());
    }
}
