//! OPS003 single-stage: an API deployed only to one stage (policy, off by default).

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs with a single stage. Off by default: whether changes must pass through a
    /// test stage first is a team decision.
    ///
    /// ## Why it matters
    /// With one stage every change goes live at once; a dev or staging stage on the same API
    /// lets the deployment be tried before production sees it.
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
    ///   stage staging {}
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OPS003",
        name: "single-stage",
        summary: "API with only one stage (policy, off by default)",
        family: Family::Operations,
        default: Level::Off,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let api = cx.api;
    if api.stages.len() == 1 {
        let f = cx
            .finding(api.stages[0].span, format!("`{}` is the only stage of API `{}`", api.stages[0].name, api.name))
            .label("only stage")
            .help("add a staging stage that deployments reach first");
        cx.report(f);
    }
}
