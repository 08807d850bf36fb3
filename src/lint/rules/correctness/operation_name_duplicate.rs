//! COR005 operation-name-duplicate: two routes with the same operation name.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags routes whose `operation_name` is already used by another route of the API.
    ///
    /// ## Why it matters
    /// Operation names become method names in generated SDKs and `operationId` in exported
    /// OpenAPI, where they must be unique: SDK generation fails or one method shadows another.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  operation_name = "List"  integration = mock() }
    ///   GET /invoices { auth = iam  operation_name = "List"  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  operation_name = "ListOrders"  integration = mock() }
    ///   GET /invoices { auth = iam  operation_name = "ListInvoices"  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR005",
        name: "operation-name-duplicate",
        summary: "operation name used by two routes",
        family: Family::Correctness,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &["kics:operation_id_not_unique", "spectral:operation-operationId-unique"],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let routes = &cx.api.routes;
    for (i, r) in routes.iter().enumerate() {
        let Some(op) = &r.operation_name else {
            continue;
        };
        if let Some(first) = routes[..i].iter().find(|o| o.operation_name.as_ref() == Some(op)) {
            let f = cx
                .finding(r.span, format!("operation name `{op}` of `{}` is already used", crate::lint::route_name(r)))
                .label("duplicate operation name")
                .with_secondary(first.span, "first used here")
                .help("give each route its own operation name");
            cx.report(f);
        }
    }
}
