//! SEC003 preflight-route-with-auth: an OPTIONS preflight that demands credentials.

use crate::lint::prelude::*;
use crate::lint::rules::util::is_preflight;

declare_rule! {
    /// ## What it does
    /// Flags `OPTIONS` routes that require an authorizer, IAM signing or an API key.
    ///
    /// ## Why it matters
    /// Browsers send CORS preflight requests without credentials or custom headers, so an
    /// authorized `OPTIONS` method always answers 401 or 403 and every cross-origin call from a
    /// browser fails with a CORS error.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   OPTIONS /orders { auth = iam  integration = mock() }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   OPTIONS /orders { auth = none  integration = mock() }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC003",
        name: "preflight-route-with-auth",
        summary: "OPTIONS preflight route that requires auth or an API key",
        family: Family::Security,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &["aws-openapi-lint:authorizer_on_options"],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    if !is_preflight(route) {
        return;
    }
    let what = match &route.auth {
        Auth::None { .. } if route.api_key_required => "an API key",
        Auth::None { .. } => return,
        Auth::Iam => "IAM signing",
        Auth::Authorizer { .. } => "an authorizer",
    };
    let f = cx
        .finding(route.span, format!("preflight `{}` requires {what}", crate::lint::route_name(route)))
        .label("browsers send preflights without credentials")
        .help("write `auth = none` (and no `api_key_required`) on OPTIONS routes: the preflight must answer unauthenticated");
    cx.report(f);
}
