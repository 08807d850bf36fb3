//! LIM005 throttle-above-account-limit: a throttle the account limit overrides anyway.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stage and route throttles whose rate or burst is above the account-level limit
    /// per Region (10,000 requests per second and a burst of 5,000 by default; see Options).
    ///
    /// ## Why it matters
    /// The account limit applies first, so the configured numbers are never reached; capacity
    /// plans built on them are wrong. Raise the account quota first and then the options.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { throttle { rate = 20000/s  burst = 5000 } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { throttle { rate = 5000/s  burst = 5000 } }
    /// }
    /// ```
    ///
    /// ## Options
    /// - `rate` (integer, default 10000): the account's steady-state limit, requests per second.
    /// - `burst` (integer, default 5000): the account's burst limit.
    pub static RULE = RuleMeta {
        code: "LIM005",
        name: "throttle-above-account-limit",
        summary: "throttle above the account-level limit",
        family: Family::Limits,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[
            RuleOption { name: "rate", default: OptionDefault::Int(10_000), help: "account rate limit, requests per second" },
            RuleOption { name: "burst", default: OptionDefault::Int(5_000), help: "account burst limit" },
        ],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let (rate, burst) = (cx.int("rate"), cx.int("burst"));
    let mut found = Vec::new();
    for s in &cx.api.stages {
        if let Some(t) = &s.throttle {
            found.push((s.span, format!("stage `{}`", s.name), *t));
        }
    }
    for r in &cx.api.routes {
        if let Some(t) = &r.throttle {
            found.push((r.span, format!("route `{}`", crate::lint::route_name(r)), *t));
        }
    }
    for (span, what, t) in found {
        let over_rate = t.rate.is_some_and(|r| r > rate as f64);
        let over_burst = t.burst.is_some_and(|b| b as i64 > burst);
        if over_rate || over_burst {
            let limit = if over_rate { format!("{rate} requests per second") } else { format!("a burst of {burst}") };
            let f = cx
                .finding(span, format!("{what} throttles above the account limit of {limit}"))
                .label("the account limit applies first")
                .help("lower the throttle, or raise the account quota and set the options of `throttle-above-account-limit`");
            cx.report(f);
        }
    }
}
