//! LIM001 resources-per-api: more REST resources than the service quota.

use crate::lint::prelude::*;
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// Counts the REST resources an API needs (every distinct path prefix of its routes) and
    /// flags APIs above the quota (300 by default; see Options).
    ///
    /// ## Why it matters
    /// API Gateway rejects the 301st resource of a REST API and the deployment fails halfway.
    /// The quota can be raised through Service Quotas; set `max` to the raised value.
    ///
    /// ## Example
    /// ```toml
    /// [lint.options.resources-per-api]
    /// max = 2
    /// ```
    /// ```gw
    /// rest api catalog {
    ///   GET /items/{id}/reviews { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api catalog {
    ///   GET /items/{id} { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    /// (Split large APIs by base path across several APIs behind one custom domain.)
    ///
    /// ## Options
    /// - `max` (integer, default 300): the resource quota of the account.
    pub static RULE = RuleMeta {
        code: "LIM001",
        name: "resources-per-api",
        summary: "REST API with more resources than the quota",
        family: Family::Limits,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &[],
        options: &[RuleOption { name: "max", default: OptionDefault::Int(300), help: "resources per REST API" }],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let api = cx.api;
    let mut prefixes: BTreeSet<&[Segment]> = BTreeSet::new();
    for r in &api.routes {
        if let RouteKey::Http { path, .. } = &r.key {
            for n in 1..=path.segments.len() {
                prefixes.insert(&path.segments[..n]);
            }
        }
    }
    let max = cx.int("max");
    if prefixes.len() as i64 > max {
        let f = cx
            .finding(api.span, format!("API `{}` needs {} resources, more than the quota of {max}", api.name, prefixes.len()))
            .label("too many resources")
            .help("split the API by base path, or raise the quota and set `[lint.options.resources-per-api] max`");
        cx.report(f);
    }
}
