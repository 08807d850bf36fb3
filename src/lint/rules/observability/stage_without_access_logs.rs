//! OBS001 stage-without-access-logs: no record of who called the API.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags stages without an `access_log`.
    ///
    /// ## Why it matters
    /// Access logs are the audit trail of callers: who called which route, when, from where,
    /// with what result. Without them incidents cannot be investigated. Every scanner checks
    /// this one.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// import std.logging
    ///
    /// log_group access = log_group(name: "/apigw/shop")
    ///
    /// rest api shop {
    ///   logging_role = existing
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { access_log { destination = access  format = std.logging.json } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OBS001",
        name: "stage-without-access-logs",
        summary: "stage without access logging",
        family: Family::Observability,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[
            "checkov:CKV_AWS_76",
            "checkov:CKV_AWS_95",
            "cfn_nag:W69",
            "cfn_nag:W46",
            "kics:api_gateway_access_logging_disabled",
            "kics:api_gateway_stage_access_logging_settings_not_defined",
            "kics:api_gateway_v2_stage_access_logging_settings_not_defined",
            "trivy:AVD-AWS-0001",
            "securityhub:APIGateway.9",
            "config:apigateway-stage-access-logs-enabled",
            "serverless-rules:ES2000",
            "cdk-nag:AwsSolutions-APIG1",
        ],
        options: &[],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    if stage.access_log.is_none() {
        let f = cx
            .finding(stage.span, format!("stage `{}` has no access logs", stage.name))
            .label("no access_log")
            .help("add `access_log { destination = LOG_GROUP  format = std.logging.json }`");
        cx.report(f);
    }
}
