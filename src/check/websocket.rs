//! What only WebSocket APIs have: route responses and integration responses of two-way routes,
//! keyed by `$default` or a `/regex/` of the backend's status; REST-style VPC links.

use super::Cx;
use crate::diag::{did_you_mean, Diagnostic};
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

    /// A private integration naming a `vpc_link` the WebSocket API does not declare.
    pub(crate) fn unknown_ws_vpc_link(&mut self, span: crate::source::Span, name: &str, links: &[crate::model::VpcLink]) {
        let mut d = Diagnostic::error("E0201", span, format!("unknown vpc_link `{name}`")).label("no vpc_link with this name");
        d = match did_you_mean(name, links.iter().map(|l| l.name.as_str())) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help("declare it in the API: `vpc_link NAME { targets = [nlb_arn] }` (network load balancers)"),
        };
        self.diags.push(d);
    }
}
