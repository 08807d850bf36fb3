//! SEC022 resource-policy-private-ip: an IP allow-list no public caller can match.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `source_ip` (and `not_source_ip`) conditions with private address ranges
    /// (10/8, 172.16/12, 192.168/16) on edge or regional APIs.
    ///
    /// ## Why it matters
    /// Requests reach a public endpoint from public addresses, so `aws:SourceIp` is never a
    /// private address: an allow-list of private ranges blocks everyone, a deny-list of them
    /// blocks no one. Traffic from a VPC needs a private API and `source_vpce`/`source_vpc`.
    ///
    /// ## Example
    /// ```gw
    /// rest api internal {
    ///   endpoint = regional
    ///   policy allow { principals = any  source_ip = ["10.0.0.0/8"] }
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
    ///   policy allow { principals = any  source_vpce = ["vpce-0123456789abcdef0"] }
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC022",
        name: "resource-policy-private-ip",
        summary: "private IP ranges in the policy of a public endpoint",
        family: Family::Security,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn private_range(cidr: &str) -> bool {
    let ip = cidr.split('/').next().unwrap_or("");
    let octets: Vec<u8> = ip.split('.').filter_map(|o| o.parse().ok()).collect();
    match octets.as_slice() {
        [10, ..] => true,
        [172, b, ..] => (16..=31).contains(b),
        [192, 168, ..] => true,
        _ => false,
    }
}

fn check(cx: &mut Cx<'_>) {
    if cx.api.endpoint.kind == EndpointKind::Private {
        return;
    }
    for (i, s) in cx.api.policy.iter().enumerate() {
        for c in s.conditions.iter().filter(|c| c.key == "aws:SourceIp") {
            if let Some(v) = c.values.iter().filter_map(|v| v.as_lit()).find(|v| private_range(v)) {
                let f = cx
                    .finding(s.span, format!("policy of public API `{}` matches the private range {v}", cx.api.name))
                    .label("no public caller has this address")
                    .help("use a private API with `source_vpce`/`source_vpc`, or list public addresses")
                    .on(crate::lint::Node::Policy(i));
                cx.report(f);
            }
        }
    }
}
