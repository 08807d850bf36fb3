//! COR003 stage-variable-unused: a stage variable nothing reads.

use crate::lint::prelude::*;
use crate::lint::rules::util::api_stage_variable_reads;

declare_rule! {
    /// ## What it does
    /// Flags stage variables that no integration URL, function ARN, mapping, template,
    /// identity source or gateway response of the API reads.
    ///
    /// ## Why it matters
    /// An unread variable is either dead configuration or a typo of the name the backend
    /// expects (`tabel` for `table`), in which case the real reader gets nothing.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { variables { table = "orders" } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = http_proxy("https://${stageVariables.host}/orders") }
    ///   stage prod { variables { host = "orders.example.com" } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR003",
        name: "stage-variable-unused",
        summary: "stage variable that nothing reads",
        family: Family::Correctness,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if stage.variables.is_empty() {
        return;
    }
    let reads = api_stage_variable_reads(cx.program, cx.api);
    for name in stage.variables.keys() {
        if !reads.iter().any(|(n, _)| n == name) {
            let f = cx
                .finding(stage.span, format!("stage variable `{name}` of stage `{}` is never read", stage.name))
                .label("unused stage variable")
                .help("remove it, or check the spelling where it should be read (`${stageVariables.NAME}`)");
            cx.report(f);
        }
    }
}
