//! The registry: one row per rule (code, name, family, severity, scanner anchors, options).

use super::Cx;
use crate::diag::Severity;
use crate::model::{Authorizer, Route, Stage};
use std::sync::OnceLock;

/// A rule's severity as configured; `Off` disables it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "error" => Level::Error,
            "warning" | "warn" => Level::Warning,
            "info" | "note" => Level::Info,
            "off" => Level::Off,
            _ => return None,
        })
    }
    pub fn word(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
            Level::Off => "off",
        }
    }
    /// The Diagnostic severity (None when off).
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Note),
            Level::Off => None,
        }
    }
}

/// Rule families: the code prefix and the folder under `src/lint/rules/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    /// Authentication, transport, exposure, secrets.
    Security,
    /// Service quotas and limits.
    Limits,
    /// Throttling and operability.
    Operations,
    /// Logging, metrics and tracing.
    Observability,
    /// Programs that deploy but do not do what they say.
    Correctness,
    /// Cost and performance.
    Cost,
}

impl Family {
    pub const ALL: [Family; 6] =
        [Family::Security, Family::Limits, Family::Operations, Family::Observability, Family::Correctness, Family::Cost];
    /// The code prefix (`SEC`).
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Security => "SEC",
            Family::Limits => "LIM",
            Family::Operations => "OPS",
            Family::Observability => "OBS",
            Family::Correctness => "COR",
            Family::Cost => "CST",
        }
    }
    /// The family's word (`security`), also accepted in config.
    pub fn word(self) -> &'static str {
        match self {
            Family::Security => "security",
            Family::Limits => "limits",
            Family::Operations => "operations",
            Family::Observability => "observability",
            Family::Correctness => "correctness",
            Family::Cost => "cost",
        }
    }
}

/// Where a rule looks: the shared visitor calls it once per node of that kind.
#[derive(Clone, Copy)]
pub enum Check {
    Api(fn(&mut Cx<'_>)),
    Route(fn(&mut Cx<'_>, &Route)),
    Stage(fn(&mut Cx<'_>, &Stage)),
    Authorizer(fn(&mut Cx<'_>, &Authorizer)),
}

/// The default of a rule option.
#[derive(Debug, Clone, Copy)]
pub enum OptionDefault {
    Int(i64),
    Strings(&'static [&'static str]),
}

/// A rule option (`[lint.options.RULE-NAME]` in gwc.toml).
#[derive(Debug, Clone, Copy)]
pub struct RuleOption {
    pub name: &'static str,
    pub default: OptionDefault,
    pub help: &'static str,
}

/// One row of the registry.
pub struct RuleMeta {
    /// Stable code (`SEC001`); never reused.
    pub code: &'static str,
    /// Kebab-case name of the pattern it flags (`route-without-auth`).
    pub name: &'static str,
    /// One line for `gwc rules` and SARIF.
    pub summary: &'static str,
    pub family: Family,
    /// The default severity; `Off` for organisation choices.
    pub default: Level,
    /// Severity used when an `Off` rule is turned on by `select` (otherwise equal to `default`).
    pub enabled: Level,
    /// Severity on production stages (`production_stages`), when it differs.
    pub production: Option<Level>,
    /// Scanner checks this rule covers (checkov, cfn_nag, KICS, trivy, Security Hub, ...).
    pub anchors: &'static [&'static str],
    pub options: &'static [RuleOption],
    pub check: Check,
    /// The doc comment: What it does / Why it matters / Example / Use instead [/ Options].
    pub doc: &'static str,
}

impl std::fmt::Debug for RuleMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Every rule, in family then code order.
pub fn rules() -> &'static [&'static RuleMeta] {
    static ALL: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static RuleMeta> = super::rules::FAMILIES.iter().flat_map(|f| f.iter().copied()).collect();
        v.sort_by_key(|r| (r.family, r.code));
        v
    })
}

/// A rule by code or name.
pub fn find(key: &str) -> Option<(usize, &'static RuleMeta)> {
    rules().iter().enumerate().find(|(_, r)| r.code.eq_ignore_ascii_case(key) || r.name == key).map(|(i, r)| (i, *r))
}

/// The rules a selector names: `ALL`, a family prefix (`SEC`) or word (`security`), a code or a
/// name. None when it names nothing.
pub fn select(selector: &str) -> Option<Vec<usize>> {
    if selector.eq_ignore_ascii_case("all") {
        return Some((0..rules().len()).collect());
    }
    if let Some(f) = Family::ALL.iter().find(|f| f.prefix().eq_ignore_ascii_case(selector) || f.word() == selector) {
        return Some(rules().iter().enumerate().filter(|(_, r)| r.family == *f).map(|(i, _)| i).collect());
    }
    find(selector).map(|(i, _)| vec![i])
}

/// The doc text without the one leading space rustdoc keeps on each line.
pub fn doc_text(rule: &RuleMeta) -> String {
    let mut out = String::new();
    for line in rule.doc.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

/// The text of one `## Heading` section of a rule's doc (without the heading line).
pub fn doc_section(rule: &RuleMeta, heading: &str) -> Option<String> {
    let text = doc_text(rule);
    let mut out: Option<String> = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            if out.is_some() {
                break;
            }
            if h.trim() == heading {
                out = Some(String::new());
            }
            continue;
        }
        if let Some(o) = &mut out {
            o.push_str(line);
            o.push('\n');
        }
    }
    out
}

/// The bodies of the fenced blocks with info string `lang` in a text.
pub fn fenced_blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        match &mut cur {
            None if line.trim() == format!("```{lang}") => cur = Some(String::new()),
            Some(_) if line.trim() == "```" => out.extend(cur.take()),
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    out
}
