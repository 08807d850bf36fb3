//! OBS005 stage-without-tracing: no X-Ray traces through the API.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags REST stages without `tracing = true`.
    ///
    /// ## Why it matters
    /// X-Ray traces show where the time of a slow request goes (authorizer, integration,
    /// backend) and connect API Gateway to the services behind it.
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
    ///   stage prod { tracing = true }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OBS005",
        name: "stage-without-tracing",
        summary: "REST stage without X-Ray tracing",
        family: Family::Observability,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[
            "checkov:CKV_AWS_73",
            "kics:4ab10c48",
            "trivy:AVD-AWS-0003",
            "securityhub:APIGateway.3",
            "serverless-rules:WS2002",
            "cdk-nag:APIGWXrayEnabled",
            "controltower:CT.APIGATEWAY.PR.2",
        ],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if cx.api.kind == ApiKind::Rest && !stage.tracing {
        let f = cx
            .finding(stage.span, format!("stage `{}` has X-Ray tracing off", stage.name))
            .label("no tracing")
            .help("add `tracing = true` to the stage");
        cx.report(f);
    }
}
