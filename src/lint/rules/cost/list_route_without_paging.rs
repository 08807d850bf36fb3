//! CST004 list-route-without-paging: a collection route that returns everything (off by default).

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `GET` routes of REST APIs that list a collection and declare none of the paging
    /// query parameters (see Options), unless their backend is a mock. Off by default; HTTP
    /// APIs are not checked, since they do not declare query parameters.
    ///
    /// A route counts as a collection only when the program says so: its last segment is a
    /// plural-looking literal (`orders`, `line-items`, `people`) and the same API has a route
    /// on an item of it (`/orders/{id}`, with any method, or deeper). `GET /me`, `GET /status`
    /// or a lone `GET /settings` return one thing and are not reported.
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
    ///   GET /orders/{id} { auth = iam  integration = lambda_proxy(orders) }
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
    ///   GET /orders/{id} { auth = iam  integration = lambda_proxy(orders) }
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
    if matches!(route.integration.kind, IntegrationKind::Mock) {
        return;
    }
    let Some(Segment::Literal(last)) = path.segments.last() else {
        return;
    };
    if !looks_plural(last) {
        return;
    }
    let Some(item) = cx.api.routes.iter().find(|r| is_item_of(r, path)) else {
        return;
    };
    let params = cx.strings("params");
    let paged = route.params.iter().any(|p| p.location == ParamLocation::Query && params.iter().any(|n| n == &p.name));
    if !paged {
        let f = cx
            .finding(route.span, format!("`{}` lists a collection without paging parameters", crate::lint::route_name(route)))
            .label("unpaged list")
            .with_secondary(item.span, format!("`{}` addresses one item of it", crate::lint::route_name(item)))
            .help("declare paging parameters such as `query limit?` and `query cursor?`");
        cx.report(f);
    }
}

/// Does a path segment name several things (`orders`, `line-items`, `people`)? Its last word
/// ends in `s` but not in `ss`, `us` or `is` (`access`, `status`, `analysis`), or is a common
/// irregular plural.
fn looks_plural(segment: &str) -> bool {
    let word = segment.rsplit(['-', '_', '.']).next().unwrap_or(segment).to_ascii_lowercase();
    if matches!(word.as_str(), "people" | "children" | "data" | "media") {
        return true;
    }
    word.len() > 2 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e))
}

/// Is `route` on an item of the collection `path`: the same segments (any variable names),
/// then a `{variable}`, then anything?
fn is_item_of(route: &Route, path: &Path) -> bool {
    let RouteKey::Http { path: p, .. } = &route.key else {
        return false;
    };
    let n = path.segments.len();
    p.segments.len() > n
        && matches!(p.segments[n], Segment::Var(_))
        && p.segments.iter().zip(&path.segments).all(|(a, b)| match (a, b) {
            (Segment::Var(_), Segment::Var(_)) => true,
            _ => a == b,
        })
}
