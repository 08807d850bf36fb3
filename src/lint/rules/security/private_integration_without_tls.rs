//! SEC028 private-integration-without-tls: an HTTP API private integration that does not verify TLS.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags private integrations of HTTP APIs (through a `vpc_link`) without `tls_server_name`.
    ///
    /// ## Why it matters
    /// Without a server name to verify, API Gateway does not check the certificate of the load
    /// balancer or service it reaches inside the VPC: traffic there is plain HTTP, or TLS that
    /// anything holding a certificate can answer. Name the host the backend's certificate is
    /// issued for, and listen on HTTPS.
    ///
    /// ## Example
    /// ```gw
    /// param listener: arn
    ///
    /// http api inventory {
    ///   vpc_link services { subnets = ["subnet-0a1b2c3d4e5f60718"] }
    ///   GET /items { auth = iam  integration http_proxy { vpc_link = services  target = listener } }
    ///   stage $default {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// param listener: arn
    ///
    /// http api inventory {
    ///   vpc_link services { subnets = ["subnet-0a1b2c3d4e5f60718"] }
    ///   GET /items {
    ///     auth = iam
    ///     integration http_proxy { vpc_link = services  target = listener  tls_server_name = "items.internal.example.com" }
    ///   }
    ///   stage $default {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC028",
        name: "private-integration-without-tls",
        summary: "HTTP API private integration that does not verify TLS",
        family: Family::Security,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let i = &route.integration;
    if cx.api.kind != crate::model::ApiKind::Http || i.vpc_link.is_none() {
        return;
    }
    if i.v2.as_ref().is_some_and(|v| v.tls_server_name.is_some()) {
        return;
    }
    let f = cx
        .finding(i.span, format!("`{}` reaches its private backend without verifying TLS", crate::lint::route_name(route)))
        .label("no `tls_server_name`")
        .help("add `tls_server_name = \"HOST\"` (the name on the backend's certificate) and serve HTTPS on the listener");
    cx.report(f);
}
