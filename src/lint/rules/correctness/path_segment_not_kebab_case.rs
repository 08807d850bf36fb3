//! COR006 path-segment-not-kebab-case: URL naming convention (policy, off by default).

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags literal path segments that are not lower-case kebab-case (`order-items`). Off by
    /// default: URL style is a team convention.
    ///
    /// ## Why it matters
    /// Paths are case-sensitive in API Gateway: `/Orders` and `/orders` are different
    /// resources, and mixed styles lead clients to call the wrong one.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orderItems { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /order-items { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR006",
        name: "path-segment-not-kebab-case",
        summary: "path segment that is not lower-case kebab-case (style, off by default)",
        family: Family::Correctness,
        default: Level::Off,
        enabled: Level::Info,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let RouteKey::Http { path, .. } = &route.key else {
        return;
    };
    for s in &path.segments {
        if let Segment::Literal(l) = s {
            if l.chars().any(|c| c.is_ascii_uppercase() || c == '_') {
                let f = cx
                    .finding(route.span, format!("path segment `{l}` of `{}` is not kebab-case", crate::lint::route_name(route)))
                    .label("not kebab-case")
                    .help(format!("write `{}`", kebab(l)));
                cx.report(f);
                return;
            }
        }
    }
}

fn kebab(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}
