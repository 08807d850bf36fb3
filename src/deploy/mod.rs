//! Deploying a compiled template with CloudFormation change sets, and tearing stacks down.

pub mod changeset;
pub mod client;
pub mod progress;

use aws_sdk_cloudformation::types::{Parameter, Tag};
use changeset::{Created, Summary};
use client::{is_missing_stack, sdk_error};
use std::cell::RefCell;
use std::future::Future;
use std::io::Write;
use std::time::{Duration, Instant};

/// Largest template CloudFormation accepts inline (TemplateBody), in bytes.
pub const INLINE_LIMIT: usize = 51_200;

/// Where to deploy: the AWS chain's choices, overridden by the command line.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
}

/// What kind of failure, which decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Usage, credentials, endpoint unreachable (exit 2).
    Usage,
    /// CloudFormation refused or the deploy failed (exit 1).
    Failed,
    /// A wait ran past `--timeout` (exit 1).
    TimedOut,
    /// Ctrl-C (exit 130).
    Interrupted,
}

/// A deploy error: a message for people, and its kind.
#[derive(Debug, Clone)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
}

impl Error {
    pub fn usage(m: impl Into<String>) -> Error {
        Error { kind: Kind::Usage, message: m.into() }
    }
    pub fn failed(m: impl Into<String>) -> Error {
        Error { kind: Kind::Failed, message: m.into() }
    }
}

/// The overall time limit of a command: every call and every wait is bounded by it.
pub struct Deadline {
    end: Instant,
    timeout: Duration,
}

impl Deadline {
    pub fn new(timeout: Duration) -> Deadline {
        Deadline { end: Instant::now() + timeout, timeout }
    }
    fn remaining(&self) -> Duration {
        self.end.saturating_duration_since(Instant::now())
    }
    fn expired(&self, what: &str) -> Error {
        Error { kind: Kind::TimedOut, message: format!("timed out after {} while {what}", human(self.timeout)) }
    }
    /// Runs `fut`, or fails when the deadline passes first.
    pub async fn run<F: Future>(&self, what: &str, fut: F) -> Result<F::Output, Error> {
        tokio::time::timeout(self.remaining(), fut).await.map_err(|_| self.expired(what))
    }
}

/// A polling delay that grows from 0.5 s to 3 s.
pub struct Backoff(Duration);

impl Backoff {
    pub fn new() -> Backoff {
        Backoff(Duration::from_millis(500))
    }
    pub async fn sleep(&mut self, deadline: &Deadline, what: &str) -> Result<(), Error> {
        let left = deadline.remaining();
        if left.is_zero() {
            return Err(deadline.expired(what));
        }
        tokio::time::sleep(self.0.min(left)).await;
        self.0 = (self.0 * 3 / 2).min(Duration::from_secs(3));
        if deadline.remaining().is_zero() {
            return Err(deadline.expired(what));
        }
        Ok(())
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new()
    }
}

fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 && s.is_multiple_of(60) {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

/// Asks a yes/no question (reads stdin); runs on a blocking thread so Ctrl-C still works.
pub type Confirm = fn(String) -> Result<bool, Error>;

/// A deploy of one template.
pub struct Deploy {
    pub stack: String,
    pub target: Target,
    /// The template as compact JSON.
    pub template: String,
    /// `--param NAME=VALUE`, names as the template declares them.
    pub params: Vec<(String, String)>,
    pub tags: Vec<(String, String)>,
    pub execute: bool,
    /// `None` with `--yes`.
    pub confirm: Option<Confirm>,
    pub timeout: Duration,
}

/// Where a command was when it stopped, for the Ctrl-C and timeout hints.
#[derive(Clone)]
enum Phase {
    Preparing,
    ChangeSet(String),
    Executing,
    Deleting,
}

fn hint(phase: &Phase, stack: &str) -> String {
    match phase {
        Phase::Preparing => "nothing was changed".to_string(),
        Phase::ChangeSet(cs) => format!(
            "the change set `{cs}` is left for review: execute it with `aws cloudformation execute-change-set --stack-name {stack} --change-set-name {cs}` or delete it with `aws cloudformation delete-change-set --stack-name {stack} --change-set-name {cs}`"
        ),
        Phase::Executing => format!(
            "CloudFormation carries on without gwc: follow it with `aws cloudformation describe-stack-events --stack-name {stack}`, cancel an update with `aws cloudformation cancel-update-stack --stack-name {stack}`, or run `gwc deploy` again once it has settled"
        ),
        Phase::Deleting => format!(
            "CloudFormation carries on deleting: follow it with `aws cloudformation describe-stacks --stack-name {stack}`"
        ),
    }
}

/// Runs `flow` on a small runtime, stopping on Ctrl-C; adds the resume hint to waits that end early.
fn drive<'a, F>(stack: &str, phase: &'a RefCell<Phase>, flow: F) -> Result<(), Error>
where
    F: Future<Output = Result<(), Error>> + 'a,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::usage(format!("cannot start the async runtime: {e}")))?;
    let res = rt.block_on(async {
        tokio::select! {
            r = flow => r,
            _ = tokio::signal::ctrl_c() => Err(Error { kind: Kind::Interrupted, message: "interrupted (Ctrl-C)".to_string() }),
        }
    });
    // The blocking prompt thread (if any) must not keep the process alive.
    rt.shutdown_timeout(Duration::from_millis(100));
    res.map_err(|mut e| {
        if matches!(e.kind, Kind::Interrupted | Kind::TimedOut) {
            e.message = format!("{}; {}", e.message, hint(&phase.borrow(), stack));
        }
        e
    })
}

/// Creates a change set, shows it, asks, executes and follows it.
pub fn deploy(d: Deploy) -> Result<(), Error> {
    let phase = RefCell::new(Phase::Preparing);
    let stack = d.stack.clone();
    drive(&stack, &phase, run_deploy(d, &phase))
}

async fn run_deploy(d: Deploy, phase: &RefCell<Phase>) -> Result<(), Error> {
    let deadline = Deadline::new(d.timeout);
    let client = deadline.run("loading the AWS configuration", client::connect(&d.target)).await??;
    let template: serde_json::Value = serde_json::from_str(&d.template).map_err(|e| Error::usage(format!("template: {e}")))?;
    // Is it a new stack?
    let existing = deadline.run("reading the stack", client.describe_stacks().stack_name(&d.stack).send()).await?;
    let (create, previous): (bool, Vec<String>) = match existing {
        Err(e) if is_missing_stack(&e) => (true, Vec::new()),
        Err(e) => return Err(sdk_error(&format!("reading stack {}", d.stack), e)),
        Ok(out) => match out.stacks().first() {
            None => (true, Vec::new()),
            Some(s) => {
                let status = s.stack_status().map(|x| x.as_str().to_string()).unwrap_or_default();
                if status == "REVIEW_IN_PROGRESS" {
                    (true, Vec::new())
                } else if status == "ROLLBACK_COMPLETE" {
                    return Err(Error::failed(format!(
                        "stack {} is ROLLBACK_COMPLETE (its first deploy failed) and cannot be updated; delete it with `gwc deploy --delete --stack {}`, then deploy again",
                        d.stack, d.stack
                    )));
                } else if status.ends_with("_IN_PROGRESS") {
                    return Err(Error::failed(format!("stack {} is busy ({status}); wait until it settles, then deploy again", d.stack)));
                } else {
                    (false, s.parameters().iter().filter_map(|p| p.parameter_key().map(str::to_string)).collect())
                }
            }
        },
    };
    let parameters = parameters(&template, &d.params, &previous)?;
    let tags = d.tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect();
    let name = format!("gwc-{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|t| t.as_millis()).unwrap_or(0));
    let req = changeset::Request { stack: &d.stack, name: &name, create, template: &d.template, parameters, tags };
    let mut out = std::io::stdout();
    let _ = writeln!(out, "creating change set {name} ({}) for stack {}", if create { "CREATE" } else { "UPDATE" }, d.stack);
    *phase.borrow_mut() = Phase::ChangeSet(name.clone());
    let summary: Summary = match changeset::create(&client, req, &deadline).await? {
        Created::NoChanges => {
            let _ = writeln!(out, "no changes: stack {} is up to date", d.stack);
            return Ok(());
        }
        Created::Ready(s) => s,
    };
    let _ = write!(out, "{}", summary.render());
    let _ = out.flush();
    if !d.execute {
        let _ = writeln!(out, "not executed (--no-execute); {}", hint(&phase.borrow(), &d.stack));
        return Ok(());
    }
    if let Some(confirm) = d.confirm {
        let question = format!("Deploy these changes to stack {}?", d.stack);
        let yes =
            tokio::task::spawn_blocking(move || confirm(question)).await.map_err(|e| Error::usage(format!("the prompt failed: {e}")))??;
        if !yes {
            let _ = changeset::delete(&client, &d.stack, &name, &deadline).await;
            let _ = writeln!(out, "cancelled: nothing was deployed (the change set was deleted)");
            return Ok(());
        }
    }
    // The first events of a new stack, so the follower shows only this deploy's.
    let stack_id = d.stack.clone();
    let mut follower = progress::Follower::start(&client, &stack_id, summary.changes.len(), &deadline).await?;
    deadline
        .run("executing the change set", client.execute_change_set().stack_name(&d.stack).change_set_name(&name).send())
        .await?
        .map_err(|e| sdk_error("executing the change set", e))?;
    *phase.borrow_mut() = Phase::Executing;
    let settled = follower.follow(&deadline).await?;
    if settled.status == "CREATE_COMPLETE" || settled.status == "UPDATE_COMPLETE" || settled.status == "IMPORT_COMPLETE" {
        let _ = writeln!(out, "stack {}: {}", d.stack, settled.status);
        print_outputs(&client, &d.stack, &deadline).await;
        return Ok(());
    }
    Err(Error::failed(failure_report(&d.stack, &settled)))
}

/// The failed resources with their reasons, then what became of the stack.
fn failure_report(stack: &str, s: &progress::Settled) -> String {
    let mut m = format!("deploy of stack {stack} failed: {}", s.status);
    if !s.reason.is_empty() {
        m.push_str(&format!(" ({})", s.reason));
    }
    // The resources that caused the failure: those with a reason, other than being cancelled.
    let failed: Vec<_> =
        s.failures.iter().filter(|f| !f.reason.trim().is_empty() && !f.reason.contains("Resource creation cancelled")).collect();
    let shown = if failed.is_empty() { s.failures.iter().collect() } else { failed };
    for f in shown {
        m.push_str(&format!("\n  {} ({}): {}: {}", f.logical_id, f.resource_type, f.status, f.reason));
    }
    m.push('\n');
    m.push_str(&progress::rollback_outcome(&s.status, stack));
    m
}

async fn print_outputs(client: &aws_sdk_cloudformation::Client, stack: &str, deadline: &Deadline) {
    let Ok(Ok(out)) = deadline.run("reading outputs", client.describe_stacks().stack_name(stack).send()).await else {
        return;
    };
    let mut w = std::io::stdout();
    for s in out.stacks() {
        for o in s.outputs() {
            let _ = writeln!(w, "  {} = {}", o.output_key().unwrap_or_default(), o.output_value().unwrap_or_default());
        }
    }
}

/// The change set's parameters: the given ones, and for an update the previous value of each
/// declared parameter without a default that is not given. Errors are usage errors.
pub fn parameters(template: &serde_json::Value, given: &[(String, String)], previous: &[String]) -> Result<Vec<Parameter>, Error> {
    let declared = template.get("Parameters").and_then(|p| p.as_object());
    let mut out = Vec::new();
    let mut missing = Vec::new();
    if let Some(declared) = declared {
        for (name, decl) in declared {
            if let Some((_, v)) = given.iter().find(|(k, _)| k == name) {
                out.push(Parameter::builder().parameter_key(name).parameter_value(v).build());
            } else if decl.get("Default").is_some() {
                continue;
            } else if previous.iter().any(|p| p == name) {
                out.push(Parameter::builder().parameter_key(name).use_previous_value(true).build());
            } else {
                missing.push(name.clone());
            }
        }
    }
    if !missing.is_empty() {
        return Err(Error::usage(format!("missing parameter value(s): {} (pass `--param NAME=VALUE` for each)", missing.join(", "))));
    }
    Ok(out)
}

/// Maps `--param` names to the template's parameter names: each is taken as written, or as
/// the program's snake_case `param` name (turned into PascalCase). Unknown names are errors.
pub fn resolve_param_names(template: &serde_json::Value, given: &[(String, String)]) -> Result<Vec<(String, String)>, Error> {
    let declared: Vec<&String> = template.get("Parameters").and_then(|p| p.as_object()).map(|o| o.keys().collect()).unwrap_or_default();
    let mut out = Vec::new();
    for (k, v) in given {
        let pascal = pascal_case(k);
        match declared.iter().find(|d| **d == k || **d == &pascal) {
            Some(d) => out.push(((*d).clone(), v.clone())),
            None => {
                let list = if declared.is_empty() {
                    "the template declares none".to_string()
                } else {
                    format!("the template declares {}", declared.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))
                };
                return Err(Error::usage(format!("unknown parameter `{k}` in --param ({list})")));
            }
        }
    }
    Ok(out)
}

fn pascal_case(s: &str) -> String {
    s.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// Tears a stack down, following it like a deploy.
pub fn delete(stack: &str, target: &Target, confirm: Option<Confirm>, timeout: Duration) -> Result<(), Error> {
    let phase = RefCell::new(Phase::Preparing);
    drive(stack, &phase, run_delete(stack, target, confirm, timeout, &phase))
}

async fn run_delete(
    stack: &str,
    target: &Target,
    confirm: Option<Confirm>,
    timeout: Duration,
    phase: &RefCell<Phase>,
) -> Result<(), Error> {
    let deadline = Deadline::new(timeout);
    let client = deadline.run("loading the AWS configuration", client::connect(target)).await??;
    let mut out = std::io::stdout();
    let found = deadline.run("reading the stack", client.describe_stacks().stack_name(stack).send()).await?;
    let stack_id = match found {
        Err(e) if is_missing_stack(&e) => None,
        Err(e) => return Err(sdk_error(&format!("reading stack {stack}"), e)),
        Ok(o) => o.stacks().first().and_then(|s| s.stack_id().map(str::to_string)),
    };
    let Some(stack_id) = stack_id else {
        let _ = writeln!(out, "stack {stack} does not exist: nothing to delete");
        return Ok(());
    };
    // The count is for the progress display only; a server that cannot list them still deletes.
    let total = match deadline.run("listing resources", client.list_stack_resources().stack_name(&stack_id).send()).await? {
        Ok(r) => r.stack_resource_summaries().len(),
        Err(_) => 0,
    };
    let _ = writeln!(out, "stack {stack} has {total} resource(s)");
    if let Some(confirm) = confirm {
        let question = format!("Delete stack {stack} and its {total} resource(s)?");
        let yes =
            tokio::task::spawn_blocking(move || confirm(question)).await.map_err(|e| Error::usage(format!("the prompt failed: {e}")))??;
        if !yes {
            let _ = writeln!(out, "cancelled: nothing was deleted");
            return Ok(());
        }
    }
    let mut follower = progress::Follower::start(&client, &stack_id, total, &deadline).await?;
    deadline
        .run("deleting the stack", client.delete_stack().stack_name(&stack_id).send())
        .await?
        .map_err(|e| sdk_error("deleting the stack", e))?;
    *phase.borrow_mut() = Phase::Deleting;
    let settled = follower.follow(&deadline).await?;
    if settled.status == "DELETE_COMPLETE" {
        let _ = writeln!(out, "stack {stack}: DELETE_COMPLETE");
        return Ok(());
    }
    let mut m = format!("deleting stack {stack} failed: {}", settled.status);
    if !settled.reason.is_empty() {
        m.push_str(&format!(" ({})", settled.reason));
    }
    for f in &settled.failures {
        m.push_str(&format!("\n  {} ({}): {}: {}", f.logical_id, f.resource_type, f.status, f.reason));
    }
    m.push_str(&format!(
        "\nthe resources that could not be deleted are kept; fix them, then run `gwc deploy --delete --stack {stack}` again"
    ));
    Err(Error::failed(m))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tpl() -> serde_json::Value {
        json!({"Parameters": {"AcmeKey": {"Type": "String", "NoEcho": true}, "Env": {"Type": "String", "Default": "prod"}}})
    }

    #[test]
    fn param_names_accept_template_and_program_spellings() {
        let got = resolve_param_names(&tpl(), &[("acme_key".into(), "k".into()), ("Env".into(), "dev".into())]).unwrap();
        assert_eq!(got, vec![("AcmeKey".to_string(), "k".to_string()), ("Env".to_string(), "dev".to_string())]);
        let err = resolve_param_names(&tpl(), &[("nope".into(), "x".into())]).unwrap_err();
        assert_eq!(err.kind, Kind::Usage);
        assert!(err.message.contains("unknown parameter `nope`") && err.message.contains("AcmeKey, Env"), "{}", err.message);
    }

    #[test]
    fn missing_values_are_errors_on_create_and_previous_values_on_update() {
        let err = parameters(&tpl(), &[], &[]).unwrap_err();
        assert!(err.message.contains("AcmeKey"), "{}", err.message);
        let ps = parameters(&tpl(), &[], &["AcmeKey".to_string()]).unwrap();
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].use_previous_value(), Some(true));
        let ps = parameters(&tpl(), &[("AcmeKey".into(), "k".into())], &[]).unwrap();
        assert_eq!(ps[0].parameter_value(), Some("k"));
    }
}
