//! SEC006 authorizer-unused: an authorizer no route uses.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags authorizers that no route of the API references.
    ///
    /// ## Why it matters
    /// An unused authorizer usually means a route that was meant to be protected is not: a
    /// misspelt default or a route that overrides `auth`. It is also deployed (with its Lambda
    /// permission) for nothing.
    ///
    /// ## Example
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer tokens: token { function = verify }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer tokens: token { function = verify }
    ///   GET /orders { auth = tokens  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC006",
        name: "authorizer-unused",
        summary: "authorizer that no route uses",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Authorizer(check),
    };
}

fn check(cx: &mut Cx<'_>, a: &Authorizer) {
    let used = cx.api.routes.iter().any(|r| matches!(&r.auth, Auth::Authorizer { name, .. } if *name == a.name));
    if !used {
        let f = cx
            .finding(a.span, format!("authorizer `{}` is not used by any route", a.name))
            .label("unused")
            .help(format!("set `auth = {}` on the routes it should protect (or as the API default), or delete it", a.name));
        cx.report(f);
    }
}
