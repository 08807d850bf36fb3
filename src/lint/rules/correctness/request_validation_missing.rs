//! COR014 request-validation-missing: request bodies reach the backend unvalidated.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `POST`, `PUT` and `PATCH` routes with a backend (not `mock()`) that declare no
    /// request `body` model, so API Gateway validates nothing about the body.
    ///
    /// ## Why it matters
    /// Malformed and malicious payloads reach the backend and are paid for; a JSON Schema
    /// model lets API Gateway reject them with 400 before any code runs.
    ///
    /// ## Example
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// rest api shop {
    ///   POST /orders { auth = iam  integration = lambda_proxy(orders) }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// rest api shop {
    ///   model NewOrder { item: string  quantity: integer }
    ///   POST /orders { auth = iam  body: NewOrder  integration = lambda_proxy(orders) }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR014",
        name: "request-validation-missing",
        summary: "write route with a backend and no body model to validate",
        family: Family::Correctness,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &["checkov:CKV2_AWS_53", "cdk-nag:AwsSolutions-APIG2"],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let Some(m) = crate::lint::rules::util::method(route) else {
        return;
    };
    if !matches!(m, Method::POST | Method::PUT | Method::PATCH) || matches!(route.integration.kind, IntegrationKind::Mock) {
        return;
    }
    if route.body.is_none() && !route.validator.is_some_and(|v| v.validates_body()) {
        let f = cx
            .finding(route.span, format!("`{}` accepts any body", crate::lint::route_name(route)))
            .label("no request model")
            .help("declare a `model` and add `body: MODEL` to the route so API Gateway validates it");
        cx.report(f);
    }
}
