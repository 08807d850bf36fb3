//! SEC011 authorizer-cache-shared: one cached Lambda authorizer policy reused across routes.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags Lambda authorizers whose results are cached (`ttl` unset, which means 300 s, or
    /// above zero) and that protect more than one route.
    ///
    /// ## Why it matters
    /// API Gateway caches the policy the function returns per identity and applies it to every
    /// route the authorizer protects. A function that builds its policy from `event.methodArn`
    /// (as most samples do) then denies the caller's next, different route until the cache
    /// expires, or allows a route it never evaluated. Return a policy covering every route the
    /// caller may use, or set `ttl = 0s`.
    ///
    /// ## Example
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer tokens: token { function = verify  validation = "^Bearer .+$" }
    ///   GET /orders { auth = tokens  integration = mock() }
    ///   GET /invoices { auth = tokens  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer tokens: token { function = verify  validation = "^Bearer .+$"  ttl = 0s }
    ///   GET /orders { auth = tokens  integration = mock() }
    ///   GET /invoices { auth = tokens  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC011",
        name: "authorizer-cache-shared",
        summary: "cached Lambda authorizer result shared by several routes",
        family: Family::Security,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Authorizer(check),
    };
}

fn check(cx: &mut Cx<'_>, a: &Authorizer) {
    if a.kind.function().is_none() || a.ttl_seconds == Some(0) {
        return;
    }
    let routes = cx.api.routes.iter().filter(|r| matches!(&r.auth, Auth::Authorizer { name, .. } if *name == a.name)).count();
    if routes > 1 {
        let ttl = a.ttl_seconds.unwrap_or(300);
        let f = cx
            .finding(a.span, format!("authorizer `{}` caches its policy for {ttl} s across {routes} routes", a.name))
            .label("one cached policy, several routes")
            .help("return a policy that covers every route the caller may use (e.g. `arn:...:API/STAGE/*`), or set `ttl = 0s`");
        cx.report(f);
    }
}
