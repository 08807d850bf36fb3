//! SEC019 cache-unencrypted: cached responses stored unencrypted.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stage cache clusters without `encrypted = true`.
    ///
    /// ## Why it matters
    /// Cached responses are data at rest, often personal data. Encryption costs nothing extra.
    /// On a production stage the finding is an error.
    ///
    /// ## Example
    /// ```gw
    /// rest api catalog {
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod { cache { size = 0.5GB } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api catalog {
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod { cache { size = 0.5GB  encrypted = true } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC019",
        name: "cache-unencrypted",
        summary: "stage cache cluster without encryption",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: Some(Level::Error),
        anchors: &[
            "checkov:CKV_AWS_308",
            "cfn_nag:W87",
            "kics:37cca703",
            "kics:b7c9a40c",
            "trivy:AVD-AWS-0002",
            "securityhub:APIGateway.5",
            "controltower:CT.APIGATEWAY.PR.3",
        ],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if stage.cache.as_ref().is_some_and(|c| !c.encrypted) {
        let f = cx
            .finding(stage.span, format!("stage `{}` caches responses unencrypted", stage.name))
            .label("cache without encryption")
            .help("add `encrypted = true` to the stage's `cache`")
            .production(cx.is_production(stage));
        cx.report(f);
    }
}
