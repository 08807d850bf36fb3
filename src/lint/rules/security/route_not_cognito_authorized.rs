//! SEC013 route-not-cognito-authorized: organisation policy requiring Cognito user pools.

use crate::lint::prelude::*;
use crate::lint::rules::util::is_preflight;

declare_rule! {
    /// ## What it does
    /// Flags routes authorized by IAM or a Lambda authorizer where the organisation requires
    /// Cognito user-pool authorizers. Off by default: turn it on with `select` or
    /// `[lint.severity]` when this is your policy.
    ///
    /// ## Why it matters
    /// Some organisations standardise on Cognito so that identities, MFA and token lifetimes
    /// are managed in one place (cdk-nag AwsSolutions-COG4).
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
    /// param pool: arn
    ///
    /// rest api shop {
    ///   authorizer users: cognito { user_pools = [pool] }
    ///   GET /orders { auth = users  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC013",
        name: "route-not-cognito-authorized",
        summary: "route not authorized by a Cognito user pool (policy, off by default)",
        family: Family::Security,
        default: Level::Off,
        enabled: Level::Warning,
        production: None,
        anchors: &["cdk-nag:AwsSolutions-COG4"],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    if is_preflight(route) {
        return;
    }
    let how = match &route.auth {
        Auth::Iam => "IAM",
        Auth::Authorizer { name, .. } => match cx.api.authorizers.iter().find(|a| &a.name == name).map(|a| &a.kind) {
            Some(AuthorizerKind::Cognito { .. }) | None => return,
            Some(_) => "a Lambda authorizer",
        },
        Auth::None { .. } => return,
    };
    let f = cx
        .finding(route.span, format!("`{}` is authorized by {how}, not a Cognito user pool", crate::lint::route_name(route)))
        .label("not Cognito")
        .help("use a `cognito` authorizer, or turn this rule off if your organisation allows other auth");
    cx.report(f);
}
