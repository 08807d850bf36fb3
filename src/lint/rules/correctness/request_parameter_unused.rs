//! COR008 request-parameter-unused: a declared parameter a non-proxy backend never receives.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags query and header parameters declared on routes with a non-proxy integration that
    /// are neither mapped in `request_parameters` nor read by a request template.
    ///
    /// ## Why it matters
    /// Declaring a parameter makes API Gateway accept (and, when required, demand) it, but a
    /// non-proxy integration forwards only what is mapped: the client's `?limit=10` is dropped
    /// silently.
    ///
    /// ## Example
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// rest api shop {
    ///   GET /orders { auth = iam  query limit?  integration = lambda(orders) }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// rest api shop {
    ///   GET /orders {
    ///     auth = iam
    ///     query limit?
    ///     integration lambda {
    ///       function = orders
    ///       request_templates { "application/json" = """{"limit": "$input.params('limit')"}""" }
    ///     }
    ///   }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR008",
        name: "request-parameter-unused",
        summary: "declared query or header parameter a non-proxy integration drops",
        family: Family::Correctness,
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
    if i.kind.is_proxy() || matches!(i.kind, IntegrationKind::Mock) {
        return;
    }
    for p in &route.params {
        if p.location == ParamLocation::Path || super::path_variable_unmapped::passes(i, p.location, &p.name) {
            continue;
        }
        let cache_key = route.cache.as_ref().is_some_and(|c| c.keys.iter().any(|(l, n)| *l == p.location && n == &p.name));
        if cache_key {
            continue;
        }
        let f = cx
            .finding(
                p.span,
                format!(
                    "{} parameter `{}` of `{}` never reaches the backend",
                    p.location.mapping_word(),
                    p.name,
                    crate::lint::route_name(route)
                ),
            )
            .label("declared, not mapped")
            .help(format!("map it in `request_parameters` or read it in a template with `$input.params('{}')`, or remove it", p.name));
        cx.report(f);
    }
}
