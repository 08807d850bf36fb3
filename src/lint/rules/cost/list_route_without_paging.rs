//! CST004 list-route-without-paging: a collection route that returns everything (off by default).

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `GET` routes on a collection path (ending in a literal segment) whose backend is
    /// not a mock and that declare none of the paging query parameters (see Options). Off by
    /// default.
    ///
    /// ## Why it matters
    /// Unpaged lists grow with the data: responses approach API Gateway's 10 MB payload limit
    /// and 29-second timeout, and each call costs more.
    ///
    /// ## Example
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = lambda_proxy(orders) }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function orders = lambda(name: "orders")
    ///
    /// rest api shop {
    ///   GET /orders { auth = iam  query limit?  query cursor?  integration = lambda_proxy(orders) }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Options
    /// - `params` (list of strings): query parameter names that count as paging.
    pub static RULE = RuleMeta {
        code: "CST004",
        name: "list-route-without-paging",
        summary: "collection GET route without paging parameters (off by default)",
        family: Family::Cost,
        default: Level::Off,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[RuleOption {
            name: "params",
            default: OptionDefault::Strings(&["limit", "page", "page_size", "per_page", "cursor", "next_token", "offset"]),
            help: "query parameters that count as paging",
        }],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let RouteKey::Http { method: Method::GET, path } = &route.key else {
        return;
    };
    if !matches!(path.segments.last(), Some(Segment::Literal(_))) || matches!(route.integration.kind, IntegrationKind::Mock) {
        return;
    }
    let params = cx.strings("params");
    let paged = route.params.iter().any(|p| p.location == ParamLocation::Query && params.iter().any(|n| n == &p.name));
    if !paged {
        let f = cx
            .finding(route.span, format!("`{}` lists a collection without paging parameters", crate::lint::route_name(route)))
            .label("unpaged list")
            .help("declare paging parameters such as `query limit?` and `query cursor?`");
        cx.report(f);
    }
}
