//! OBS006 info-logging-in-production: verbose execution logs on a production stage.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags production stages (`production_stages` in gwc.toml) with `logging = info`.
    ///
    /// ## Why it matters
    /// INFO execution logging writes several log lines per request: on a busy stage that is a
    /// large CloudWatch bill and noise. `error` plus access logs covers production needs.
    ///
    /// ## Example
    /// ```toml
    /// [lint]
    /// production_stages = ["prod"]
    /// ```
    /// ```gw
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { logging = info }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { logging = error }
    ///   stage dev { logging = info }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OBS006",
        name: "info-logging-in-production",
        summary: "INFO execution logging on a production stage",
        family: Family::Observability,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if stage.logging == Some(LogLevel::Info) && cx.is_production(stage) {
        let f = cx
            .finding(stage.span, format!("production stage `{}` logs every request at INFO", stage.name))
            .label("logging = info in production")
            .help("use `logging = error` in production and rely on access logs for traffic");
        cx.report(f);
    }
}
