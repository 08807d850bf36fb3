//! COR013 cache-on-mutating-route: caching the answer of a write.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags routes with `POST`, `PUT`, `PATCH`, `DELETE` or `ANY` that enable caching.
    ///
    /// ## Why it matters
    /// A cached write answers repeated requests from the cache: the second `POST` with the
    /// same key never reaches the backend, and the client is told it succeeded.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   POST /orders { auth = iam  integration = mock()  cache { ttl = 1m } }
    ///   stage prod { cache { size = 0.5GB  encrypted = true } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   POST /orders { auth = iam  integration = mock() }
    ///   GET /catalog { auth = none  integration = mock()  cache { ttl = 1m } }
    ///   stage prod { cache { size = 0.5GB  encrypted = true } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR013",
        name: "cache-on-mutating-route",
        summary: "caching enabled on a write method",
        family: Family::Correctness,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let Some(m) = crate::lint::rules::util::method(route) else {
        return;
    };
    if matches!(m, Method::GET | Method::HEAD | Method::OPTIONS) || !route.cache.as_ref().is_some_and(|c| c.enabled) {
        return;
    }
    let f = cx
        .finding(route.span, format!("`{}` caches the response of a {} request", crate::lint::route_name(route), m.as_str()))
        .label("cached write")
        .help("remove the route's `cache`; cache only GET routes");
    cx.report(f);
}
