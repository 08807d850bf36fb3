//! SEC014 route-without-api-key: organisation policy requiring API keys on every route.

use crate::lint::prelude::*;
use crate::lint::rules::util::is_preflight;

declare_rule! {
    /// ## What it does
    /// Flags routes (other than preflights) that do not require an API key. Off by default:
    /// keys are for metering clients through usage plans, which not every API wants. On a
    /// WebSocket API only `$connect` is reported: API Gateway checks the key once, when the
    /// client connects, and never on a message route (`$default`, `$disconnect`, actions).
    ///
    /// ## Why it matters
    /// Where every client must be identified and metered, a route without a key escapes the
    /// usage plans' quotas and throttles (KICS 3641d5b4). Keys are not authentication; see
    /// `api-key-only-auth`.
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
    ///   usage_plan partners { stages = [prod]  keys = [acme] }
    ///   GET /quotes { auth = iam  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC014",
        name: "route-without-api-key",
        summary: "route that does not require an API key (policy, off by default)",
        family: Family::Security,
        default: Level::Off,
        enabled: Level::Warning,
        production: None,
        anchors: &["kics:3641d5b4"],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    // A WebSocket API evaluates API keys on `$connect` only.
    if matches!(&route.key, RouteKey::Websocket(k) if k != "$connect") {
        return;
    }
    if !route.api_key_required && !is_preflight(route) {
        let f = cx
            .finding(route.span, format!("`{}` does not require an API key", crate::lint::route_name(route)))
            .label("no API key")
            .help("set `api_key_required = true` on the route or the API");
        cx.report(f);
    }
}
