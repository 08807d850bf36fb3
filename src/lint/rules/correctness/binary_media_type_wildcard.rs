//! COR011 binary-media-type-wildcard: every payload treated as binary.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags APIs whose `binary_media_types` contain `*/*`.
    ///
    /// ## Why it matters
    /// With `*/*` API Gateway treats every request and response body as binary: JSON bodies
    /// reach Lambda proxy functions base64-encoded, and mapping templates no longer see text.
    /// List the binary types the API really serves (`image/png`, `application/pdf`).
    ///
    /// ## Example
    /// ```gw
    /// rest api files {
    ///   binary_media_types = ["*/*"]
    ///   GET /files { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api files {
    ///   binary_media_types = ["image/png", "application/pdf"]
    ///   GET /files { auth = iam  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "COR011",
        name: "binary-media-type-wildcard",
        summary: "binary media types include */*",
        family: Family::Correctness,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    if cx.api.binary_media_types.iter().any(|t| t == "*/*") {
        let f = cx
            .finding(cx.api.span, format!("API `{}` treats every payload as binary", cx.api.name))
            .label("binary_media_types contains */*")
            .help("list only the binary content types the API serves, e.g. [\"image/png\"]");
        cx.report(f);
    }
}
