//! Following a stack: new events as progress lines until the stack settles, and failed resources.

use super::client::{is_missing_stack, sdk_error};
use super::{Deadline, Error};
use aws_sdk_cloudformation::Client;
use std::collections::HashSet;
use std::io::Write;

/// A resource that failed, with CloudFormation's reason.
#[derive(Debug, Clone)]
pub struct Failure {
    pub logical_id: String,
    pub resource_type: String,
    pub status: String,
    pub reason: String,
}

/// How a followed stack ended.
pub struct Settled {
    /// The final stack status (`DELETE_COMPLETE` when the stack is gone).
    pub status: String,
    pub reason: String,
    /// Resources that failed on the way, in the order they failed.
    pub failures: Vec<Failure>,
}

/// Follows the stack's events.
pub struct Follower<'a> {
    client: &'a Client,
    /// The stack id (its ARN), so that a deleted stack can still be read.
    stack: String,
    seen: HashSet<String>,
    /// Resources done, and the total expected.
    done: HashSet<String>,
    total: usize,
}

impl<'a> Follower<'a> {
    /// Starts following `stack`; events that exist already are not shown.
    pub async fn start(client: &'a Client, stack: &str, total: usize, deadline: &Deadline) -> Result<Follower<'a>, Error> {
        let mut f = Follower { client, stack: stack.to_string(), seen: HashSet::new(), done: HashSet::new(), total };
        let old = f.new_events(deadline).await?;
        f.seen.extend(old.into_iter().map(|e| e.id));
        Ok(f)
    }

    /// Events not seen yet, oldest first; reads pages until it meets a seen event.
    async fn new_events(&self, deadline: &Deadline) -> Result<Vec<Event>, Error> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..20 {
            let res = deadline
                .run(
                    "reading stack events",
                    self.client.describe_stack_events().stack_name(&self.stack).set_next_token(token.clone()).send(),
                )
                .await?;
            let page = match res {
                Ok(p) => p,
                Err(e) if is_missing_stack(&e) => break,
                Err(e) => return Err(sdk_error("reading stack events", e)),
            };
            let mut met_seen = false;
            for e in page.stack_events() {
                let id = e.event_id().unwrap_or_default().to_string();
                if self.seen.contains(&id) {
                    met_seen = true;
                    break;
                }
                out.push(Event {
                    id,
                    logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
                    resource_type: e.resource_type().unwrap_or_default().to_string(),
                    status: e.resource_status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                    reason: e.resource_status_reason().unwrap_or_default().to_string(),
                });
            }
            token = page.next_token().map(str::to_string);
            if met_seen || token.is_none() {
                break;
            }
        }
        out.reverse();
        Ok(out)
    }

    /// Prints new events until the stack reaches a settled status.
    pub async fn follow(&mut self, deadline: &Deadline) -> Result<Settled, Error> {
        let mut failures = Vec::new();
        let mut delay = super::Backoff::new();
        let stdout = std::io::stdout();
        let mut settled: Option<(String, String)> = None;
        loop {
            for e in self.new_events(deadline).await? {
                self.seen.insert(e.id.clone());
                let is_stack = e.resource_type == "AWS::CloudFormation::Stack";
                if !is_stack && e.status.ends_with("_COMPLETE") && !e.status.contains("ROLLBACK") {
                    self.done.insert(e.logical_id.clone());
                }
                let mut out = stdout.lock();
                let _ = writeln!(
                    out,
                    "[{}/{}] {} {} {}",
                    self.done.len(),
                    self.total.max(self.done.len()),
                    e.status,
                    e.resource_type,
                    e.logical_id
                );
                if e.status.ends_with("_FAILED") && !e.reason.is_empty() {
                    let _ = writeln!(out, "        {}", e.reason);
                }
                let _ = out.flush();
                if e.status.ends_with("_FAILED") && !is_stack {
                    failures.push(Failure { logical_id: e.logical_id, resource_type: e.resource_type, status: e.status, reason: e.reason });
                }
            }
            // Once settled, one more round of events prints the ones that came in meanwhile.
            if let Some((status, reason)) = settled {
                return Ok(Settled { status, reason, failures });
            }
            let (status, reason) = self.status(deadline).await?;
            if is_settled(&status) {
                settled = Some((status, reason));
                continue;
            }
            delay.sleep(deadline, &format!("waiting for the stack (now {status})")).await?;
        }
    }

    /// The stack's status and reason; `DELETE_COMPLETE` when it no longer exists.
    async fn status(&self, deadline: &Deadline) -> Result<(String, String), Error> {
        let res = deadline.run("reading the stack", self.client.describe_stacks().stack_name(&self.stack).send()).await?;
        match res {
            Ok(out) => Ok(out
                .stacks()
                .first()
                .map(|s| {
                    let status = s.stack_status().map(|x| x.as_str().to_string()).unwrap_or_default();
                    (status, s.stack_status_reason().unwrap_or_default().to_string())
                })
                .unwrap_or_else(|| ("DELETE_COMPLETE".to_string(), String::new()))),
            Err(e) if is_missing_stack(&e) => Ok(("DELETE_COMPLETE".to_string(), String::new())),
            Err(e) => Err(sdk_error("reading the stack", e)),
        }
    }
}

/// One stack event.
struct Event {
    id: String,
    logical_id: String,
    resource_type: String,
    status: String,
    reason: String,
}

/// A status in which CloudFormation has stopped working on the stack.
pub fn is_settled(status: &str) -> bool {
    !status.is_empty() && !status.ends_with("_IN_PROGRESS")
}

/// What the final status of a deploy means, for the failure report.
pub fn rollback_outcome(status: &str, stack: &str) -> String {
    match status {
        "ROLLBACK_COMPLETE" => format!(
            "rolled back: the new stack holds nothing; delete it (`gwc deploy --delete --stack {stack}`) before deploying again"
        ),
        "UPDATE_ROLLBACK_COMPLETE" => "rolled back: the stack is as it was before this deploy".to_string(),
        s if s.contains("ROLLBACK_FAILED") => format!(
            "the rollback failed ({s}): the stack needs attention; see its events, then `aws cloudformation continue-update-rollback --stack-name {stack}` or delete it"
        ),
        s => format!("the stack ended in {s}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn settled_statuses() {
        for s in ["CREATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_COMPLETE", "CREATE_FAILED"] {
            assert!(is_settled(s), "{s}");
        }
        for s in ["CREATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "REVIEW_IN_PROGRESS", ""] {
            assert!(!is_settled(s), "{s}");
        }
    }

    #[test]
    fn rollback_outcomes_say_what_to_do() {
        assert!(rollback_outcome("ROLLBACK_COMPLETE", "s1").contains("gwc deploy --delete --stack s1"));
        assert!(rollback_outcome("UPDATE_ROLLBACK_COMPLETE", "s1").contains("as it was before"));
        assert!(rollback_outcome("UPDATE_ROLLBACK_FAILED", "s1").contains("continue-update-rollback"));
    }
}
