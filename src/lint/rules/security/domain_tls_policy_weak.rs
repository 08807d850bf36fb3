//! SEC024 domain-tls-policy-weak: a custom domain that accepts TLS 1.0.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags custom domains whose `security_policy` is `tls_1_0` or is not set.
    ///
    /// ## Why it matters
    /// TLS 1.0 and 1.1 are deprecated and allow downgrade attacks; compliance regimes (PCI
    /// DSS) forbid them. Say `security_policy = tls_1_2` explicitly so the template does not
    /// depend on a service default.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   endpoint = regional
    ///   domain "api.example.com" {
    ///     certificate = "arn:aws:acm:us-east-1:123456789012:certificate/1234"
    ///     security_policy = tls_1_0
    ///     base_path v1 { stage = prod }
    ///   }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   endpoint = regional
    ///   domain "api.example.com" {
    ///     certificate = "arn:aws:acm:us-east-1:123456789012:certificate/1234"
    ///     security_policy = tls_1_2
    ///     base_path v1 { stage = prod }
    ///   }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC024",
        name: "domain-tls-policy-weak",
        summary: "custom domain allowing TLS 1.0, or with no explicit TLS policy",
        family: Family::Security,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &["checkov:CKV_AWS_206", "cfn_nag:W62", "kics:8275fab0", "trivy:AVD-AWS-0005", "controltower:CT.APIGATEWAY.PR.6"],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    for (i, d) in cx.api.domains.iter().enumerate() {
        let why = match d.security_policy.as_deref() {
            Some("TLS_1_2") => continue,
            Some(p) => format!("accepts {p}"),
            None => "has no explicit TLS security policy".to_string(),
        };
        let name = crate::lint::rules::util::literal_parts(&d.name);
        let f = cx
            .finding(d.span, format!("custom domain `{name}` {why}"))
            .label("weak or implicit TLS policy")
            .help("set `security_policy = tls_1_2`")
            .on(crate::lint::Node::Domain(i));
        cx.report(f);
    }
}
