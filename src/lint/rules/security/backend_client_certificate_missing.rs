//! SEC026 backend-client-certificate-missing: HTTP backends cannot tell API Gateway's calls apart.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stages without a `client_certificate` when the API calls HTTP backends over the
    /// internet (HTTP integrations without a VPC link).
    ///
    /// ## Why it matters
    /// A public HTTP backend cannot know whether a request came through API Gateway (with its
    /// auth, throttles and WAF) or straight from the internet. With a client certificate the
    /// backend can require API Gateway's certificate (mutual TLS).
    ///
    /// ## Example
    /// ```gw
    /// rest api legacy {
    ///   GET /items { auth = iam  integration = http_proxy("https://backend.example.com/items") }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api legacy {
    ///   client_certificate backend { description = "presented to backend.example.com" }
    ///   GET /items { auth = iam  integration = http_proxy("https://backend.example.com/items") }
    ///   stage prod { client_certificate = backend }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC026",
        name: "backend-client-certificate-missing",
        summary: "stage calling public HTTP backends without a client certificate",
        family: Family::Security,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &["checkov:CKV2_AWS_51", "kics:ed4c48b8", "securityhub:APIGateway.2"],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    let http = cx.api.routes.iter().any(|r| matches!(r.integration.kind, IntegrationKind::Http { .. }) && r.integration.vpc_link.is_none());
    if http && stage.client_certificate.is_none() {
        let f = cx
            .finding(stage.span, format!("stage `{}` calls HTTP backends without a client certificate", stage.name))
            .label("no client_certificate")
            .help("declare `client_certificate NAME {}` in the API and set `client_certificate = NAME` on the stage");
        cx.report(f);
    }
}
