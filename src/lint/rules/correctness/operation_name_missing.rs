//! COR007 operation-name-missing: routes without an SDK method name (policy, off by default).

use crate::lint::prelude::*;
use crate::lint::rules::util::is_preflight;

declare_rule! {
    /// ## What it does
    /// Flags routes (other than preflights) without `operation_name`. Off by default.
    ///
    /// ## Why it matters
    /// Generated SDKs and exported OpenAPI name their methods after operation names; without
    /// them the names are derived from paths and change when paths do.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  operation_name = "ListOrders"  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR007",
        name: "operation-name-missing",
        summary: "route without an operation name (style, off by default)",
        family: Family::Correctness,
        default: Level::Off,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    if route.operation_name.is_none() && !is_preflight(route) && route.generated.is_none() {
        let f = cx
            .finding(route.span, format!("`{}` has no operation name", crate::lint::route_name(route)))
            .label("no operation_name")
            .help("add `operation_name = \"VerbNoun\"`");
        cx.report(f);
    }
}
