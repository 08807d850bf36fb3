//! COR004 stage-variable-missing-in-stage: a stage that lacks a variable the API reads.

use crate::lint::prelude::*;
use crate::lint::rules::util::api_stage_variable_reads;

declare_rule! {
    /// ## What it does
    /// Flags stages that do not define a stage variable the API reads in a URL, mapping,
    /// template, identity source or gateway response. (Lambda function ARNs are already checked
    /// by the compiler, E0415.)
    ///
    /// ## Why it matters
    /// In that stage the variable is empty: the URL points nowhere, the template writes `""`,
    /// and a REQUEST authorizer whose identity source is missing answers 401 to everyone.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = http_proxy("https://${stageVariables.host}/orders") }
    ///   stage prod { variables { host = "orders.example.com" } }
    ///   stage dev {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = http_proxy("https://${stageVariables.host}/orders") }
    ///   stage prod { variables { host = "orders.example.com" } }
    ///   stage dev { variables { host = "orders.dev.example.com" } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR004",
        name: "stage-variable-missing-in-stage",
        summary: "stage that does not define a stage variable the API reads",
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
    let mut missing: Vec<String> = Vec::new();
    for (name, lambda) in api_stage_variable_reads(cx.program, cx.api) {
        if !lambda && !stage.variables.contains_key(&name) && !missing.contains(&name) {
            missing.push(name);
        }
    }
    for name in missing {
        let f = cx
            .finding(stage.span, format!("stage `{}` does not define stage variable `{name}`, which the API reads", stage.name))
            .label("missing stage variable")
            .help(format!("add `variables {{ {name} = \"...\" }}` to the stage"));
        cx.report(f);
    }
}
