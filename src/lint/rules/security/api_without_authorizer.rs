//! SEC005 api-without-authorizer: an API with no authorizer and routes that are not IAM-signed.

use crate::lint::prelude::*;
use crate::lint::rules::util::is_preflight;

declare_rule! {
    /// ## What it does
    /// Flags APIs that declare no authorizer while some of their routes (other than `OPTIONS`
    /// preflights) do not use IAM either.
    ///
    /// ## Why it matters
    /// Per route, `route-without-auth` already reports what is open; this API-level finding is
    /// the anchor for scanners that only ask "does this API have an authorizer at all?" (KICS).
    /// APIs whose every route is IAM-signed are not reported.
    ///
    /// ## Example
    /// ```gw
    /// rest api status {
    ///   GET /health { auth = none  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api status {
    ///   GET /health { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC005",
        name: "api-without-authorizer",
        summary: "API with no authorizer whose routes are not all IAM-signed",
        family: Family::Security,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &["kics:7fd0d461"],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let api = cx.api;
    if !api.authorizers.is_empty() {
        return;
    }
    let open = api.routes.iter().filter(|r| !is_preflight(r) && r.auth != Auth::Iam).count();
    if open > 0 {
        let f = cx
            .finding(api.span, format!("API `{}` has no authorizer", api.name))
            .label(format!("{open} route(s) neither authorized nor IAM-signed"))
            .help("declare an `authorizer` (token, request or cognito) or use `auth = iam`");
        cx.report(f);
    }
}
