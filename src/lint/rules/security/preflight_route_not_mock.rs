//! SEC004 preflight-route-not-mock: an unauthenticated OPTIONS route that reaches a backend.

use crate::lint::prelude::*;
use crate::lint::rules::util::is_preflight;

declare_rule! {
    /// ## What it does
    /// Flags unauthenticated `OPTIONS` routes whose integration is not `mock()`.
    ///
    /// ## Why it matters
    /// A preflight has to be open, so the method is an unauthenticated door into whatever
    /// backend it calls: anyone can invoke the Lambda function or HTTP service with `OPTIONS`.
    /// A MOCK integration answers preflights inside API Gateway and never reaches a backend.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   OPTIONS /orders { auth = none  integration = http_proxy("https://orders.example.com/orders") }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   OPTIONS /orders { auth = none  integration = mock() }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC004",
        name: "preflight-route-not-mock",
        summary: "unauthenticated OPTIONS route that calls a backend",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &["checkov:CKV2_AWS_70"],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    if is_preflight(route) && matches!(route.auth, Auth::None { .. }) && !matches!(route.integration.kind, IntegrationKind::Mock) {
        let f = cx
            .finding(
                route.integration.span,
                format!("preflight `{}` calls a backend without authentication", crate::lint::route_name(route)),
            )
            .label("not a mock integration")
            .help("answer preflights with `integration = mock()` and CORS headers on its response");
        cx.report(f);
    }
}
