//! OPS006 api-key-unattached: an API key in no usage plan.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags API keys that no usage plan lists.
    ///
    /// ## Why it matters
    /// A key outside every plan is rejected (403) on every stage: the client it was made for
    /// cannot call the API, or the key is left over and should be deleted.
    ///
    /// ## Example
    /// ```gw
    /// rest api partners {
    ///   api_key acme { description = "Acme Corp" }
    ///   api_key globex { description = "Globex" }
    ///   usage_plan partners { stages = [prod]  throttle { rate = 10/s  burst = 20 }  keys = [acme] }
    ///   GET /quotes { auth = iam  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api partners {
    ///   api_key acme { description = "Acme Corp" }
    ///   api_key globex { description = "Globex" }
    ///   usage_plan partners { stages = [prod]  throttle { rate = 10/s  burst = 20 }  keys = [acme, globex] }
    ///   GET /quotes { auth = iam  api_key_required = true  integration = mock() }
    ///   stage prod {}
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "OPS006",
        name: "api-key-unattached",
        summary: "API key that no usage plan lists",
        family: Family::Operations,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Api(check),
    };
}

fn check(cx: &mut Cx<'_>) {
    for (i, k) in cx.api.api_keys.iter().enumerate() {
        if !cx.api.usage_plans.iter().any(|p| p.keys.contains(&k.name)) {
            let f = cx
                .finding(k.span, format!("API key `{}` is in no usage plan", k.name))
                .label("every call with it gets 403")
                .help(format!("add `{}` to a usage plan's `keys`, or delete it", k.name))
                .on(crate::lint::Node::ApiKey(i));
            cx.report(f);
        }
    }
}
