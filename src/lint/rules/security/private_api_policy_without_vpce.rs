//! SEC023 private-api-policy-without-vpce: a private API whose policy does not pin endpoints.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags private APIs with their own `policy allow` statements, none of which restricts
    /// callers to VPC endpoints or VPCs (`source_vpce`, `source_vpc`). (Without any `policy`,
    /// gwc generates one from `vpc_endpoints`.)
    ///
    /// ## Why it matters
    /// A private API is reachable through any `execute-api` VPC endpoint in any account unless
    /// the resource policy names the allowed endpoints or VPCs.
    ///
    /// ## Example
    /// ```gw
    /// rest api internal {
    ///   endpoint = private
    ///   vpc_endpoints = ["vpce-0123456789abcdef0"]
    ///   policy allow { principals = ["123456789012"] }
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
    ///   policy allow { principals = ["123456789012"]  source_vpce = ["vpce-0123456789abcdef0"] }
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC023",
        name: "private-api-policy-without-vpce",
        summary: "private API policy without a VPC endpoint or VPC condition",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let api = cx.api;
    if api.endpoint.kind != EndpointKind::Private {
        return;
    }
    let allows: Vec<usize> = (0..api.policy.len()).filter(|&i| api.policy[i].allow).collect();
    let pinned = api.policy.iter().any(|s| s.conditions.iter().any(|c| c.key == "aws:SourceVpce" || c.key == "aws:SourceVpc"));
    if let (Some(&first), false) = (allows.first(), pinned) {
        let f = cx
            .finding(api.policy[first].span, format!("private API `{}` does not restrict which VPC endpoints may call it", api.name))
            .label("no source_vpce or source_vpc condition")
            .help("add `source_vpce = [...]` (or `source_vpc`) to the allow statement")
            .on(crate::lint::Node::Policy(first));
        cx.report(f);
    }
}
