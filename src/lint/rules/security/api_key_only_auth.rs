//! SEC002 api-key-only-auth: a public route that relies on an API key alone.

use crate::lint::prelude::*;
use crate::lint::rules::util::is_preflight;

declare_rule! {
    /// ## What it does
    /// Flags routes marked public (`auth = none`) that require an API key, as if the key
    /// authenticated the caller.
    ///
    /// ## Why it matters
    /// API keys identify and meter clients of usage plans; they travel in a header, are shared
    /// and rarely rotated, and API Gateway does not treat them as credentials. Pair the key with
    /// an authorizer or IAM when callers must be authenticated.
    ///
    /// ## Example
    /// ```gw
    /// rest api partners {
    ///   api_key acme { description = "Acme Corp" }
    ///   usage_plan partners { stages = [prod]  keys = [acme] }
    ///   GET /quotes { auth = none  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function verify = lambda(name: "verify-partner")
    ///
    /// rest api partners {
    ///   authorizer partner: token { function = verify }
    ///   api_key acme { description = "Acme Corp" }
    ///   usage_plan partners { stages = [prod]  keys = [acme] }
    ///   GET /quotes { auth = partner  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC002",
        name: "api-key-only-auth",
        summary: "public route protected only by an API key",
        family: Family::Security,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    if route.auth == (Auth::None { explicit: true }) && route.api_key_required && !is_preflight(route) {
        let name = crate::lint::route_name(route);
        let f = cx
            .finding(route.span, format!("`{name}` is protected only by an API key"))
            .label("API key, no authentication")
            .help("keys identify clients, they do not authenticate them: add an authorizer or `auth = iam`");
        cx.report(f);
    }
}
