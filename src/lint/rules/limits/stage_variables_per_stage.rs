//! LIM004 stage-variables-per-stage: more stage variables than API Gateway accepts.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stages with more variables than the limit (100 by default; see Options).
    ///
    /// ## Why it matters
    /// API Gateway rejects a stage with more than 100 variables, and the deployment fails.
    ///
    /// ## Example
    /// ```toml
    /// [lint.options.stage-variables-per-stage]
    /// max = 1
    /// ```
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = http_proxy("https://${stageVariables.host}/${stageVariables.prefix}") }
    ///   stage prod { variables { host = "orders.example.com"  prefix = "v1" } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = http_proxy("https://${stageVariables.host}/v1") }
    ///   stage prod { variables { host = "orders.example.com" } }
    /// }
    /// ```
    ///
    /// ## Options
    /// - `max` (integer, default 100): variables per stage.
    pub static RULE = RuleMeta {
        code: "LIM004",
        name: "stage-variables-per-stage",
        summary: "stage with more variables than the limit",
        family: Family::Limits,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &[],
        options: &[RuleOption { name: "max", default: OptionDefault::Int(100), help: "variables per stage" }],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    let max = cx.int("max");
    if stage.variables.len() as i64 > max {
        let f = cx
            .finding(stage.span, format!("stage `{}` has {} variables, more than the limit of {max}", stage.name, stage.variables.len()))
            .label("too many stage variables")
            .help("move configuration the backend reads into SSM Parameter Store or the backend itself");
        cx.report(f);
    }
}
