//! OBS004 stage-without-detailed-metrics: no per-route metrics to alarm on.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stages without `metrics = true`.
    ///
    /// ## Why it matters
    /// Without detailed CloudWatch metrics only API-wide numbers exist: a failing or slow
    /// route hides in the average and cannot have its own alarm. Detailed metrics are billed
    /// per metric, so this is advice, not a warning.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { metrics = true }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OBS004",
        name: "stage-without-detailed-metrics",
        summary: "stage without detailed CloudWatch metrics",
        family: Family::Observability,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &["kics:5d3c1807", "checkov:CKV2_AWS_4"],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if !stage.metrics {
        let f = cx
            .finding(stage.span, format!("stage `{}` has no detailed metrics", stage.name))
            .label("metrics off")
            .help("add `metrics = true` to the stage");
        cx.report(f);
    }
}
