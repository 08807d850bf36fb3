//! OPS004 stage-without-usage-plan: no per-client quotas on a stage.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stages that no `usage_plan` lists.
    ///
    /// ## Why it matters
    /// Usage plans give each client (API key) its own throttle and quota; without one, every
    /// client shares the stage's limits and one can use them all. This is advice for APIs
    /// with identifiable clients. (A route that requires a key in a stage no plan covers is a
    /// compile error, E0425.)
    ///
    /// ## Example
    /// ```gw
    /// rest api partners {
    ///   GET /quotes { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api partners {
    ///   api_key acme { description = "Acme Corp" }
    ///   usage_plan partners { stages = [prod]  throttle { rate = 10/s  burst = 20 }  keys = [acme] }
    ///   GET /quotes { auth = iam  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OPS004",
        name: "stage-without-usage-plan",
        summary: "stage that no usage plan covers",
        family: Family::Operations,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &["cfn_nag:W64", "cfn_nag:W68", "kics:7f8f1b60", "kics:api_gateway_deployment_without_api_gateway_usage_plan_associated"],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if !cx.api.usage_plans.iter().any(|p| p.stages.contains(&stage.name)) {
        let f = cx
            .finding(stage.span, format!("stage `{}` is in no usage plan", stage.name))
            .label("no per-client quotas")
            .help(format!("add `usage_plan NAME {{ stages = [{}]  throttle {{ ... }}  quota {{ ... }} }}` for its clients", stage.name));
        cx.report(f);
    }
}
