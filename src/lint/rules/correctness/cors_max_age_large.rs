//! COR015 cors-max-age-large: a preflight cache age browsers ignore.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags CORS `max_age` above 7,200 seconds (2 hours).
    ///
    /// ## Why it matters
    /// Chromium caps preflight caching at 2 hours and Firefox at 24 hours; a larger value
    /// promises fewer preflights than browsers deliver, and a CORS change takes that long to
    /// reach browsers that do honour it.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   cors { origins = ["https://shop.example.com"]  max_age = 1d }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   cors { origins = ["https://shop.example.com"]  max_age = 2h }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR015",
        name: "cors-max-age-large",
        summary: "CORS max age above what browsers honour",
        family: Family::Correctness,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let Some(cors) = &cx.api.cors else { return };
    if let Some(age) = cors.max_age_seconds.filter(|a| *a > 7200) {
        let f = cx
            .finding(cors.span, format!("CORS max age of {age} s is above what browsers honour"))
            .label("max_age over 2 hours")
            .help("use `max_age = 2h` or less");
        cx.report(f);
    }
}
