//! SEC007 integration-http-plaintext: a backend called over plain HTTP.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags HTTP integrations whose URL starts with `http://`.
    ///
    /// ## Why it matters
    /// API Gateway calls the backend across the internet in clear text: requests, tokens passed
    /// through and responses can be read and changed on the way. On a production stage
    /// (`production_stages`) the finding is an error.
    ///
    /// ## Example
    /// ```gw
    /// rest api legacy {
    ///   GET /items { auth = iam  integration = http_proxy("http://backend.example.com/items") }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api legacy {
    ///   GET /items { auth = iam  integration = http_proxy("https://backend.example.com/items") }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC007",
        name: "integration-http-plaintext",
        summary: "HTTP integration to an http:// URL",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: Some(Level::Error),
        anchors: &["securityhub:APIGateway.10"],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let IntegrationKind::Http { url, .. } = &route.integration.kind else {
        return;
    };
    let starts_plain = matches!(url.parts.first(), Some(TextPart::Lit(s)) if s.to_ascii_lowercase().starts_with("http://"));
    if starts_plain && route.integration.vpc_link.is_none() {
        let f = cx
            .finding(route.integration.span, format!("`{}` calls its backend over plain HTTP", crate::lint::route_name(route)))
            .label("http:// URL")
            .help("use an https:// URL (or a VPC link for backends inside a VPC)")
            .production(cx.serves_production());
        cx.report(f);
    }
}
