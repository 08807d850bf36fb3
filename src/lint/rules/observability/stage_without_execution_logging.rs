//! OBS003 stage-without-execution-logging: authorizer and integration failures leave no trace.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stages whose execution logging is unset or `off`.
    ///
    /// ## Why it matters
    /// Execution logs are where API Gateway explains a 500: authorizer errors, mapping
    /// template failures, backend timeouts. Without them such failures cannot be diagnosed.
    /// `logging = error` records failures only and costs little.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { logging = off }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { logging = error }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OBS003",
        name: "stage-without-execution-logging",
        summary: "stage with execution logging off",
        family: Family::Observability,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[
            "checkov:CKV2_AWS_4",
            "kics:982aa526",
            "securityhub:APIGateway.1",
            "cdk-nag:AwsSolutions-APIG6",
            "controltower:CT.APIGATEWAY.PR.1",
        ],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if matches!(stage.logging, None | Some(LogLevel::Off)) {
        let f = cx
            .finding(stage.span, format!("stage `{}` has execution logging off", stage.name))
            .label("no execution logs")
            .help("add `logging = error` to the stage");
        cx.report(f);
    }
}
