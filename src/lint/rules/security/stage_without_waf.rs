//! SEC018 stage-without-waf: a public REST stage with no web application firewall.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stages of public (edge or regional) REST APIs without a `web_acl`.
    ///
    /// ## Why it matters
    /// AWS WAF filters injection attempts, known bad inputs, bots and floods before they reach
    /// API Gateway's throttles and the backend. Private APIs are not reported.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { web_acl = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop/0a1b2c3d" }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC018",
        name: "stage-without-waf",
        summary: "public REST stage without a WAF web ACL",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &["checkov:CKV2_AWS_29", "kics:fcbf9019", "securityhub:APIGateway.4", "cdk-nag:AwsSolutions-APIG3"],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if cx.api.kind == ApiKind::Rest && cx.api.endpoint.kind != EndpointKind::Private && stage.web_acl.is_none() {
        let f = cx
            .finding(stage.span, format!("stage `{}` has no WAF web ACL", stage.name))
            .label("no web_acl")
            .help("associate a regional AWS WAF web ACL: `web_acl = \"arn:aws:wafv2:...\"`");
        cx.report(f);
    }
}
