//! SEC001 route-without-auth: a route anyone can call, and nobody said so on purpose.

use crate::lint::prelude::*;
use crate::lint::rules::util::is_preflight;

declare_rule! {
    /// ## What it does
    /// Flags routes (other than `OPTIONS` preflights) whose auth is none only because nothing
    /// was said: no `auth` on the route and no API-wide default. An API key does not count:
    /// keys identify and meter callers, they do not authenticate them.
    ///
    /// ## Why it matters
    /// An unauthenticated method hands the backend to anyone on the internet. checkov
    /// (CKV_AWS_59) and trivy treat an API key as enough; gwc does not.
    ///
    /// A route with an explicit `auth = none` is public by intent and is not reported; `gwc
    /// build` tells the scanners so, writing skips of the checks this rule covers (checkov
    /// CKV_AWS_59, cfn_nag W59) into its Method's `Metadata` with the comment "declared public
    /// in gwc (auth = none)". On a production stage (`production_stages` in gwc.toml) the
    /// finding is an error.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   GET /health { auth = none  integration = mock() }
    ///   OPTIONS /orders { integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC001",
        name: "route-without-auth",
        summary: "route with no authentication that is not marked public",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: Some(Level::Error),
        anchors: &[
            "checkov:CKV_AWS_59",
            "checkov:CKV_AWS_309",
            "cfn_nag:W59",
            "kics:1056dfbb",
            "trivy:AVD-AWS-0004",
            "securityhub:APIGateway.8",
            "controltower:CT.APIGATEWAY.PR.5",
            "cdk-nag:AwsSolutions-APIG4",
        ],
        options: &[],
        check: Check::Route(check),
    };
}

/// Is `route` one this rule judges: not a preflight and, on a WebSocket API, the connection
/// (`$connect`), since a WebSocket API authorizes the connection, never a message.
pub fn judges(route: &Route) -> bool {
    !is_preflight(route) && !matches!(&route.key, crate::model::RouteKey::Websocket(k) if k != "$connect")
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    if route.auth != (Auth::None { explicit: false }) || !judges(route) {
        return;
    }
    let name = crate::lint::route_name(route);
    let key = if route.api_key_required { " (an API key identifies callers but does not authenticate them)" } else { "" };
    let f = cx
        .finding(route.span, format!("`{name}` has no authentication{key}"))
        .label("anyone can call this route")
        .help("set `auth` to an authorizer or `iam`, or write `auth = none` if the route is public on purpose")
        .production(cx.serves_production());
    cx.report(f);
}
