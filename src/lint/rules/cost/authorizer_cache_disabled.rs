//! CST002 authorizer-cache-disabled: the authorizer function runs on every request.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags Lambda authorizers with `ttl = 0s`.
    ///
    /// ## Why it matters
    /// Without caching every request invokes the authorizer function first: double the
    /// Lambda invocations, added latency, and an authorizer outage is an API outage. A short
    /// TTL (minutes) removes most of that. Caching has its own pitfall when one authorizer
    /// protects several routes; see `authorizer-cache-shared`.
    ///
    /// ## Example
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer tokens: token { function = verify  validation = "^Bearer .+$"  ttl = 0s }
    ///   GET /orders { auth = tokens  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer tokens: token { function = verify  validation = "^Bearer .+$"  ttl = 5m }
    ///   GET /orders { auth = tokens  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "CST002",
        name: "authorizer-cache-disabled",
        summary: "Lambda authorizer without result caching",
        family: Family::Cost,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Authorizer(check),
    };
}

fn check(cx: &mut Cx<'_>, a: &Authorizer) {
    if a.kind.function().is_some() && a.ttl_seconds == Some(0) {
        let f = cx
            .finding(a.span, format!("authorizer `{}` runs its function on every request", a.name))
            .label("ttl = 0s")
            .help("cache results for a few minutes, e.g. `ttl = 5m`");
        cx.report(f);
    }
}
