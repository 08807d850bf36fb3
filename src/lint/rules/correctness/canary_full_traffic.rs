//! COR012 canary-full-traffic: a canary that takes all the traffic.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stage canaries with `traffic = 100%`.
    ///
    /// ## Why it matters
    /// Sending every request to the canary is not a promotion: the stage's own deployment
    /// stays behind, the canary settings stay in place, and the next deployment becomes a
    /// canary for all traffic again with no baseline to compare against. Promote by deploying
    /// without the canary.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { canary { traffic = 100% } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { canary { traffic = 10% } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR012",
        name: "canary-full-traffic",
        summary: "canary receiving 100 % of the stage's traffic",
        family: Family::Correctness,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if stage.canary.as_ref().is_some_and(|c| c.percent >= 100.0) {
        let f = cx
            .finding(stage.span, format!("the canary of stage `{}` takes all the traffic", stage.name))
            .label("traffic = 100%")
            .help("to promote, remove the `canary` block and deploy; keep canaries at a fraction of the traffic");
        cx.report(f);
    }
}
