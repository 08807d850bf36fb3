//! LIM009 mapping-template-too-large: a mapping template over the size limit.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags request and response mapping templates larger than the limit (300 KB by
    /// default; see Options).
    ///
    /// ## Why it matters
    /// API Gateway rejects the method or integration response and the deployment fails.
    ///
    /// ## Example
    /// ```toml
    /// [lint.options.mapping-template-too-large]
    /// max_bytes = 10
    /// ```
    /// ```gw
    /// rest api shop {
    ///   GET /orders {
    ///     auth = iam
    ///     integration mock { request_templates { "application/json" = """{"statusCode": 200, "note": "long"}""" } }
    ///   }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = http_proxy("https://orders.example.com/orders") }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Options
    /// - `max_bytes` (integer, default 307200): the largest template, in bytes.
    pub static RULE = RuleMeta {
        code: "LIM009",
        name: "mapping-template-too-large",
        summary: "mapping template over the size limit",
        family: Family::Limits,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &[],
        options: &[RuleOption { name: "max_bytes", default: OptionDefault::Int(307_200), help: "largest template in bytes" }],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let max = cx.int("max_bytes");
    let i = &route.integration;
    let templates = i.request_templates.iter().map(|(k, t)| (format!("request template `{k}`"), t));
    let responses =
        i.responses.iter().flat_map(|r| r.templates.iter().map(move |(k, t)| (format!("response {} template `{k}`", r.status), t)));
    let big: Vec<(String, usize)> = templates.chain(responses).filter(|(_, t)| t.len() as i64 > max).map(|(w, t)| (w, t.len())).collect();
    for (what, len) in big {
        let f = cx
            .finding(i.span, format!("{what} of `{}` is {len} bytes, over the limit of {max}", crate::lint::route_name(route)))
            .label("template too large")
            .help("move the logic into the backend, or split the template");
        cx.report(f);
    }
}
