//! COR001 path-variable-unmapped: a path variable a non-proxy backend never receives.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags path variables of routes with a non-proxy integration (`lambda`, `http`, `aws`)
    /// that are neither mapped in `request_parameters` (or a URL placeholder) nor read by a
    /// request template.
    ///
    /// ## Why it matters
    /// Non-proxy integrations send the backend only what is mapped: `GET /orders/{id}` then
    /// reaches the backend without the `id`, and every order looks the same.
    ///
    /// ## Example
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// rest api shop {
    ///   GET /orders/{id} { auth = iam  integration = lambda(orders) }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// rest api shop {
    ///   GET /orders/{id} {
    ///     auth = iam
    ///     integration lambda {
    ///       function = orders
    ///       request_templates { "application/json" = """{"id": "$input.params('id')"}""" }
    ///     }
    ///   }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR001",
        name: "path-variable-unmapped",
        summary: "path variable a non-proxy integration never receives",
        family: Family::Correctness,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &["aws-openapi-lint:path_parameter_not_mapped"],
        options: &[],
        check: Check::Route(check),
    };
}

/// Does the integration pass this request parameter to the backend?
pub(crate) fn passes(i: &Integration, loc: ParamLocation, name: &str) -> bool {
    let expr = format!("method.request.{}.{name}", loc.mapping_word());
    if i.request_parameters.values().any(|v| *v == MappingValue::Expr(expr.clone())) {
        return true;
    }
    i.request_templates.values().any(|t| {
        t.contains("$input.params()")
            || t.contains("$input.params().get(")
            || (t.contains("$input.params") && (t.contains(&format!("'{name}'")) || t.contains(&format!("\"{name}\""))))
            || t.contains(&format!("$input.params().{}", loc.mapping_word()))
    })
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let i = &route.integration;
    if i.kind.is_proxy() || matches!(i.kind, IntegrationKind::Mock) {
        return;
    }
    let RouteKey::Http { path, .. } = &route.key else {
        return;
    };
    for v in path.vars() {
        if !passes(i, ParamLocation::Path, v) {
            let f = cx
                .finding(route.span, format!("path variable `{v}` of `{}` never reaches the backend", crate::lint::route_name(route)))
                .label("unmapped path variable")
                .help(format!(
                    "map it (`request_parameters {{ path.{v} = path.{v} }}`) or read it in a template with `$input.params('{v}')`"
                ));
            cx.report(f);
        }
    }
}
