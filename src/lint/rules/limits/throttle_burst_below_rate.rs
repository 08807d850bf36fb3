//! LIM007 throttle-burst-below-rate: a burst too small for the rate.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stage and route throttles whose burst is lower than their rate.
    ///
    /// ## Why it matters
    /// API Gateway's token bucket holds at most `burst` requests, so a burst below the rate
    /// rejects normal traffic that arrives in clumps, and the configured rate is never reached
    /// in practice. Make the burst at least the rate (often twice).
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { throttle { rate = 100/s  burst = 10 } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { throttle { rate = 100/s  burst = 200 } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "LIM007",
        name: "throttle-burst-below-rate",
        summary: "throttle whose burst is lower than its rate",
        family: Family::Limits,
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
        if let Some(Throttle { rate: Some(rate), burst: Some(burst) }) = t {
            if (burst as f64) < rate && burst > 0 {
                let f = cx
                    .finding(span, format!("{what} has a burst of {burst}, below its rate of {rate}/s"))
                    .label("burst below rate")
                    .help("set the burst to at least the rate, e.g. twice it");
                cx.report(f);
            }
        }
    }
}
