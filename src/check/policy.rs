//! Checks resource policy statements: `policy allow|deny { principals actions resources conditions }`.

use super::eval::{Env, Value, V};
use super::props::Props;
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{PolicyCondition, PolicyStatement, Text};
use crate::syntax::ast;
use std::rc::Rc;

/// Condition properties: (property, IAM operator, condition key).
const CONDITIONS: &[(&str, &str, &str)] = &[
    ("source_ip", "IpAddress", "aws:SourceIp"),
    ("not_source_ip", "NotIpAddress", "aws:SourceIp"),
    ("source_vpce", "StringEquals", "aws:SourceVpce"),
    ("not_source_vpce", "StringNotEquals", "aws:SourceVpce"),
    ("source_vpc", "StringEquals", "aws:SourceVpc"),
    ("not_source_vpc", "StringNotEquals", "aws:SourceVpc"),
];

impl<'w> Cx<'w> {
    /// Every `policy` block of the API, in order: together they are the resource policy.
    pub(crate) fn policy(&mut self, props: &mut Props<'w>) -> Vec<PolicyStatement> {
        props.blocks("policy").into_iter().filter_map(|(b, env)| self.policy_statement(b, &env)).collect()
    }

    fn policy_statement(&mut self, b: &'w ast::Block, env: &Rc<Env>) -> Option<PolicyStatement> {
        let allow = match b.labels.first().map(|l| (l.name.as_str(), l.span)) {
            Some(("allow", _)) => true,
            Some(("deny", _)) => false,
            Some((other, span)) => {
                let d = Diagnostic::error("E0303", span, format!("unknown policy effect `{other}`"))
                    .label("not an effect")
                    .help("write `policy allow { ... }` or `policy deny { ... }`");
                self.diags.push(d);
                return None;
            }
            None => {
                let d = Diagnostic::error("E0206", b.kind.span, "`policy` needs an effect")
                    .label("allow or deny?")
                    .help("write `policy allow { ... }` or `policy deny { ... }`");
                self.diags.push(d);
                return None;
            }
        };
        let mut props = Props::of_body(&b.body, env, "a policy statement");
        let principals = match props.get(self, "principals") {
            Some(V { value: Value::Word(w), .. }) if w == "any" => None,
            Some(v) => Some(self.list(&v).iter().filter_map(|p| self.text(p)).collect::<Vec<Text>>()),
            None => None,
        };
        let actions = match props.get(self, "actions") {
            Some(v) => self
                .list(&v)
                .iter()
                .filter_map(|a| self.option(a, "policy action", &["invoke", "invalidate_cache", "all"]))
                .map(|w| match w {
                    "invoke" => "execute-api:Invoke",
                    "invalidate_cache" => "execute-api:InvalidateCache",
                    _ => "execute-api:*",
                })
                .map(str::to_string)
                .collect(),
            None => vec!["execute-api:Invoke".to_string()],
        };
        let resources = match props.get(self, "resources") {
            Some(v) => self.list(&v).iter().filter_map(|r| self.policy_resource(r)).collect(),
            None => vec!["execute-api:/*".to_string()],
        };
        let mut conditions = Vec::new();
        for (prop, operator, key) in CONDITIONS {
            if let Some(v) = props.get(self, prop) {
                let values: Vec<Text> = self.list(&v).iter().filter_map(|x| self.text(x)).collect();
                if values.is_empty() {
                    let d = Diagnostic::error("E0206", v.span, format!("`{prop}` lists nothing"))
                        .label("empty list")
                        .help("give at least one value, or remove the condition");
                    self.diags.push(d);
                    continue;
                }
                conditions.push(PolicyCondition { operator: operator.to_string(), key: key.to_string(), values });
            }
        }
        props.finish(self);
        Some(PolicyStatement { allow, principals, actions, resources, conditions, span: b.kind.span })
    }

    /// `"/*"`, `"/prod/GET/pets"` → `execute-api:/…`.
    fn policy_resource(&mut self, v: &V) -> Option<String> {
        let s = self.literal(v)?;
        let path = s.strip_prefix("execute-api:").unwrap_or(&s);
        if !path.starts_with('/') {
            let d = Diagnostic::error("E0301", v.span, format!("`{s}` is not an API resource"))
                .label("expected `/STAGE/METHOD/PATH`")
                .help("write `\"/*\"` for the whole API, or e.g. `\"/prod/GET/pets/*\"`");
            self.diags.push(d);
            return None;
        }
        Some(format!("execute-api:{path}"))
    }
}
