//! COR016 cors-methods-incomplete: CORS allows fewer methods than the API serves.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs whose `cors { methods = [...] }` leaves out a method some route uses. (Without
    /// `methods`, each preflight allows exactly its path's methods.)
    ///
    /// ## Why it matters
    /// Browsers refuse a cross-origin request whose method the preflight does not allow: the
    /// route works from curl and fails from the web app with a CORS error.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   cors { origins = ["https://shop.example.com"]  methods = [GET] }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   DELETE /orders/{id} { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   cors { origins = ["https://shop.example.com"] }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   DELETE /orders/{id} { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR016",
        name: "cors-methods-incomplete",
        summary: "CORS methods leave out a method a route uses",
        family: Family::Correctness,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &["aws-openapi-lint:options_cors_not_enough_verbs"],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let Some(cors) = &cx.api.cors else { return };
    if cors.methods.is_empty() {
        return;
    }
    let mut missing: Vec<Method> = Vec::new();
    for r in &cx.api.routes {
        if let Some(m) = crate::lint::rules::util::method(r) {
            if !matches!(m, Method::OPTIONS | Method::ANY) && !cors.methods.contains(&m) && !missing.contains(&m) {
                missing.push(m);
            }
        }
    }
    if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().map(|m| m.as_str()).collect();
        let f = cx
            .finding(cors.span, format!("CORS of `{}` does not allow {}, which routes use", cx.api.name, list.join(", ")))
            .label("incomplete CORS methods")
            .help("add the methods to `methods`, or leave `methods` out so each preflight allows its path's methods");
        cx.report(f);
    }
}
