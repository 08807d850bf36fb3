//! SEC016 cognito-route-without-scopes: a Cognito-authorized route that accepts ID tokens.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags routes authorized by a Cognito user-pool authorizer without `scopes`.
    ///
    /// ## Why it matters
    /// Without scopes API Gateway accepts the user's ID token, which is meant for the client,
    /// not for APIs, and every signed-in user may call every such route. With scopes it
    /// requires an access token carrying one of them, so permissions can differ per route.
    ///
    /// ## Example
    /// ```gw
    /// param pool: arn
    ///
    /// rest api profiles {
    ///   authorizer users: cognito { user_pools = [pool] }
    ///   GET /me { auth = users  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// param pool: arn
    ///
    /// rest api profiles {
    ///   authorizer users: cognito { user_pools = [pool] }
    ///   GET /me { auth = users(scopes: ["profile/read"])  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC016",
        name: "cognito-route-without-scopes",
        summary: "Cognito-authorized route without OAuth scopes",
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
    let Auth::Authorizer { name, scopes } = &route.auth else {
        return;
    };
    let cognito = cx.api.authorizers.iter().any(|a| &a.name == name && matches!(a.kind, AuthorizerKind::Cognito { .. }));
    if cognito && scopes.is_empty() {
        let f = cx
            .finding(route.span, format!("`{}` accepts any signed-in user's ID token", crate::lint::route_name(route)))
            .label("Cognito without scopes")
            .help(format!("require scopes: `auth = {name}(scopes: [\"resource/action\"])`"));
        cx.report(f);
    }
}
