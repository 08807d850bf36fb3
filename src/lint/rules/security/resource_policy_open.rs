//! SEC021 resource-policy-open: a resource policy that allows anyone, unconditionally.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `policy allow` statements for any principal with no condition (no source IP,
    /// VPC or VPC endpoint restriction).
    ///
    /// ## Why it matters
    /// Such a statement undoes every restriction the other statements and the endpoint type
    /// are meant to give: a private API becomes callable from any VPC endpoint of any account,
    /// and IP allow-lists stop mattering.
    ///
    /// ## Example
    /// ```gw
    /// rest api internal {
    ///   policy allow { principals = any }
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api internal {
    ///   policy allow { principals = any  source_ip = ["203.0.113.0/24"] }
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC021",
        name: "resource-policy-open",
        summary: "resource policy allowing any principal without a condition",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &["kics:b161c11b"],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    for (i, s) in cx.api.policy.iter().enumerate() {
        if s.allow && s.principals.is_none() && s.conditions.is_empty() {
            let f = cx
                .finding(s.span, format!("a policy statement of `{}` allows anyone, without conditions", cx.api.name))
                .label("allow any principal, no condition")
                .help("restrict it with `source_ip`, `source_vpce` or `source_vpc`, or name the principals")
                .on(crate::lint::Node::Policy(i));
            cx.report(f);
        }
    }
}
