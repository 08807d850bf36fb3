//! LIM008 tags-over-limit: tags API Gateway rejects.

use crate::lint::prelude::*;
use crate::lint::rules::util::literal_parts;

declare_rule! {
    /// ## What it does
    /// Flags APIs and stages with more than 50 tags, tag keys over 128 characters, values over
    /// 256 characters, or keys starting with the reserved prefix `aws:`.
    ///
    /// ## Why it matters
    /// AWS rejects such tags, and the whole stack update fails.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   tags { "aws:owner" = "team-a" }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   tags { owner = "team-a" }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "LIM008",
        name: "tags-over-limit",
        summary: "tags over AWS's limits or with a reserved prefix",
        family: Family::Limits,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let mut sets = vec![(cx.api.span, format!("API `{}`", cx.api.name), &cx.api.tags)];
    for s in &cx.api.stages {
        sets.push((s.span, format!("stage `{}`", s.name), &s.tags));
    }
    for (span, what, tags) in sets {
        let mut problems = Vec::new();
        if tags.len() > 50 {
            problems.push(format!("{} tags (at most 50)", tags.len()));
        }
        for (k, v) in tags {
            if k.chars().count() > 128 {
                problems.push(format!("key `{}…` longer than 128 characters", k.chars().take(20).collect::<String>()));
            }
            if k.to_ascii_lowercase().starts_with("aws:") {
                problems.push(format!("key `{k}` uses the reserved prefix `aws:`"));
            }
            if literal_parts(v).chars().count() > 256 {
                problems.push(format!("value of `{k}` longer than 256 characters"));
            }
        }
        for p in problems {
            let f = cx
                .finding(span, format!("{what} has a tag AWS rejects: {p}"))
                .label("invalid tags")
                .help("fix the tag; AWS rejects the whole update otherwise");
            cx.report(f);
        }
    }
}
