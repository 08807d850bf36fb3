//! SEC012 passthrough-when-no-match: unmapped content types reach the backend raw.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags non-proxy integrations that have request templates but keep the default
    /// passthrough behaviour (`when_no_match`).
    ///
    /// ## Why it matters
    /// A request whose `Content-Type` has no template is passed to the backend unchanged,
    /// bypassing the mapping the templates enforce (for AWS service integrations: whatever the
    /// caller sends becomes the service request). `passthrough = never` answers 415 instead.
    ///
    /// ## Example
    /// ```gw
    /// role writer = role(arn: "arn:aws:iam::123456789012:role/apigw-sqs")
    ///
    /// rest api events {
    ///   POST /events {
    ///     auth = iam
    ///     integration aws {
    ///       service = sqs  action = "SendMessage"  role = writer
    ///       request_templates { "application/json" = """Action=SendMessage&MessageBody=$input.body""" }
    ///     }
    ///   }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// role writer = role(arn: "arn:aws:iam::123456789012:role/apigw-sqs")
    ///
    /// rest api events {
    ///   POST /events {
    ///     auth = iam
    ///     integration aws {
    ///       service = sqs  action = "SendMessage"  role = writer  passthrough = never
    ///       request_templates { "application/json" = """Action=SendMessage&MessageBody=$input.body""" }
    ///     }
    ///   }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC012",
        name: "passthrough-when-no-match",
        summary: "templated integration passes unmapped content types through",
        family: Family::Security,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let i = &route.integration;
    if i.kind.is_proxy() || matches!(i.kind, IntegrationKind::Mock) || i.request_templates.is_empty() {
        return;
    }
    if matches!(i.passthrough, None | Some(Passthrough::WhenNoMatch)) {
        let f = cx
            .finding(i.span, format!("`{}` passes requests of other content types to the backend unmapped", crate::lint::route_name(route)))
            .label("passthrough: when_no_match")
            .help("set `passthrough = never` so that content types without a template get 415");
        cx.report(f);
    }
}
