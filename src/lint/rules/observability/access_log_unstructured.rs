//! OBS002 access-log-unstructured: access logs that are hard to query.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags access-log formats that are not JSON objects (CLF, CSV, XML or custom text).
    ///
    /// ## Why it matters
    /// CloudWatch Logs Insights and most log pipelines discover JSON fields automatically;
    /// other formats need a parser per format before anything can be queried.
    ///
    /// ## Example
    /// ```gw
    /// import std.logging
    ///
    /// log_group access = log_group(name: "/apigw/shop")
    ///
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { access_log { destination = access  format = std.logging.clf } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// import std.logging
    ///
    /// log_group access = log_group(name: "/apigw/shop")
    ///
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { access_log { destination = access  format = std.logging.json } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OBS002",
        name: "access-log-unstructured",
        summary: "access-log format that is not JSON",
        family: Family::Observability,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &["serverless-rules:WS2001", "cdk-nag:APIGWStructuredLogging"],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    let Some(log) = &stage.access_log else { return };
    let f = log.format.trim();
    if !(f.starts_with('{') && f.ends_with('}')) {
        let f = cx
            .finding(stage.span, format!("stage `{}` writes access logs that are not JSON", stage.name))
            .label("unstructured access log")
            .help("use `format = std.logging.json` (or another JSON object format)");
        cx.report(f);
    }
}
