//! OPS001 stage-without-throttle: a stage limited only by the account-wide throttle.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stages without a stage-wide `throttle`, unless every route sets both rate and
    /// burst itself.
    ///
    /// ## Why it matters
    /// Without a stage limit the only limit is the account's, shared by every API in the
    /// Region: one client or one runaway loop can starve the other APIs and run up the
    /// backend's bill. Only serverless-rules (ES2003) and cdk-nag check this among scanners.
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
    ///   stage prod { throttle { rate = 100/s  burst = 200 } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OPS001",
        name: "stage-without-throttle",
        summary: "stage without a stage-wide throttle",
        family: Family::Operations,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &["serverless-rules:ES2003", "cdk-nag:APIGWDefaultThrottling", "tflint:aws_api_gateway_method_settings_throttling_rule"],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if stage.throttle.is_some() {
        return;
    }
    let all_routes = cx.api.routes.iter().all(|r| matches!(r.throttle, Some(Throttle { rate: Some(_), burst: Some(_) })));
    if !all_routes {
        let f = cx
            .finding(stage.span, format!("stage `{}` has no throttle", stage.name))
            .label("only the account-wide limit applies")
            .help("add `throttle { rate = 100/s  burst = 200 }` (sized for your backend) to the stage");
        cx.report(f);
    }
}
