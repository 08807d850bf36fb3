//! Every lint rule, one file each, grouped by family (the folder is the family).

use super::registry::RuleMeta;

pub mod correctness;
pub mod cost;
pub mod limits;
pub mod observability;
pub mod operations;
pub mod security;

/// The rule lists of every family; the registry sorts them by family and code.
pub(crate) static FAMILIES: &[&[&RuleMeta]] =
    &[security::RULES, limits::RULES, operations::RULES, observability::RULES, correctness::RULES, cost::RULES];

/// Shared helpers for rules.
pub(crate) mod util {
    use crate::model::{Integration, IntegrationKind, Method, Route, RouteKey, Text, TextPart};

    /// The route's HTTP method, if it has one.
    pub fn method(route: &Route) -> Option<Method> {
        match &route.key {
            RouteKey::Http { method, .. } => Some(*method),
            _ => None,
        }
    }
    /// Is this a CORS preflight route (`OPTIONS`)?
    pub fn is_preflight(route: &Route) -> bool {
        method(route) == Some(Method::OPTIONS)
    }
    /// Every literal part of a text, joined.
    pub fn literal_parts(t: &Text) -> String {
        t.parts.iter().filter_map(|p| if let TextPart::Lit(s) = p { Some(s.as_str()) } else { None }).collect()
    }
    /// Stage variables an integration reads anywhere: URL, function ARN (via name), mappings,
    /// templates (`$stageVariables.x`, `${stageVariables.x}`), response headers.
    pub fn stage_variable_reads(i: &Integration, out: &mut Vec<String>) {
        if let IntegrationKind::Http { url, .. } = &i.kind {
            out.extend(url.stage_variables().map(str::to_string));
        }
        let mut mapping = |v: &crate::model::MappingValue| {
            if let crate::model::MappingValue::Expr(e) = v {
                if let Some(n) = e.strip_prefix("stageVariables.") {
                    out.push(n.to_string());
                }
            }
        };
        i.request_parameters.values().for_each(&mut mapping);
        for r in &i.responses {
            r.headers.values().for_each(&mut mapping);
        }
        let templates = i.request_templates.values().chain(i.responses.iter().flat_map(|r| r.templates.values()));
        for t in templates {
            template_stage_variables(t, out);
        }
    }
    /// Every stage variable the API reads, with whether the read is a Lambda function ARN
    /// (which the checker already requires in every stage).
    pub fn api_stage_variable_reads(program: &crate::model::Program, api: &crate::model::Api) -> Vec<(String, bool)> {
        let mut out: Vec<(String, bool)> = Vec::new();
        let mut functions: Vec<&str> = Vec::new();
        for r in &api.routes {
            let mut v = Vec::new();
            stage_variable_reads(&r.integration, &mut v);
            if let Some(c) = &r.integration.credentials {
                v.extend(c.stage_variables().map(str::to_string));
            }
            out.extend(v.into_iter().map(|n| (n, false)));
            functions.extend(r.integration.kind.function());
        }
        for a in &api.authorizers {
            functions.extend(a.kind.function());
            if let crate::model::AuthorizerKind::Request { identity, .. } = &a.kind {
                for i in identity {
                    if let crate::model::IdentitySource::StageVariable(n) = i {
                        out.push((n.clone(), false));
                    }
                }
            }
            if let Some(c) = &a.credentials {
                out.extend(c.stage_variables().map(|n| (n.to_string(), false)));
            }
        }
        for g in &api.gateway_responses {
            for v in g.headers.values() {
                if let crate::model::MappingValue::Expr(e) = v {
                    if let Some(n) = e.strip_prefix("stageVariables.") {
                        out.push((n.to_string(), false));
                    }
                }
            }
        }
        for f in functions {
            if let Some(func) = program.functions.get(f) {
                out.extend(func.arn.stage_variables().map(|n| (n.to_string(), true)));
            }
        }
        out
    }
    /// `$stageVariables.x`, `${stageVariables.x}` and `$stageVariables.get('x')` in a template.
    pub fn template_stage_variables(t: &str, out: &mut Vec<String>) {
        for (at, _) in t.match_indices("stageVariables") {
            let rest = &t[at + "stageVariables".len()..];
            let name: String = if let Some(r) = rest.strip_prefix(".get('") {
                r.chars().take_while(|c| *c != '\'').collect()
            } else if let Some(r) = rest.strip_prefix('.') {
                r.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
            } else {
                continue;
            };
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
}
