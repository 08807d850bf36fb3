//! OBS007 access-log-missing-fields: access logs without the fields investigations need.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags access-log formats that lack any of the configured `$context` fields (by default
    /// the response status, the caller's IP address and the request time).
    ///
    /// ## Why it matters
    /// A log line without the status cannot count errors; without the source IP and time it
    /// cannot answer "who called, when" in an incident.
    ///
    /// ## Example
    /// ```gw
    /// log_group access = log_group(name: "/apigw/shop")
    ///
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { access_log { destination = access  format = """{"id": "$context.requestId"}""" } }
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
    ///
    /// ## Options
    /// - `fields` (list of strings): `$context` variables every format must mention.
    pub static RULE = RuleMeta {
        code: "OBS007",
        name: "access-log-missing-fields",
        summary: "access-log format without status, caller IP or time",
        family: Family::Observability,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[RuleOption {
            name: "fields",
            default: OptionDefault::Strings(&["$context.status", "$context.identity.sourceIp", "$context.requestTime"]),
            help: "fields every access-log format must contain",
        }],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    let Some(log) = &stage.access_log else { return };
    let missing: Vec<String> = cx.strings("fields").into_iter().filter(|f| !log.format.contains(f.as_str())).collect();
    if !missing.is_empty() {
        let f = cx
            .finding(stage.span, format!("access logs of stage `{}` lack {}", stage.name, missing.join(", ")))
            .label("incomplete access log")
            .help("add the missing fields to the format (std.logging.json has them all)");
        cx.report(f);
    }
}
