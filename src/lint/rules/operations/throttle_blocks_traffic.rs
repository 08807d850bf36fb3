//! OPS002 throttle-blocks-traffic: a zero throttle that rejects every request.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stage and route throttles with a rate or burst of zero.
    ///
    /// ## Why it matters
    /// A zero limit answers every request with 429 Too Many Requests. That is sometimes meant
    /// (switching a route off in an emergency), but then it deserves a suppression with a
    /// reason, not a silent zero.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock()  throttle { rate = 0/s  burst = 0 } }
    ///   stage prod { throttle { rate = 100/s  burst = 200 } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock()  throttle { rate = 10/s  burst = 20 } }
    ///   stage prod { throttle { rate = 100/s  burst = 200 } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OPS002",
        name: "throttle-blocks-traffic",
        summary: "throttle of zero that rejects every request",
        family: Family::Operations,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let mut found = Vec::new();
    for s in &cx.api.stages {
        found.push((s.span, format!("stage `{}`", s.name), s.throttle));
    }
    for r in &cx.api.routes {
        found.push((r.span, format!("route `{}`", crate::lint::route_name(r)), r.throttle));
    }
    for (span, what, t) in found {
        let Some(t) = t else { continue };
        if t.rate == Some(0.0) || t.burst == Some(0) {
            let f = cx
                .finding(span, format!("{what} is throttled to zero: every request gets 429"))
                .label("zero throttle")
                .help("set a positive rate and burst, or suppress this with the reason the route is switched off");
            cx.report(f);
        }
    }
}
