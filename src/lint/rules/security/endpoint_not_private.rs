//! SEC015 endpoint-not-private: organisation policy allowing only private endpoints.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs whose endpoint is `edge` or `regional`. Off by default: which endpoint types
    /// are allowed is an organisation decision (AWS Config `api-gw-endpoint-type-check`).
    ///
    /// ## Why it matters
    /// Internal APIs reachable from the internet widen the attack surface; a private endpoint
    /// is reachable only through VPC interface endpoints.
    ///
    /// ## Example
    /// ```gw
    /// rest api internal {
    ///   endpoint = regional
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api internal {
    ///   endpoint = private
    ///   vpc_endpoints = ["vpce-0123456789abcdef0"]
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC015",
        name: "endpoint-not-private",
        summary: "API endpoint that is not private (policy, off by default)",
        family: Family::Security,
        default: Level::Off,
        enabled: Level::Warning,
        production: None,
        anchors: &["kics:4a8daf95", "config:api-gw-endpoint-type-check"],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let api = cx.api;
    let word = match api.endpoint.kind {
        EndpointKind::Private => return,
        EndpointKind::Edge => "edge-optimized",
        EndpointKind::Regional => "regional",
    };
    let f = cx
        .finding(api.span, format!("API `{}` has a public {word} endpoint", api.name))
        .label("reachable from the internet")
        .help("use `endpoint = private` with `vpc_endpoints`, or turn this rule off for public APIs");
    cx.report(f);
}
