//! SEC017 cors-wildcard-origin: any web site may read the API's responses.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags CORS settings whose `origins` is `"*"`.
    ///
    /// ## Why it matters
    /// With a wildcard origin every web site a user visits can call the API from the user's
    /// browser and read the answers. For an API that serves only public data that is fine
    /// (suppress the finding with that reason); otherwise name the web app's origin. On a
    /// production stage (`production_stages`) the finding is an error. (Credentials with a
    /// wildcard origin are a compile error, E0420.)
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   cors { origins = ["*"] }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   cors { origins = ["https://shop.example.com"] }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC017",
        name: "cors-wildcard-origin",
        summary: "CORS allows every origin",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: Some(Level::Error),
        anchors: &["kics:8af4c38a", "spectral:owasp:api8:2023-define-cors-origin"],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let Some(cors) = &cx.api.cors else { return };
    if cors.origins.iter().any(|o| o == "*") {
        let f = cx
            .finding(cors.span, format!("API `{}` allows CORS requests from every origin", cx.api.name))
            .label("origins = [\"*\"]")
            .help("name the web app's origin: `origins = [\"https://app.example.com\"]`")
            .production(cx.serves_production());
        cx.report(f);
    }
}
