//! What only HTTP APIs have: the `cors` configuration (any number of origins, answered by API
//! Gateway itself), VPC links into subnets, and AWS service integration subtypes.

use super::props::Props;
use super::Cx;
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{Cors, Method, VpcLinkV2};
use crate::source::Span;

/// `(service word, subtype prefix, action, required parameters, optional parameters)`.
pub(crate) type Subtype = (&'static str, &'static str, &'static str, &'static [&'static str], &'static [&'static str]);

/// AWS service integrations of HTTP APIs.
pub(crate) const SUBTYPES: &[Subtype] = &[
    (
        "eventbridge",
        "EventBridge",
        "PutEvents",
        &["Detail", "DetailType", "Source"],
        &["Time", "EventBusName", "Region", "Resources", "TraceHeader"],
    ),
    (
        "sqs",
        "SQS",
        "SendMessage",
        &["QueueUrl", "MessageBody"],
        &["DelaySeconds", "MessageAttributes", "MessageDeduplicationId", "MessageGroupId", "MessageSystemAttributes", "Region"],
    ),
    (
        "sqs",
        "SQS",
        "ReceiveMessage",
        &["QueueUrl"],
        &[
            "AttributeNames",
            "MaxNumberOfMessages",
            "MessageAttributeNames",
            "ReceiveRequestAttemptId",
            "VisibilityTimeout",
            "WaitTimeSeconds",
            "Region",
        ],
    ),
    ("sqs", "SQS", "DeleteMessage", &["QueueUrl", "ReceiptHandle"], &["Region"]),
    ("sqs", "SQS", "PurgeQueue", &["QueueUrl"], &["Region"]),
    (
        "appconfig",
        "AppConfig",
        "GetConfiguration",
        &["Application", "Environment", "Configuration", "ClientId"],
        &["ClientConfigurationVersion", "Region"],
    ),
    (
        "kinesis",
        "Kinesis",
        "PutRecord",
        &["StreamName", "Data", "PartitionKey"],
        &["SequenceNumberForOrdering", "ExplicitHashKey", "Region"],
    ),
    ("step_functions", "StepFunctions", "StartExecution", &["StateMachineArn"], &["Name", "Input", "Region"]),
    ("step_functions", "StepFunctions", "StartSyncExecution", &["StateMachineArn"], &["Name", "Input", "Region", "TraceHeader"]),
    ("step_functions", "StepFunctions", "StopExecution", &["ExecutionArn"], &["Cause", "Error", "Region"]),
];

impl<'w> Cx<'w> {
    /// `cors { origins methods headers expose_headers max_age credentials }` of an HTTP API, which
    /// API Gateway answers itself (`CorsConfiguration`): several origins are fine.
    pub(crate) fn http_cors(&mut self, props: &mut Props<'w>) -> Option<Cors> {
        let (b, env) = props.block(self, "cors")?;
        let mut p = Props::of_body(&b.body, &env, "cors");
        let strings = |cx: &mut Self, p: &mut Props<'w>, key: &'static str| -> Option<(Vec<String>, Span)> {
            let v = p.get(cx, key)?;
            Some((cx.list(&v).iter().filter_map(|i| cx.literal(i)).collect(), v.span))
        };
        let origins = strings(self, &mut p, "origins");
        let methods = match p.get(self, "methods") {
            Some(v) => self
                .list(&v)
                .iter()
                .filter_map(|m| {
                    self.option(m, "HTTP method", &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"])
                        .and_then(Method::parse)
                })
                .collect(),
            None => Vec::new(),
        };
        let headers = strings(self, &mut p, "headers").map(|h| h.0).unwrap_or_default();
        let expose_headers = strings(self, &mut p, "expose_headers").map(|h| h.0).unwrap_or_default();
        let max_age_seconds = p.get(self, "max_age").and_then(|v| self.seconds(&v, "CORS max age", 0, 86_400));
        let credentials_v = p.get(self, "credentials");
        let credentials = credentials_v.as_ref().and_then(|v| self.boolean(v)).unwrap_or(false);
        p.finish(self);
        let Some((origins, ospan)) = origins.filter(|(o, _)| !o.is_empty()) else {
            let d = Diagnostic::error("E0206", b.kind.span, "`cors` needs `origins`")
                .label("no origins")
                .help("add `origins = [\"https://app.example.com\"]`");
            self.diags.push(d);
            return None;
        };
        if let (Some(cv), true) = (&credentials_v, credentials && origins.iter().any(|o| o == "*")) {
            let d = Diagnostic::error("E0420", cv.span, "CORS credentials cannot be allowed for every origin")
                .label("credentials with origin \"*\"")
                .with_secondary(ospan, "wildcard origin")
                .help("browsers refuse credentialed responses with `Access-Control-Allow-Origin: *`: list the origins");
            self.diags.push(d);
            return None;
        }
        Some(Cors { origins, methods, headers, expose_headers, max_age_seconds, credentials, span: b.kind.span })
    }

    /// `vpc_link NAME { subnets = [...]  security_groups = [...] }` of an HTTP API.
    pub(crate) fn http_vpc_links(&mut self, props: &mut Props<'w>) -> Vec<VpcLinkV2> {
        let mut out = Vec::new();
        for (b, env) in props.blocks("vpc_link") {
            let Some(name) = b.labels.first() else {
                let d = Diagnostic::error("E0206", b.kind.span, "vpc_link needs a name")
                    .label("unnamed")
                    .help("write `vpc_link internal { subnets = [...] }`");
                self.diags.push(d);
                continue;
            };
            let mut p = Props::of_body(&b.body, &env, format!("vpc_link `{}`", name.name));
            let subnets: Vec<_> =
                p.get(self, "subnets").map(|v| self.list(&v).iter().filter_map(|s| self.text(s)).collect()).unwrap_or_default();
            let security_groups: Vec<_> =
                p.get(self, "security_groups").map(|v| self.list(&v).iter().filter_map(|s| self.text(s)).collect()).unwrap_or_default();
            p.finish(self);
            if subnets.is_empty() {
                let d = Diagnostic::error("E0206", name.span, format!("vpc_link `{}` needs `subnets`", name.name))
                    .label("no subnets")
                    .help("add `subnets = [\"subnet-...\"]`: API Gateway places network interfaces there to reach the load balancer or Cloud Map service");
                self.diags.push(d);
                continue;
            }
            out.push(VpcLinkV2 { name: name.name.clone(), subnets, security_groups, span: name.span });
        }
        out
    }

    pub(crate) fn unknown_vpc_link(&mut self, span: Span, name: &str, links: &[VpcLinkV2]) {
        let mut d = Diagnostic::error("E0201", span, format!("unknown vpc_link `{name}`")).label("no vpc_link with this name");
        d = match did_you_mean(name, links.iter().map(|l| l.name.as_str())) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help("declare it in the API: `vpc_link NAME { subnets = [...]  security_groups = [...] }`"),
        };
        self.diags.push(d);
    }
}
