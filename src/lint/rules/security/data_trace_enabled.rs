//! SEC008 data-trace-enabled: full request and response bodies written to CloudWatch.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stages with `data_trace = true`.
    ///
    /// ## Why it matters
    /// Data tracing logs whole requests and responses, including bearer tokens, API keys and
    /// personal data, into CloudWatch Logs, where everyone who can read the log group sees them.
    /// AWS advises against it in production; on a production stage the finding is an error.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { logging = info  data_trace = true }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { logging = error }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC008",
        name: "data-trace-enabled",
        summary: "stage logs full request and response data",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: Some(Level::Error),
        anchors: &["checkov:CKV_AWS_276"],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if stage.data_trace {
        let f = cx
            .finding(stage.span, format!("stage `{}` logs full requests and responses", stage.name))
            .label("data_trace = true")
            .help("remove `data_trace`; use access logs and `logging = error` to diagnose failures")
            .production(cx.is_production(stage));
        cx.report(f);
    }
}
