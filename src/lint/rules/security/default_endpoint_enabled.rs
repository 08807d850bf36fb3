//! SEC025 default-endpoint-enabled: the execute-api URL bypasses the custom domain.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs with a custom domain whose default `execute-api` endpoint is still enabled.
    ///
    /// ## Why it matters
    /// Controls attached to the domain (mutual TLS, the TLS policy, a CDN or WAF in front of
    /// it) do not apply to `https://ID.execute-api.REGION.amazonaws.com`, which keeps
    /// answering. Disable it so the domain is the only way in.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   endpoint = regional
    ///   domain "api.example.com" {
    ///     certificate = "arn:aws:acm:us-east-1:123456789012:certificate/1234"
    ///     security_policy = tls_1_2
    ///     base_path v1 { stage = prod }
    ///   }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   endpoint = regional
    ///   disable_execute_api_endpoint = true
    ///   domain "api.example.com" {
    ///     certificate = "arn:aws:acm:us-east-1:123456789012:certificate/1234"
    ///     security_policy = tls_1_2
    ///     base_path v1 { stage = prod }
    ///   }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC025",
        name: "default-endpoint-enabled",
        summary: "custom domain while the default execute-api endpoint stays enabled",
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
    if !api.domains.is_empty() && !api.disable_execute_api_endpoint {
        let f = cx
            .finding(api.domains[0].span, format!("API `{}` still answers on its execute-api URL", api.name))
            .label("custom domain can be bypassed")
            .help("add `disable_execute_api_endpoint = true` to the API")
            .on(crate::lint::Node::Domain(0));
        cx.report(f);
    }
}
