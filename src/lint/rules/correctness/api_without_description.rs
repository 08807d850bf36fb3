//! COR009 api-without-description: an undocumented API (policy, off by default).

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs without a `description`. Off by default.
    ///
    /// ## Why it matters
    /// The description is what the console, `GetRestApis` and exported OpenAPI show; in an
    /// account with dozens of APIs it is how owners are found.
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
    ///   description = "Orders of the web shop (team checkout)"
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR009",
        name: "api-without-description",
        summary: "API without a description (style, off by default)",
        family: Family::Correctness,
        default: Level::Off,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    if cx.api.description.is_none() {
        let f = cx
            .finding(cx.api.span, format!("API `{}` has no description", cx.api.name))
            .label("no description")
            .help("add `description = \"...\"`");
        cx.report(f);
    }
}
