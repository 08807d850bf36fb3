//! Change sets: creating one, waiting for it, and its summary (add, modify, remove, replacement).

use super::client::sdk_error;
use super::{Deadline, Error};
use aws_sdk_cloudformation::types::{Capability, ChangeSetStatus, ChangeSetType, Parameter, Tag};
use aws_sdk_cloudformation::Client;
use std::fmt::Write;

/// One resource change of a change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `Add`, `Modify`, `Remove` (or another CloudFormation action, as named).
    pub action: String,
    pub logical_id: String,
    pub resource_type: String,
    /// `True`, `False` or `Conditional` for a Modify; empty otherwise.
    pub replacement: String,
}

/// What a change set would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub changes: Vec<Change>,
}

impl Summary {
    fn count(&self, action: &str) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }
    /// Modifications that replace the resource (or may: `Conditional`).
    pub fn replacements(&self) -> usize {
        self.changes.iter().filter(|c| c.replacement == "True" || c.replacement == "Conditional").count()
    }
    /// The summary as printed before asking: one line per change, then the totals.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let width = self.changes.iter().map(|c| c.logical_id.len()).max().unwrap_or(0);
        for c in &self.changes {
            let sign = match c.action.as_str() {
                "Add" => "+",
                "Remove" => "-",
                "Modify" => "~",
                _ => "?",
            };
            let repl = match c.replacement.as_str() {
                "True" => "  (replacement)",
                "Conditional" => "  (may be replaced)",
                _ => "",
            };
            let _ = writeln!(out, "  {sign} {:<width$}  {}{repl}", c.logical_id, c.resource_type);
        }
        let _ = writeln!(
            out,
            "{} to add, {} to modify ({} replacement), {} to remove",
            self.count("Add"),
            self.count("Modify"),
            self.replacements(),
            self.count("Remove")
        );
        out
    }
}

/// A request for a change set.
pub struct Request<'a> {
    pub stack: &'a str,
    pub name: &'a str,
    pub create: bool,
    pub template: &'a str,
    pub parameters: Vec<Parameter>,
    pub tags: Vec<Tag>,
}

/// The outcome of creating a change set.
pub enum Created {
    /// Ready to execute.
    Ready(Summary),
    /// CloudFormation found nothing to change (the change set was deleted).
    NoChanges,
}

/// Creates the change set and waits until it is ready or has failed.
pub async fn create(client: &Client, req: Request<'_>, deadline: &Deadline) -> Result<Created, Error> {
    let kind = if req.create { ChangeSetType::Create } else { ChangeSetType::Update };
    deadline
        .run(
            "creating the change set",
            client
                .create_change_set()
                .stack_name(req.stack)
                .change_set_name(req.name)
                .change_set_type(kind)
                .template_body(req.template)
                .set_parameters(Some(req.parameters))
                .set_tags((!req.tags.is_empty()).then_some(req.tags))
                .capabilities(Capability::CapabilityIam)
                .capabilities(Capability::CapabilityNamedIam)
                .description("created by gwc deploy")
                .send(),
        )
        .await?
        .map_err(|e| sdk_error("creating the change set", e))?;
    let mut delay = super::Backoff::new();
    loop {
        let mut summary = Summary::default();
        let mut token: Option<String> = None;
        let (status, reason) = loop {
            let out = deadline
                .run(
                    "waiting for the change set",
                    client.describe_change_set().stack_name(req.stack).change_set_name(req.name).set_next_token(token.clone()).send(),
                )
                .await?
                .map_err(|e| sdk_error("reading the change set", e))?;
            for c in out.changes() {
                if let Some(rc) = c.resource_change() {
                    summary.changes.push(Change {
                        action: rc.action().map(|a| a.as_str().to_string()).unwrap_or_default(),
                        logical_id: rc.logical_resource_id().unwrap_or_default().to_string(),
                        resource_type: rc.resource_type().unwrap_or_default().to_string(),
                        replacement: rc.replacement().map(|r| r.as_str().to_string()).unwrap_or_default(),
                    });
                }
            }
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break (out.status().cloned(), out.status_reason().unwrap_or_default().to_string());
            }
        };
        match status {
            Some(ChangeSetStatus::CreateComplete) => {
                return Ok(if summary.changes.is_empty() { Created::NoChanges } else { Created::Ready(summary) })
            }
            Some(ChangeSetStatus::Failed) => {
                if is_empty_reason(&reason) {
                    let _ = delete(client, req.stack, req.name, deadline).await;
                    return Ok(Created::NoChanges);
                }
                return Err(Error::failed(format!("CloudFormation rejected the change set: {reason}")));
            }
            _ => delay.sleep(deadline, "waiting for the change set").await?,
        }
    }
}

/// CloudFormation's ways of saying that a change set has nothing in it.
fn is_empty_reason(reason: &str) -> bool {
    reason.contains("didn't contain changes")
        || reason.contains("No updates are to be performed")
        || reason.contains("does not contain any changes")
}

/// Deletes a change set (one that was declined, or empty).
pub async fn delete(client: &Client, stack: &str, name: &str, deadline: &Deadline) -> Result<(), Error> {
    deadline
        .run("deleting the change set", client.delete_change_set().stack_name(stack).change_set_name(name).send())
        .await?
        .map_err(|e| sdk_error("deleting the change set", e))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ch(action: &str, id: &str, repl: &str) -> Change {
        Change { action: action.into(), logical_id: id.into(), resource_type: "AWS::ApiGateway::Method".into(), replacement: repl.into() }
    }

    #[test]
    fn summary_counts_each_action_and_replacements() {
        let s = Summary {
            changes: vec![
                ch("Add", "A", ""),
                ch("Add", "B", ""),
                ch("Modify", "C", "True"),
                ch("Modify", "D", "False"),
                ch("Remove", "E", ""),
            ],
        };
        let text = s.render();
        assert!(text.ends_with("2 to add, 2 to modify (1 replacement), 1 to remove\n"), "{text}");
        assert!(text.contains("  ~ C  AWS::ApiGateway::Method  (replacement)\n"), "{text}");
        assert!(text.contains("  - E  AWS::ApiGateway::Method\n"), "{text}");
    }

    #[test]
    fn empty_change_set_reasons_are_recognised() {
        assert!(is_empty_reason("The submitted information didn't contain changes. Submit different information to create a change set."));
        assert!(is_empty_reason("No updates are to be performed."));
        assert!(!is_empty_reason("Template format error: Unresolved resource dependencies [Nope]"));
    }
}
