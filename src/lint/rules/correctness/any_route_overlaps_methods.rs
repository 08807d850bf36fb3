//! COR002 any-route-overlaps-methods: an ANY route next to explicit methods on one path.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags paths that have both an `ANY` route and routes with explicit methods.
    ///
    /// ## Why it matters
    /// The explicit methods win and `ANY` catches only the rest, so the `ANY` backend sees a
    /// surprising subset of methods, and its auth may differ from the explicit routes'.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   ANY /orders { auth = iam  integration = mock() }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   POST /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR002",
        name: "any-route-overlaps-methods",
        summary: "ANY route on a path that also has explicit methods",
        family: Family::Correctness,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &["kics:path_ambiguous"],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let RouteKey::Http { method: Method::ANY, path } = &route.key else {
        return;
    };
    let others: Vec<&Route> = cx
        .api
        .routes
        .iter()
        .filter(
            |r| matches!(&r.key, RouteKey::Http { method, path: p } if p == path && *method != Method::ANY && *method != Method::OPTIONS),
        )
        .collect();
    if let Some(first) = others.first() {
        let f = cx
            .finding(route.span, format!("`ANY {}` overlaps {} explicit method(s) on the same path", path.text(), others.len()))
            .label("catches only the other methods")
            .with_secondary(first.span, "explicit method")
            .help("declare every method explicitly, or keep only the ANY route");
        cx.report(f);
    }
}
