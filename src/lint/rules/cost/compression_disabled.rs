//! CST001 compression-disabled: responses are never compressed.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags REST APIs without `minimum_compression`.
    ///
    /// ## Why it matters
    /// With a minimum compression size API Gateway gzips responses for clients that accept
    /// it: large JSON payloads shrink several times, which cuts latency and data transfer.
    ///
    /// ## Example
    /// ```gw
    /// rest api catalog {
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api catalog {
    ///   minimum_compression = 1KiB
    ///   GET /items { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "CST001",
        name: "compression-disabled",
        summary: "REST API without response compression",
        family: Family::Cost,
        default: Level::Info,
        enabled: Level::Info,
        production: None,
        anchors: &["kics:api_gateway_without_content_encoding", "kics:d6653eee"],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    if cx.api.kind == ApiKind::Rest && cx.api.minimum_compression_size.is_none() {
        let f = cx
            .finding(cx.api.span, format!("API `{}` never compresses responses", cx.api.name))
            .label("no minimum_compression")
            .help("add `minimum_compression = 1KiB`");
        cx.report(f);
    }
}
