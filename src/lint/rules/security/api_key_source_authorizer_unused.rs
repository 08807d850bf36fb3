//! SEC027 api-key-source-authorizer-unused: keys expected from an authorizer that never runs.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs with `api_key_source = authorizer` where a route that requires a key is not
    /// protected by a Lambda authorizer.
    ///
    /// ## Why it matters
    /// With this key source API Gateway takes the key from the Lambda authorizer's
    /// `usageIdentifierKey`. On a route without a Lambda authorizer there is no key, and every
    /// call is rejected with 403.
    ///
    /// ## Example
    /// ```gw
    /// rest api partners {
    ///   api_key_source = authorizer
    ///   api_key acme { description = "Acme Corp" }
    ///   usage_plan partners { stages = [prod]  keys = [acme] }
    ///   GET /quotes { auth = iam  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api partners {
    ///   api_key_source = authorizer
    ///   authorizer partner: token { function = verify }
    ///   api_key acme { description = "Acme Corp" }
    ///   usage_plan partners { stages = [prod]  keys = [acme] }
    ///   GET /quotes { auth = partner  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC027",
        name: "api-key-source-authorizer-unused",
        summary: "keys come from an authorizer, but a keyed route has no Lambda authorizer",
        family: Family::Security,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    if cx.api.api_key_source != Some(ApiKeySource::Authorizer) || !route.api_key_required {
        return;
    }
    let lambda = matches!(&route.auth, Auth::Authorizer { name, .. } if cx.api.authorizers.iter().any(|a| &a.name == name && a.kind.function().is_some()));
    if !lambda {
        let f = cx
            .finding(route.span, format!("`{}` requires a key that only a Lambda authorizer can supply", crate::lint::route_name(route)))
            .label("no Lambda authorizer")
            .help(
                "protect the route with a token or request authorizer that returns `usageIdentifierKey`, or use `api_key_source = header`",
            );
        cx.report(f);
    }
}
