//! SEC010 token-authorizer-without-validation: every token reaches the authorizer function.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags TOKEN authorizers without a `validation` regular expression.
    ///
    /// ## Why it matters
    /// API Gateway checks the token against the expression before invoking the function, and
    /// rejects malformed tokens for free. Without it, every junk request invokes (and bills)
    /// the authorizer Lambda function.
    ///
    /// ## Example
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer tokens: token { function = verify }
    ///   GET /orders { auth = tokens  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// function verify = lambda(name: "verify")
    ///
    /// rest api shop {
    ///   authorizer tokens: token { function = verify  validation = "^Bearer [-0-9a-zA-Z._]+$" }
    ///   GET /orders { auth = tokens  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC010",
        name: "token-authorizer-without-validation",
        summary: "TOKEN authorizer without a validation expression",
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
    if let AuthorizerKind::Token { validation: None, .. } = &a.kind {
        let f = cx
            .finding(a.span, format!("token authorizer `{}` has no `validation` expression", a.name))
            .label("every token invokes the function")
            .help("add `validation = \"^Bearer [-0-9a-zA-Z._]+$\"` (or the shape of your tokens)");
        cx.report(f);
    }
}
