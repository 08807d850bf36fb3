//! What only WebSocket APIs have: route responses and integration responses of two-way routes,
//! keyed by `$default` or a `/regex/` of the backend's status.

use super::Cx;
use crate::diag::Diagnostic;
use crate::syntax::ast;

impl Cx<'_> {
    /// The key of `response $default { }` (a route or integration response of a WebSocket route).
    pub(crate) fn ws_response_key(&mut self, b: &ast::Block) -> Option<String> {
        let Some(label) = b.labels.first() else {
            let d =
                Diagnostic::error("E0206", b.kind.span, "`response` needs a key").label("no key").help("write `response $default { ... }`");
            self.diags.push(d);
            return None;
        };
        let key = label.name.as_str();
        let regex = key.len() > 1 && key.starts_with('/') && key.ends_with('/');
        if key != "$default" && !regex {
            let d = Diagnostic::error("E0301", label.span, format!("`{key}` is not a WebSocket response key"))
                .label("expected `$default` or \"/REGEX/\"")
                .help("route responses are `response $default { }`; integration responses are `response $default` or `response \"/4\\\\d\\\\d/\"` (a regex of the backend status)");
            self.diags.push(d);
            return None;
        }
        Some(key.to_string())
    }
}
