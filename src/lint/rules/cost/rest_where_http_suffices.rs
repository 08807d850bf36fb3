//! CST003 rest-where-http-suffices: a REST API that uses nothing HTTP APIs lack (off by default).

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags regional REST APIs that use no REST-only feature: every route is a Lambda or HTTP
    /// proxy, and there are no API keys, usage plans, mock or templated integrations, request
    /// validation, caching, WAF, X-Ray, execution logging, resource policies, canaries or
    /// client certificates. Off by default.
    ///
    /// ## Why it matters
    /// HTTP APIs cost up to about 70 % less per request and add less latency.
    ///
    /// ## Example
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// rest api shop {
    ///   endpoint = regional
    ///   GET /orders { auth = iam  integration = lambda_proxy(orders) }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// http api shop {
    ///   GET /orders { auth = iam  integration = lambda_proxy(orders) }
    ///   stage prod {}
    /// }
    /// ```
    /// (An API that does need a REST-only feature, such as X-Ray tracing, stays REST and is
    /// not reported.)
    pub static RULE = RuleMeta {
        code: "CST003",
        name: "rest-where-http-suffices",
        summary: "REST API that uses no REST-only feature (off by default)",
        family: Family::Cost,
        default: Level::Off,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let api = cx.api;
    if api.kind != ApiKind::Rest || api.endpoint.kind != EndpointKind::Regional {
        return;
    }
    let rest_only_api = !api.usage_plans.is_empty()
        || !api.api_keys.is_empty()
        || !api.policy.is_empty()
        || !api.client_certificates.is_empty()
        || !api.models.is_empty()
        || api.api_key_source.is_some();
    let rest_only_route = api.routes.iter().any(|r| {
        r.api_key_required
            || !r.integration.kind.is_proxy()
            || r.integration.vpc_link.is_some()
            || r.validator.is_some()
            || r.cache.as_ref().is_some_and(|c| c.enabled)
            || matches!(&r.auth, Auth::Authorizer { name, .. } if api.authorizers.iter().any(|a| &a.name == name && matches!(a.kind, AuthorizerKind::Token { .. })))
    });
    let rest_only_stage = api.stages.iter().any(|s| {
        s.tracing
            || matches!(s.logging, Some(LogLevel::Error | LogLevel::Info))
            || s.cache.is_some()
            || s.canary.is_some()
            || s.web_acl.is_some()
            || s.client_certificate.is_some()
    });
    if !(rest_only_api || rest_only_route || rest_only_stage) {
        let f = cx
            .finding(api.span, format!("API `{}` uses no REST-only feature", api.name))
            .label("an HTTP API would do")
            .help("HTTP APIs cost less and add less latency; consider one for this API");
        cx.report(f);
    }
}
