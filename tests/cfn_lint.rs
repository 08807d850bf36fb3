//! External oracle: every `examples/*.gw` compiles (YAML and JSON) to CloudFormation that
//! cfn-lint, a tool nobody here wrote, accepts without errors.
//!
//! cfn-lint is found through `GWC_CFN_LINT`, else `.venv-tools/bin/cfn-lint` in the crate root,
//! else `cfn-lint` on `PATH`. `scripts/test` installs it and sets `GWC_REQUIRE_ORACLES=1`, which
//! turns a missing cfn-lint into a failure instead of a skip.
//!
//! cfn-lint takes ~1.5 s to start, so all templates of all examples go to ONE invocation, with a
//! known-bad canary template among them: if the canary's error is not reported, the oracle itself
//! is broken (wrong tool, wrong version, nothing linted) and the test fails.

mod common;

use common::{build_ok, examples, files_in, manifest_dir, run, stem, TempDir};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A template with one seeded error (E3002, unknown property) that cfn-lint must report.
const CANARY: &str = "\
AWSTemplateFormatVersion: \"2010-09-09\"
Description: gwc test canary; cfn-lint must report E3002 for the misspelt property below
Resources:
  CanaryApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: gwc-canary
      Nmae: this-property-does-not-exist
";

/// Writes past libtest's output capture, so that skips and warnings show in a normal run.
fn loud(msg: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{msg}");
    let _ = err.flush();
}

fn oracles_required() -> bool {
    matches!(std::env::var("GWC_REQUIRE_ORACLES").as_deref().map(str::trim), Ok("1") | Ok("true") | Ok("yes"))
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| [dir.join(name), dir.join(format!("{name}.exe"))]).find(|p| p.is_file())
}

/// Where cfn-lint is, or `None` (with the places looked at).
fn find_cfn_lint() -> Result<PathBuf, String> {
    if let Some(explicit) = std::env::var_os("GWC_CFN_LINT").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(&explicit);
        // An explicit setting that points nowhere is a broken setup, never a reason to skip.
        assert!(
            p.is_file() || find_on_path(&explicit.to_string_lossy()).is_some(),
            "GWC_CFN_LINT={} does not exist; run scripts/test, or unset it",
            p.display()
        );
        return Ok(p);
    }
    let venv = manifest_dir().join(".venv-tools").join("bin").join("cfn-lint");
    if venv.is_file() {
        return Ok(venv);
    }
    let venv_win = manifest_dir().join(".venv-tools").join("Scripts").join("cfn-lint.exe");
    if venv_win.is_file() {
        return Ok(venv_win);
    }
    if let Some(p) = find_on_path("cfn-lint") {
        return Ok(p);
    }
    Err(format!("looked at $GWC_CFN_LINT (unset), {}, and PATH", venv.display()))
}

/// `dir`'s `*.cfn.<ext>` files.
fn templates(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let suffix = format!(".cfn.{ext}");
    files_in(dir).into_iter().filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(&suffix))).collect()
}

/// `petstore.cfn.yaml` -> `petstore`.
fn api_names(files: &[PathBuf]) -> BTreeSet<String> {
    files
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| {
            let n = n.to_string_lossy();
            n.split(".cfn.").next().unwrap_or_default().to_string()
        })
        .collect()
}

/// One finding of `cfn-lint --format parseable`: `FILE:L:C:L:C:RULE:MESSAGE`.
struct Finding {
    file: PathBuf,
    rule: String,
    line: String,
}

/// Splits parseable output by template. Lines that start with no known template (continuation
/// lines, tool chatter) are returned separately.
fn parse_findings(output: &str, files: &[PathBuf]) -> (Vec<Finding>, Vec<String>) {
    let mut findings: Vec<Finding> = Vec::new();
    let mut other = Vec::new();
    // Longest paths first, so that `a.cfn.yaml` never claims `a.cfn.yaml.x`'s lines.
    let mut by_len: Vec<(String, &PathBuf)> = files.iter().map(|f| (format!("{}:", f.display()), f)).collect();
    by_len.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
    for line in output.lines().filter(|l| !l.trim().is_empty()) {
        match by_len.iter().find(|(prefix, _)| line.starts_with(prefix.as_str())) {
            Some((prefix, file)) => {
                let rule = line[prefix.len()..].split(':').nth(4).unwrap_or("?").to_string();
                findings.push(Finding { file: (*file).clone(), rule, line: line.to_string() });
            }
            None => match findings.last_mut() {
                Some(last) if line.starts_with(' ') => {
                    last.line.push('\n');
                    last.line.push_str(line);
                }
                _ => other.push(line.to_string()),
            },
        }
    }
    (findings, other)
}

/// Does a line contain `:Ennnn:` (a cfn-lint error rule in parseable format)?
fn looks_like_error(line: &str) -> bool {
    line.as_bytes().windows(7).any(|w| w[0] == b':' && w[1] == b'E' && w[2..6].iter().all(u8::is_ascii_digit) && w[6] == b':')
}

#[test]
fn examples_pass_cfn_lint() {
    let examples = examples();
    let cfn_lint = match find_cfn_lint() {
        Ok(p) => Some(p),
        Err(looked) if oracles_required() => panic!(
            "GWC_REQUIRE_ORACLES=1 but cfn-lint was not found ({looked}). \
             Install it with: python3 -m venv .venv-tools && .venv-tools/bin/pip install cfn-lint==1.58.0 \
             (scripts/test does this itself)"
        ),
        Err(_) => None,
    };

    // Build every example in both formats, each into its own directory (two examples may well
    // declare APIs of the same name).
    let tmp = TempDir::new("cfn-lint");
    let mut all: Vec<PathBuf> = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        let mut per_format = Vec::new();
        for format in ["yaml", "json"] {
            let out = tmp.join(format!("{format}/{i:03}-{}", stem(example)));
            build_ok(example, &out, format);
            let written = templates(&out, format);
            assert!(
                !written.is_empty(),
                "`gwc build {} --format {format}` exited 0 but wrote no *.cfn.{format} into {}; it wrote: {:?}",
                example.display(),
                out.display(),
                files_in(&out)
            );
            if format == "json" {
                for t in &written {
                    let text = std::fs::read_to_string(t).expect("read template");
                    let v: serde_json::Value =
                        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", t.display()));
                    assert!(
                        v.get("Resources").is_some_and(|r| r.as_object().is_some_and(|o| !o.is_empty())),
                        "{} (from {}) has no Resources",
                        t.display(),
                        example.display()
                    );
                }
            }
            per_format.push(api_names(&written));
            all.extend(written);
        }
        assert_eq!(
            per_format[0],
            per_format[1],
            "{}: --format yaml and --format json wrote templates for different APIs",
            example.display()
        );
    }

    let Some(cfn_lint) = cfn_lint else {
        loud("cfn-lint not installed: external oracle checks SKIPPED (run scripts/test for the full suite)");
        return;
    };

    let canary = tmp.join("zz-canary.cfn.yaml");
    std::fs::write(&canary, CANARY).expect("write canary template");
    let mut linted = all.clone();
    linted.push(canary.clone());

    // ONE cfn-lint run over everything (it is slow to start).
    let mut cmd = Command::new(&cfn_lint);
    cmd.arg("--format").arg("parseable").args(&linted);
    let r = run(&mut cmd);
    let stdout = r.stdout_str();
    let code = r.code().unwrap_or_else(|| panic!("cfn-lint did not exit normally:\n{r}"));
    if code == 127 && std::env::var_os("GWC_CFN_LINT").is_none_or(|v| v.is_empty()) {
        // "command not found" from a wrapper on PATH (e.g. a pyenv shim for another version).
        assert!(!oracles_required(), "GWC_REQUIRE_ORACLES=1 but {} cannot run cfn-lint:\n{r}", cfn_lint.display());
        loud("cfn-lint not installed: external oracle checks SKIPPED (run scripts/test for the full suite)");
        return;
    }
    // Exit code is a bitmask: 2 = error, 4 = warning, 8 = info. Anything else (1: bad usage or a
    // crash) means that the oracle did not run properly.
    assert!(code & !(2 | 4 | 8) == 0, "cfn-lint failed to run:\n{r}");

    let (findings, other) = parse_findings(&stdout, &linted);
    let canary_hit = findings.iter().any(|f| f.file == canary && f.rule == "E3002");
    assert!(
        canary_hit && code & 2 != 0,
        "cfn-lint did not report the seeded E3002 error in its canary template, so it cannot be \
         trusted as an oracle ({} at {}):\n{r}",
        r.status_text(),
        cfn_lint.display()
    );

    let ours: Vec<&Finding> = findings.iter().filter(|f| f.file != canary).collect();
    let mut errors: Vec<&str> = ours.iter().filter(|f| f.rule.starts_with('E')).map(|f| f.line.as_str()).collect();
    // A line that names an error rule but no template we passed (a path spelt differently) is
    // still an error; any other stray output is only shown.
    let (stray_errors, other): (Vec<&String>, Vec<&String>) = other.iter().partition(|l| looks_like_error(l));
    errors.extend(stray_errors.iter().map(|l| l.as_str()));
    if !other.is_empty() {
        loud(&format!("cfn-lint printed:\n  {}", other.iter().map(|l| l.as_str()).collect::<Vec<_>>().join("\n  ")));
    }
    let notes: Vec<&str> = ours.iter().filter(|f| !f.rule.starts_with('E')).map(|f| f.line.as_str()).collect();

    if !notes.is_empty() {
        loud(&format!("cfn-lint: {} warning(s)/info on gwc's templates (not failing the test):\n  {}", notes.len(), notes.join("\n  ")));
    }
    assert!(
        errors.is_empty(),
        "cfn-lint found {} error(s) in the CloudFormation that gwc emitted for examples/:\n  {}\n{}",
        errors.len(),
        errors.join("\n  "),
        if r.stderr.is_empty() { String::new() } else { format!("stderr:\n{}", r.stderr_str()) }
    );
    loud(&format!("cfn-lint ({}) passed {} template(s) from {} example(s)", cfn_lint.display(), all.len(), examples.len()));
}
