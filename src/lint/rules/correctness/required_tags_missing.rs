//! COR010 required-tags-missing: APIs and stages without the organisation's required tags.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs and stages that lack one of the tags listed in the `tags` option. Off by
    /// default, and with no tags required until the option is set.
    ///
    /// ## Why it matters
    /// Cost allocation, ownership and automation (backups, compliance reports) rely on tags
    /// such as `Environment`, `Owner` and `CostCenter` (AWS Config `api-gw-stage-tagged`).
    ///
    /// ## Example
    /// ```toml
    /// [lint.options.required-tags-missing]
    /// tags = ["owner"]
    /// ```
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
    ///   tags { owner = "checkout" }
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { tags { owner = "checkout" } }
    /// }
    /// ```
    ///
    /// ## Options
    /// - `tags` (list of strings, default none): tag keys every API and stage must have.
    pub static RULE = RuleMeta {
        code: "COR010",
        name: "required-tags-missing",
        summary: "API or stage without a required tag (policy, off by default)",
        family: Family::Correctness,
        default: Level::Off,
        enabled: Level::Warning,
        production: None,
        anchors: &["config:api-gw-stage-tagged"],
        options: &[RuleOption { name: "tags", default: OptionDefault::Strings(&[]), help: "tag keys every API and stage must have" }],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    let required = cx.strings("tags");
    let mut sets = vec![(cx.api.span, format!("API `{}`", cx.api.name), &cx.api.tags)];
    for s in &cx.api.stages {
        sets.push((s.span, format!("stage `{}`", s.name), &s.tags));
    }
    for (span, what, tags) in sets {
        let missing: Vec<&str> = required.iter().filter(|t| !tags.contains_key(t.as_str())).map(String::as_str).collect();
        if !missing.is_empty() {
            let f = cx
                .finding(span, format!("{what} lacks required tag(s) {}", missing.join(", ")))
                .label("missing tags")
                .help(format!("add `tags {{ {} = \"...\" }}`", missing[0]));
            cx.report(f);
        }
    }
}
