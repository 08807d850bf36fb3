//! What scanners must skip, by Model node: in-source suppressions and routes public by intent.

use super::registry::{rules, RuleMeta};
use super::{suppress, Node};
use crate::model::{Api, Auth, Program};
use crate::source::{SourceMap, Span};

/// One rule excused on one node of one API, and why.
#[derive(Debug, Clone)]
pub struct Carried {
    /// Index of the API in the program.
    pub api: usize,
    pub node: Node,
    pub rule: &'static RuleMeta,
    pub reason: String,
}

/// Every well-formed, unexpired suppression that is attached to a node of `program`, one entry
/// per rule it names. Problems with suppressions are `gwc lint`'s to report, not this.
pub fn carried(program: &Program, sources: &SourceMap) -> Vec<Carried> {
    let mut out: Vec<Carried> = Vec::new();
    if !sources.files.iter().any(|f| f.path.is_some() && f.text.contains("gwc:")) {
        return out;
    }
    let today = suppress::today();
    let mut starts: indexmap::IndexMap<crate::source::FileId, Vec<usize>> = indexmap::IndexMap::new();
    let mut line = |span: Span| {
        let st = starts.entry(span.file).or_insert_with(|| {
            let text = &sources.get(span.file).text;
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
        });
        (span.file, suppress::line_of(st, span.start as usize))
    };
    let mut nodes = Vec::new();
    for (a, api) in program.apis.iter().enumerate() {
        nodes.push((line(api.span), a, Node::Api));
        for (i, r) in api.routes.iter().enumerate() {
            nodes.push((line(r.span), a, Node::Route(i)));
            nodes.push((line(r.integration.span), a, Node::Route(i)));
        }
        for (i, s) in api.stages.iter().enumerate() {
            nodes.push((line(s.span), a, Node::Stage(i)));
        }
        for (i, z) in api.authorizers.iter().enumerate() {
            nodes.push((line(z.span), a, Node::Authorizer(i)));
        }
        for (i, p) in api.policy.iter().enumerate() {
            nodes.push((line(p.span), a, Node::Policy(i)));
        }
        for (i, p) in api.usage_plans.iter().enumerate() {
            nodes.push((line(p.span), a, Node::UsagePlan(i)));
        }
        for (i, k) in api.api_keys.iter().enumerate() {
            nodes.push((line(k.span), a, Node::ApiKey(i)));
        }
        for (i, d) in api.domains.iter().enumerate() {
            nodes.push((line(d.span), a, Node::Domain(i)));
        }
    }
    for (i, file) in sources.files.iter().enumerate() {
        if file.path.is_none() || !file.text.contains("gwc:") {
            continue;
        }
        let (sups, _) = suppress::scan(crate::source::FileId(i as u32), &file.text);
        for s in sups.iter().filter(|s| s.until.is_none_or(|u| u >= today)) {
            let at = (s.span.file, s.target_line);
            for &(_, api, node) in nodes.iter().filter(|(k, _, _)| *k == at) {
                for &(r, _) in &s.rules {
                    let rule = rules()[r];
                    if !out.iter().any(|c| c.api == api && c.node == node && std::ptr::eq(c.rule, rule)) {
                        out.push(Carried { api, node, rule, reason: s.reason.clone() });
                    }
                }
            }
        }
    }
    out
}

/// The ids a rule covers in one scanner, from its anchors (`checkov:CKV_AWS_59` → `CKV_AWS_59`).
pub fn scanner_ids(rule: &RuleMeta, scanner: &str) -> Vec<&'static str> {
    rule.anchors.iter().filter_map(|a| a.strip_prefix(scanner).and_then(|rest| rest.strip_prefix(':'))).collect()
}

/// The comment on the scanner skips of a route declared public.
pub const DECLARED_PUBLIC: &str = "declared public in gwc (auth = none)";

/// The routes of `api` written `auth = none` (public by intent), with the rule whose scanner
/// checks they skip: route-without-auth is silent on them by design, so checkov's CKV_AWS_59
/// and cfn_nag's W59 must be too. These are the routes the rule would report without the
/// `auth = none`: never a preflight (`OPTIONS`, including those `cors` generates) nor a
/// WebSocket route other than `$connect`.
pub fn declared_public(api: &Api) -> Vec<(usize, &'static RuleMeta)> {
    use super::rules::security::route_without_auth::{judges, RULE};
    api.routes.iter().enumerate().filter(|(_, r)| r.auth == Auth::None { explicit: true } && judges(r)).map(|(i, _)| (i, &RULE)).collect()
}
