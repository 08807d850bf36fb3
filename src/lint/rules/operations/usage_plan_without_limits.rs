//! OPS005 usage-plan-without-limits: a usage plan that limits nothing.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags usage plans with neither a `throttle` nor a `quota`.
    ///
    /// ## Why it matters
    /// A plan's purpose is to limit its clients; without limits its keys only make API
    /// Gateway accept requests, and one client can still exhaust the stage.
    ///
    /// ## Example
    /// ```gw
    /// rest api partners {
    ///   api_key acme { description = "Acme Corp" }
    ///   usage_plan partners { stages = [prod]  keys = [acme] }
    ///   GET /quotes { auth = iam  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api partners {
    ///   api_key acme { description = "Acme Corp" }
    ///   usage_plan partners {
    ///     stages = [prod]
    ///     throttle { rate = 10/s  burst = 20 }
    ///     quota { limit = 100000  per = month }
    ///     keys = [acme]
    ///   }
    ///   GET /quotes { auth = iam  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OPS005",
        name: "usage-plan-without-limits",
        summary: "usage plan without throttle or quota",
        family: Family::Operations,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    for (i, p) in cx.api.usage_plans.iter().enumerate() {
        if p.throttle.is_none() && p.quota.is_none() && p.route_throttles.is_empty() {
            let f = cx
                .finding(p.span, format!("usage plan `{}` sets no throttle and no quota", p.name))
                .label("limits nothing")
                .help("add `throttle { rate = ...  burst = ... }` and/or `quota { limit = ...  per = month }`")
                .on(crate::lint::Node::UsagePlan(i));
            cx.report(f);
        }
    }
}
