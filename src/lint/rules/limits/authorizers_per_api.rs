//! LIM003 authorizers-per-api: more authorizers than the service quota.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs with more authorizers than the quota (10 by default; see Options).
    ///
    /// ## Why it matters
    /// API Gateway refuses the 11th authorizer of a REST API and the deployment fails.
    ///
    /// ## Example
    /// ```toml
    /// [lint.options.authorizers-per-api]
    /// max = 1
    /// ```
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer a: token { function = verify }
    ///   authorizer b: token { function = verify  identity = header.X-Token }
    ///   GET /a { auth = a  integration = mock() }
    ///   GET /b { auth = b  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer a: token { function = verify }
    ///   GET /a { auth = a  integration = mock() }
    ///   GET /b { auth = a  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Options
    /// - `max` (integer, default 10): the authorizer quota of the account.
    pub static RULE = RuleMeta {
        code: "LIM003",
        name: "authorizers-per-api",
        summary: "API with more authorizers than the quota",
        family: Family::Limits,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &[],
        options: &[RuleOption { name: "max", default: OptionDefault::Int(10), help: "authorizers per API" }],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let api = cx.api;
    let max = cx.int("max");
    if api.authorizers.len() as i64 > max {
        let extra = &api.authorizers[max.max(0) as usize];
        let f = cx
            .finding(extra.span, format!("API `{}` has {} authorizers, more than the quota of {max}", api.name, api.authorizers.len()))
            .label("over the quota from here")
            .help("share authorizers between routes, or raise the quota and set `[lint.options.authorizers-per-api] max`");
        cx.report(f);
    }
}
