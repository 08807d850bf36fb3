//! LIM002 stages-per-api: more stages than the service quota.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs with more stages than the quota (10 by default; see Options).
    ///
    /// ## Why it matters
    /// API Gateway refuses the 11th stage of an API, so the deployment fails. Temporary
    /// blue/green stages count too.
    ///
    /// ## Example
    /// ```toml
    /// [lint.options.stages-per-api]
    /// max = 1
    /// ```
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage dev {}
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Options
    /// - `max` (integer, default 10): the stage quota of the account.
    pub static RULE = RuleMeta {
        code: "LIM002",
        name: "stages-per-api",
        summary: "API with more stages than the quota",
        family: Family::Limits,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &[],
        options: &[RuleOption { name: "max", default: OptionDefault::Int(10), help: "stages per API" }],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let api = cx.api;
    let max = cx.int("max");
    if api.stages.len() as i64 > max {
        let extra = &api.stages[max.max(0) as usize];
        let f = cx
            .finding(extra.span, format!("API `{}` has {} stages, more than the quota of {max}", api.name, api.stages.len()))
            .label("over the quota from here")
            .help("remove stages, or raise the quota and set `[lint.options.stages-per-api] max`");
        cx.report(f);
    }
}
