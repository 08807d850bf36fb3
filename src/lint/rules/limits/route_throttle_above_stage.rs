//! LIM006 route-throttle-above-stage: a route limit the stage limit makes unreachable.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags routes whose throttle rate or burst is higher than the stage-wide throttle of a
    /// stage that deploys them.
    ///
    /// ## Why it matters
    /// Per-method throttles cannot raise the stage limit: requests beyond the stage's numbers
    /// are rejected with 429 anyway, so the route's higher numbers promise capacity that is
    /// not there.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock()  throttle { rate = 500/s  burst = 1000 } }
    ///   stage prod { throttle { rate = 100/s  burst = 200 } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock()  throttle { rate = 50/s  burst = 100 } }
    ///   stage prod { throttle { rate = 100/s  burst = 200 } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "LIM006",
        name: "route-throttle-above-stage",
        summary: "route throttle above its stage's throttle",
        family: Family::Limits,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let Some(rt) = route.throttle else { return };
    for s in &cx.api.stages {
        let Some(st) = s.throttle else { continue };
        let rate = matches!((rt.rate, st.rate), (Some(a), Some(b)) if a > b);
        let burst = matches!((rt.burst, st.burst), (Some(a), Some(b)) if a > b);
        if rate || burst {
            let what = if rate { "rate" } else { "burst" };
            let f = cx
                .finding(route.span, format!("`{}` allows a higher {what} than stage `{}`", crate::lint::route_name(route), s.name))
                .label("route throttle above the stage's")
                .with_secondary(s.span, "stage throttle")
                .help("keep route throttles at or below the stage throttle; raise the stage's if the route needs more");
            cx.report(f);
            return;
        }
    }
}
