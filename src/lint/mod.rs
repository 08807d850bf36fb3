//! The policy linter: rules over the checked Model, their registry, configuration and suppressions.
//!
//! Lints read only the [`Model`](crate::model); they never see the AST or an emitted template.
//! [`lint`] walks each API once and calls every enabled rule for the node kind it checks (API,
//! route, stage, authorizer); severities come from the registry and `gwc.toml` ([`config`]),
//! and in-source `// gwc: allow RULE -- reason` comments are applied afterwards ([`suppress`]).
//!
//! Adding a rule, in six steps:
//! 1. pick the family folder under `src/lint/rules/` and the next free code of that family;
//! 2. create `rules/<family>/<rule_name>.rs` with `declare_rule!`: a doc comment with the fixed
//!    headings (What it does, Why it matters, Example, Use instead, and Options if it has any)
//!    whose `gw` examples are complete programs, the registry row, and one `check` function;
//! 3. add the module and its `RULE` to the family's `mod.rs` list;
//! 4. run `INSTA_UPDATE=always cargo test --test lint_rules`: the Example must fire the rule,
//!    Use instead must not; read the new `snapshots/lint/<CODE>_<name>.snap`;
//! 5. map the scanner checks it covers in `anchors` (`checkov:` ones are cross-checked against
//!    checkov by tests/lint_checkov.rs and become checkov skips when a suppression is lowered);
//! 6. regenerate the reference: `cargo run -- explain --all --format markdown > docs/rules.md`.

pub mod carry;
pub mod config;
pub mod coverage;
mod kinds;
pub mod registry;
pub mod report;
pub mod suppress;

/// Declares a rule: its doc comment becomes the text `gwc explain` prints.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* pub static $name:ident = RuleMeta { $($field:ident : $value:expr),* $(,)? };) => {
        $(#[doc = $doc])*
        pub static $name: $crate::lint::registry::RuleMeta = $crate::lint::registry::RuleMeta {
            doc: concat!($($doc, "\n"),*),
            $($field: $value),*
        };
    };
}

pub mod rules;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Api, Program, Route, Stage};
use crate::source::Span;
pub use config::{Config, Resolved};
pub use registry::{rules as all_rules, Check, Family, Level, RuleMeta};

/// The Model node a finding belongs to; suppressions attach to nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Api,
    Route(usize),
    Stage(usize),
    Authorizer(usize),
    /// A statement of the resource policy.
    Policy(usize),
    UsagePlan(usize),
    ApiKey(usize),
    Domain(usize),
}

/// One rule violation, before severities and suppressions are applied.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    /// Index of the API in the program.
    pub api: usize,
    pub node: Node,
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
    pub secondary: Vec<Label>,
    /// The finding concerns a production stage (or a route served by one).
    pub production: bool,
}

impl Finding {
    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.label = text.into();
        self
    }
    pub fn help(mut self, text: impl Into<String>) -> Self {
        self.help = Some(text.into());
        self
    }
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Self {
        self.secondary.push(Label { span, text: text.into() });
        self
    }
    /// Attaches the finding to another node of the same API (a plan, key, domain, policy).
    pub fn on(mut self, node: Node) -> Self {
        self.node = node;
        self
    }
    /// Marks the finding as concerning production (rules with a production severity escalate).
    pub fn production(mut self, yes: bool) -> Self {
        self.production = yes;
        self
    }
}

/// What a rule sees while it runs: the program, the API, the current node and its options.
pub struct Cx<'a> {
    pub program: &'a Program,
    pub api: &'a Api,
    api_index: usize,
    node: Node,
    rule: &'static RuleMeta,
    settings: &'a Resolved,
    findings: Vec<Finding>,
}

impl<'a> Cx<'a> {
    /// A finding of the running rule on the current node.
    pub fn finding(&self, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            rule: self.rule,
            api: self.api_index,
            node: self.node,
            span,
            message: message.into(),
            label: String::new(),
            help: None,
            secondary: Vec::new(),
            production: false,
        }
    }
    pub fn report(&mut self, f: Finding) {
        self.findings.push(f);
    }
    /// Is this stage a production stage (`production_stages` in gwc.toml)?
    pub fn is_production(&self, stage: &Stage) -> bool {
        self.settings.production_stages.iter().any(|s| s == &stage.name)
    }
    /// Does any stage of the API serve production traffic?
    pub fn serves_production(&self) -> bool {
        self.api.stages.iter().any(|s| self.is_production(s))
    }
    /// An integer option of the running rule.
    pub fn int(&self, name: &str) -> i64 {
        self.settings.int_option(self.rule, name)
    }
    /// A string-list option of the running rule.
    pub fn strings(&self, name: &str) -> Vec<String> {
        self.settings.strings_option(self.rule, name)
    }
}

/// Runs the enabled rules over every API of one checked program.
pub fn findings(program: &Program, settings: &Resolved) -> Vec<Finding> {
    let mut api_rules = Vec::new();
    let mut route_rules = Vec::new();
    let mut stage_rules = Vec::new();
    let mut authorizer_rules = Vec::new();
    for (i, r) in all_rules().iter().enumerate() {
        if settings.levels[i] == Level::Off {
            continue;
        }
        match r.check {
            Check::Api(f) => api_rules.push((*r, f)),
            Check::Route(f) => route_rules.push((*r, f)),
            Check::Stage(f) => stage_rules.push((*r, f)),
            Check::Authorizer(f) => authorizer_rules.push((*r, f)),
        }
    }
    let mut out = Vec::new();
    for (api_index, api) in program.apis.iter().enumerate() {
        let mut cx = Cx { program, api, api_index, node: Node::Api, rule: all_rules()[0], settings, findings: Vec::new() };
        for (rule, f) in &api_rules {
            if !kinds::applies(rule.code, api.kind) {
                continue;
            }
            cx.rule = rule;
            cx.node = Node::Api;
            f(&mut cx);
        }
        for (rule, f) in &route_rules {
            if !kinds::applies(rule.code, api.kind) {
                continue;
            }
            cx.rule = rule;
            for (i, route) in api.routes.iter().enumerate() {
                cx.node = Node::Route(i);
                f(&mut cx, route);
            }
        }
        for (rule, f) in &stage_rules {
            if !kinds::applies(rule.code, api.kind) {
                continue;
            }
            cx.rule = rule;
            for (i, stage) in api.stages.iter().enumerate() {
                cx.node = Node::Stage(i);
                f(&mut cx, stage);
            }
        }
        for (rule, f) in &authorizer_rules {
            if !kinds::applies(rule.code, api.kind) {
                continue;
            }
            cx.rule = rule;
            for (i, a) in api.authorizers.iter().enumerate() {
                cx.node = Node::Authorizer(i);
                f(&mut cx, a);
            }
        }
        out.append(&mut cx.findings);
    }
    out
}

/// The severity a finding is reported with, or None when its rule is off.
pub fn severity_of(f: &Finding, settings: &Resolved) -> Option<Severity> {
    let level = settings.level_for(f.rule, f.production);
    level.severity()
}

/// A finding as the one Diagnostic type, with its resolved severity.
pub fn to_diagnostic(f: &Finding, severity: Severity) -> Diagnostic {
    Diagnostic {
        code: f.rule.code,
        severity,
        message: f.message.clone(),
        primary: Label { span: f.span, text: f.label.clone() },
        secondary: f.secondary.clone(),
        help: f.help.clone(),
    }
}

/// Signature helpers for rule files.
pub(crate) mod prelude {
    pub use super::registry::{Check, Family, Level, OptionDefault, RuleOption};
    pub use super::Cx;
    pub use crate::model::*;
}

/// A route's `METHOD /path` (or route key) as users write it.
pub fn route_name(route: &Route) -> String {
    match &route.key {
        crate::model::RouteKey::Http { method, path } => {
            format!("{} {}", method.as_str(), path.text())
        }
        crate::model::RouteKey::Default => "$default".to_string(),
        crate::model::RouteKey::Websocket(k) => k.clone(),
    }
}

/// The node's span, for suppression matching and SARIF logical locations.
pub fn node_span(api: &Api, node: Node) -> Span {
    match node {
        Node::Api => api.span,
        Node::Route(i) => api.routes[i].span,
        Node::Stage(i) => api.stages[i].span,
        Node::Authorizer(i) => api.authorizers[i].span,
        Node::Policy(i) => api.policy[i].span,
        Node::UsagePlan(i) => api.usage_plans[i].span,
        Node::ApiKey(i) => api.api_keys[i].span,
        Node::Domain(i) => api.domains[i].span,
    }
}

/// A readable name of a node (`route GET /pets`, `stage prod`), for SARIF and JUnit.
pub fn node_name(api: &Api, node: Node) -> String {
    match node {
        Node::Api => format!("api {}", api.name),
        Node::Route(i) => format!("api {} route {}", api.name, route_name(&api.routes[i])),
        Node::Stage(i) => format!("api {} stage {}", api.name, api.stages[i].name),
        Node::Authorizer(i) => format!("api {} authorizer {}", api.name, api.authorizers[i].name),
        Node::Policy(i) => format!("api {} policy statement {}", api.name, i + 1),
        Node::UsagePlan(i) => format!("api {} usage plan {}", api.name, api.usage_plans[i].name),
        Node::ApiKey(i) => format!("api {} api key {}", api.name, api.api_keys[i].name),
        Node::Domain(i) => format!("api {} domain {}", api.name, crate::lint::rules::util::literal_parts(&api.domains[i].name)),
    }
}

/// A source line: file and 1-based line number.
type Line = (crate::source::FileId, usize);
/// A node of one API of one target: (target, API, node).
type NodeRef = (usize, usize, Node);

/// One program to lint, with the settings in force for it.
pub struct Target<'a> {
    pub program: &'a Program,
    pub settings: &'a Resolved,
}

/// What linting some programs produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Reported findings and suppression problems, sorted by file and offset.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings silenced by an in-source suppression, with its reason (SARIF reports them).
    pub suppressed: Vec<(Diagnostic, String)>,
}

/// Lints every target and applies the suppression comments found in `sources`.
pub fn run(targets: &[Target<'_>], sources: &crate::source::SourceMap) -> Outcome {
    let mut found: Vec<(usize, Finding, Severity)> = Vec::new();
    for (t, target) in targets.iter().enumerate() {
        for f in findings(target.program, target.settings) {
            if let Some(sev) = severity_of(&f, target.settings) {
                found.push((t, f, sev));
            }
        }
    }
    let mut out = Outcome::default();
    let mut sups = Vec::new();
    for (i, file) in sources.files.iter().enumerate() {
        if file.path.is_none() || !file.text.contains("gwc:") {
            continue;
        }
        let (s, d) = suppress::scan(crate::source::FileId(i as u32), &file.text);
        sups.extend(s);
        out.diagnostics.extend(d);
    }
    let mut used = vec![false; sups.len()];
    let mut silenced = vec![None; found.len()];
    if !sups.is_empty() {
        let today = suppress::today();
        // Nodes by (file, line) of their first character.
        let mut starts: indexmap::IndexMap<crate::source::FileId, Vec<usize>> = indexmap::IndexMap::new();
        let mut line = |span: Span| {
            let st = starts.entry(span.file).or_insert_with(|| {
                let text = &sources.get(span.file).text;
                std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
            });
            (span.file, suppress::line_of(st, span.start as usize))
        };
        let mut nodes: Vec<(Line, NodeRef)> = Vec::new();
        for (t, target) in targets.iter().enumerate() {
            for (a, api) in target.program.apis.iter().enumerate() {
                nodes.push((line(api.span), (t, a, Node::Api)));
                for (i, r) in api.routes.iter().enumerate() {
                    nodes.push((line(r.span), (t, a, Node::Route(i))));
                    nodes.push((line(r.integration.span), (t, a, Node::Route(i))));
                }
                for (i, s) in api.stages.iter().enumerate() {
                    nodes.push((line(s.span), (t, a, Node::Stage(i))));
                }
                for (i, z) in api.authorizers.iter().enumerate() {
                    nodes.push((line(z.span), (t, a, Node::Authorizer(i))));
                }
                for i in 0..api.policy.len() {
                    nodes.push((line(api.policy[i].span), (t, a, Node::Policy(i))));
                }
                for i in 0..api.usage_plans.len() {
                    nodes.push((line(api.usage_plans[i].span), (t, a, Node::UsagePlan(i))));
                }
                for i in 0..api.api_keys.len() {
                    nodes.push((line(api.api_keys[i].span), (t, a, Node::ApiKey(i))));
                }
                for i in 0..api.domains.len() {
                    nodes.push((line(api.domains[i].span), (t, a, Node::Domain(i))));
                }
            }
        }
        let levels: Vec<&[Level]> = targets.iter().map(|t| t.settings.levels.as_slice()).collect();
        for (si, s) in sups.iter().enumerate() {
            let here: Vec<(usize, usize, Node)> =
                nodes.iter().filter(|(k, _)| *k == (s.span.file, s.target_line)).map(|(_, n)| *n).collect();
            if here.is_empty() {
                out.diagnostics.push(
                    Diagnostic::warning("E0612", s.span, "suppression excuses nothing: no declaration follows it")
                        .label("not attached to a route, stage, authorizer or API")
                        .help("put the comment on the line before the route, stage, authorizer or API it excuses, or delete it"),
                );
                used[si] = true;
                continue;
            }
            if let Some(until) = s.until.filter(|u| *u < today) {
                out.diagnostics.push(
                    Diagnostic::warning("E0613", s.span, format!("suppression expired on {:04}-{:02}-{:02}", until.0, until.1, until.2))
                        .label("expired: no longer suppresses")
                        .help("fix what it excuses, or renew it with a later `until` date and a reason that still holds"),
                );
                used[si] = true;
                continue;
            }
            for (fi, (t, f, _)) in found.iter().enumerate() {
                if silenced[fi].is_some() || !s.rules.iter().any(|(r, _)| std::ptr::eq(all_rules()[*r], f.rule)) {
                    continue;
                }
                if here.iter().any(|&(ht, ha, hn)| ht == *t && ha == f.api && (hn == f.node || hn == Node::Api)) {
                    silenced[fi] = Some(si);
                    used[si] = true;
                }
            }
            if !used[si] && s.rules.iter().any(|(r, _)| suppress::enabled_somewhere(&levels, *r)) {
                let names: Vec<&str> = s.rules.iter().map(|(r, _)| all_rules()[*r].name).collect();
                out.diagnostics.push(
                    Diagnostic::warning("E0612", s.span, format!("suppression of `{}` suppresses nothing", names.join("`, `")))
                        .label("nothing to allow here")
                        .help("the rule reports nothing on the declaration that follows: delete the comment"),
                );
            }
        }
    }
    for (fi, (_, f, sev)) in found.into_iter().enumerate() {
        let d = to_diagnostic(&f, sev);
        match silenced[fi] {
            Some(si) => out.suppressed.push((d, sups[si].reason.clone())),
            None => out.diagnostics.push(d),
        }
    }
    crate::diag::sort_and_dedup(&mut out.diagnostics);
    out
}
