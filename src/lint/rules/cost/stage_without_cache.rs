//! CST005 stage-without-cache: no response cache (policy, off by default).

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags REST stages without a cache cluster. Off by default: a cache costs money per
    /// hour and can serve stale or, keyed badly, other users' data (see
    /// `cache-key-missing-identity`). Turn it on where caching is policy.
    ///
    /// ## Why it matters
    /// For read-heavy APIs a cache cuts latency and backend load (checkov CKV_AWS_120).
    ///
    /// ## Example
    /// ```gw
    /// rest api catalog {
    ///   GET /items { auth = none  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api catalog {
    ///   GET /items { auth = none  integration = mock()  cache { ttl = 5m } }
    ///   stage prod { cache { size = 0.5GB  encrypted = true } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "CST005",
        name: "stage-without-cache",
        summary: "REST stage without a cache cluster (policy, off by default)",
        family: Family::Cost,
        default: Level::Off,
        enabled: Level::Info,
        production: None,
        anchors: &["checkov:CKV_AWS_120", "checkov:CKV_AWS_225", "kics:52790cad", "trivy:AVD-AWS-0190"],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if cx.api.kind == ApiKind::Rest && stage.cache.is_none() {
        let f = cx
            .finding(stage.span, format!("stage `{}` has no cache cluster", stage.name))
            .label("no cache")
            .help("add `cache { size = 0.5GB  encrypted = true }` and `cache { ttl = ... }` on cacheable routes");
        cx.report(f);
    }
}
