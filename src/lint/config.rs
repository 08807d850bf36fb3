//! `gwc.toml`: finding it, reading its `[lint]` table, and resolving it for one source file.

use super::registry::{rules, select, Level, OptionDefault, RuleMeta};
use crate::diag::{did_you_mean, Diagnostic};
use crate::source::{FileId, Span};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The name of the configuration file.
pub const FILE_NAME: &str = "gwc.toml";

/// A resolved rule option value.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionValue {
    Int(i64),
    Strings(Vec<String>),
}

/// One set of settings: the `[lint]` table itself or one of its `[[lint.overrides]]`.
#[derive(Debug, Clone, Default)]
struct Layer {
    select: Option<Vec<usize>>,
    extend_select: Vec<usize>,
    ignore: Vec<usize>,
    /// (rule, level, specificity): families (0) before single rules (1).
    severity: Vec<(usize, Level, u8)>,
    options: Vec<(usize, &'static str, OptionValue)>,
    production_stages: Option<Vec<String>>,
}

/// A loaded `gwc.toml` (or the defaults when there is none).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The directory per-path globs are relative to.
    pub dir: Option<PathBuf>,
    base: Layer,
    overrides: Vec<(Vec<String>, Layer)>,
    /// `--select` / `--ignore`, applied last.
    cli: Option<Layer>,
}

/// The settings in force for one program.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Effective level per rule, indexed like [`rules()`].
    pub levels: Vec<Level>,
    explicit: Vec<bool>,
    options: Vec<(usize, &'static str, OptionValue)>,
    pub production_stages: Vec<String>,
}

impl Resolved {
    /// Only the given rule, at its enabled severity (fixture tests).
    pub fn only(rule: &RuleMeta) -> Resolved {
        let mut r = Config::default().resolve(None);
        for (i, l) in r.levels.iter_mut().enumerate() {
            *l = if std::ptr::eq(rules()[i], rule) { rule.enabled } else { Level::Off };
        }
        r
    }
    /// These settings with every rule but `rule` turned off (and `rule` on, unless set off).
    pub fn restrict_to(mut self, rule: &RuleMeta) -> Resolved {
        let i = index(rule);
        for (j, l) in self.levels.iter_mut().enumerate() {
            if j != i {
                *l = Level::Off;
            } else if !self.explicit[j] {
                *l = rule.enabled;
            }
        }
        self
    }
    /// Same settings with these production stages.
    pub fn with_production(mut self, stages: &[&str]) -> Resolved {
        self.production_stages = stages.iter().map(|s| s.to_string()).collect();
        self
    }
    /// Does any rule run?
    pub fn any_enabled(&self) -> bool {
        self.levels.iter().any(|l| *l != Level::Off)
    }
    /// The level a finding of `rule` gets, escalated on production unless set explicitly.
    pub fn level_for(&self, rule: &RuleMeta, production: bool) -> Level {
        let i = index(rule);
        let l = self.levels[i];
        match rule.production {
            Some(p) if l != Level::Off && production && !self.explicit[i] => p,
            _ => l,
        }
    }
    pub fn int_option(&self, rule: &RuleMeta, name: &str) -> i64 {
        match self.option(rule, name) {
            Some(OptionValue::Int(n)) => n,
            _ => 0,
        }
    }
    pub fn strings_option(&self, rule: &RuleMeta, name: &str) -> Vec<String> {
        match self.option(rule, name) {
            Some(OptionValue::Strings(v)) => v,
            _ => Vec::new(),
        }
    }
    fn option(&self, rule: &RuleMeta, name: &str) -> Option<OptionValue> {
        let i = index(rule);
        if let Some((_, _, v)) = self.options.iter().rev().find(|(r, n, _)| *r == i && *n == name) {
            return Some(v.clone());
        }
        rule.options.iter().find(|o| o.name == name).map(|o| match o.default {
            OptionDefault::Int(n) => OptionValue::Int(n),
            OptionDefault::Strings(s) => OptionValue::Strings(s.iter().map(|x| x.to_string()).collect()),
        })
    }
}

fn index(rule: &RuleMeta) -> usize {
    rules().iter().position(|r| std::ptr::eq(*r, rule)).unwrap_or(0)
}

impl Config {
    /// The settings for the program whose root file is `file`.
    pub fn resolve(&self, file: Option<&Path>) -> Resolved {
        let n = rules().len();
        let mut r = Resolved {
            levels: rules().iter().map(|r| r.default).collect(),
            explicit: vec![false; n],
            options: Vec::new(),
            production_stages: Vec::new(),
        };
        apply(&mut r, &self.base);
        let rel = file.map(|f| relative_to(f, self.dir.as_deref()));
        for (globs, layer) in &self.overrides {
            if rel.as_deref().is_some_and(|p| globs.iter().any(|g| glob_match(g, p))) {
                apply(&mut r, layer);
            }
        }
        if let Some(l) = &self.cli {
            apply(&mut r, l);
        }
        r
    }

    /// Applies `--select` / `--ignore` from the command line on top of the file's settings.
    /// Err names a selector that matches no rule.
    pub fn apply_cli(&mut self, selected: &[String], ignored: &[String]) -> Result<(), String> {
        let ids = |list: &[String]| -> Result<Vec<usize>, String> {
            let mut out = Vec::new();
            for s in list.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
                out.extend(select(s).ok_or_else(|| format!("unknown rule `{s}` (`gwc rules` lists them)"))?);
            }
            Ok(out)
        };
        let mut layer = Layer::default();
        if !selected.is_empty() {
            layer.select = Some(ids(selected)?);
        }
        layer.ignore = ids(ignored)?;
        self.cli = Some(layer);
        Ok(())
    }

    /// Reads a `gwc.toml` whose text is file `file` of the source map.
    pub fn parse(text: &str, file: FileId, dir: Option<PathBuf>) -> (Config, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let span = |r: std::ops::Range<usize>| Span::new(file, r.start, r.end);
        let doc: FileDoc = match toml::from_str(text) {
            Ok(d) => d,
            Err(e) => {
                let at = e.span().map(span).unwrap_or(Span::new(file, 0, 0));
                let msg = e.message().lines().next().unwrap_or("invalid TOML").to_string();
                let d = Diagnostic::error("E0600", at, format!("invalid {FILE_NAME}: {msg}"))
                    .label("here")
                    .help("see the Linting section of the README for the keys of `[lint]`");
                return (Config { dir, ..Config::default() }, vec![d]);
            }
        };
        let mut config = Config { dir, ..Config::default() };
        if let Some(lint) = doc.lint {
            if let Some(f) = &lint.files {
                diags.push(
                    Diagnostic::error(
                        "E0600",
                        span(f.span()),
                        format!("invalid {FILE_NAME}: `files` belongs in a `[[lint.overrides]]` entry"),
                    )
                    .label("not an override"),
                );
            }
            config.base = layer(&lint, &span, &mut diags);
            for o in lint.overrides.iter().flat_map(|o| o.get_ref()) {
                if let Some(n) = &o.overrides {
                    diags.push(
                        Diagnostic::error("E0600", span(n.span()), format!("invalid {FILE_NAME}: overrides do not nest"))
                            .label("nested overrides"),
                    );
                }
                let Some(files) = &o.files else {
                    let at = lint.overrides.as_ref().map(|x| span(x.span())).unwrap_or(Span::new(file, 0, 0));
                    diags.push(
                        Diagnostic::error("E0600", at, format!("invalid {FILE_NAME}: every `[[lint.overrides]]` needs `files`"))
                            .label("override without files")
                            .help("add `files = [\"legacy/**/*.gw\"]`"),
                    );
                    continue;
                };
                let mut globs = Vec::new();
                for g in files.get_ref() {
                    if g.get_ref().is_empty() || g.get_ref().starts_with('/') {
                        diags.push(
                            Diagnostic::error("E0602", span(g.span()), "override globs are relative paths such as `legacy/**/*.gw`")
                                .label("not a relative glob")
                                .help(format!("globs match program files relative to the directory of {FILE_NAME}")),
                        );
                    } else {
                        globs.push(g.get_ref().clone());
                    }
                }
                config.overrides.push((globs, layer(o, &span, &mut diags)));
            }
        }
        (config, diags)
    }
}

#[derive(Deserialize, Default)]
struct FileDoc {
    lint: Option<SettingsDoc>,
}

/// The `[lint]` table, and each `[[lint.overrides]]` (which also has `files`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SettingsDoc {
    files: Option<Spanned<Vec<Spanned<String>>>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    production_stages: Option<Vec<String>>,
    #[serde(default)]
    severity: IndexMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    options: IndexMap<Spanned<String>, IndexMap<Spanned<String>, Spanned<toml::Value>>>,
    overrides: Option<Spanned<Vec<SettingsDoc>>>,
}

fn selector(s: &Spanned<String>, span: &impl Fn(std::ops::Range<usize>) -> Span, diags: &mut Vec<Diagnostic>) -> Option<Vec<usize>> {
    let found = select(s.get_ref());
    if found.is_none() {
        let names = rules().iter().flat_map(|r| [r.code, r.name]);
        let mut d = Diagnostic::error("E0601", span(s.span()), format!("unknown rule `{}`", s.get_ref()))
            .label("no rule, family or code with this name");
        d = match did_you_mean(s.get_ref(), names) {
            Some(m) => d.help(format!("did you mean `{m}`? (`gwc rules` lists every rule)")),
            None => d.help("name a rule by code (`SEC001`) or name (`route-without-auth`), a family (`SEC`, `security`) or `ALL`; `gwc rules` lists them"),
        };
        diags.push(d);
    }
    found
}

fn layer(doc: &SettingsDoc, span: &impl Fn(std::ops::Range<usize>) -> Span, diags: &mut Vec<Diagnostic>) -> Layer {
    let mut l = Layer { production_stages: doc.production_stages.clone(), ..Layer::default() };
    if let Some(sel) = &doc.select {
        l.select = Some(sel.iter().filter_map(|s| selector(s, span, diags)).flatten().collect());
    }
    l.extend_select = doc.extend_select.iter().filter_map(|s| selector(s, span, diags)).flatten().collect();
    l.ignore = doc.ignore.iter().filter_map(|s| selector(s, span, diags)).flatten().collect();
    for (k, v) in &doc.severity {
        let Some(ids) = selector(k, span, diags) else {
            continue;
        };
        let Some(level) = Level::parse(v.get_ref()) else {
            diags.push(
                Diagnostic::error("E0602", span(v.span()), format!("unknown severity `{}`", v.get_ref()))
                    .label("not a severity")
                    .help("severities are \"error\", \"warning\", \"info\" and \"off\""),
            );
            continue;
        };
        let specificity = if ids.len() == 1 && super::registry::find(k.get_ref()).is_some() { 1 } else { 0 };
        l.severity.extend(ids.into_iter().map(|i| (i, level, specificity)));
    }
    l.severity.sort_by_key(|(_, _, s)| *s);
    for (k, table) in &doc.options {
        let Some((i, rule)) = super::registry::find(k.get_ref()) else {
            selector(k, span, diags);
            continue;
        };
        for (name, value) in table {
            let Some(opt) = rule.options.iter().find(|o| o.name == name.get_ref()) else {
                let known: Vec<&str> = rule.options.iter().map(|o| o.name).collect();
                let help = if known.is_empty() {
                    format!("`{}` has no options", rule.name)
                } else {
                    format!("options of `{}`: {}", rule.name, known.join(", "))
                };
                diags.push(
                    Diagnostic::error("E0602", span(name.span()), format!("unknown option `{}`", name.get_ref()))
                        .label("unknown option")
                        .help(help),
                );
                continue;
            };
            let parsed = match (opt.default, value.get_ref()) {
                (OptionDefault::Int(_), toml::Value::Integer(n)) if *n >= 0 => Some(OptionValue::Int(*n)),
                (OptionDefault::Strings(_), toml::Value::Array(items)) => {
                    items.iter().map(|v| v.as_str().map(str::to_string)).collect::<Option<Vec<_>>>().map(OptionValue::Strings)
                }
                _ => None,
            };
            match parsed {
                Some(v) => l.options.push((i, opt.name, v)),
                None => {
                    let want = match opt.default {
                        OptionDefault::Int(_) => "a whole number, 0 or more",
                        OptionDefault::Strings(_) => "a list of strings",
                    };
                    diags.push(
                        Diagnostic::error("E0602", span(value.span()), format!("option `{}` takes {want}", opt.name)).label("wrong value"),
                    );
                }
            }
        }
    }
    l
}

fn apply(r: &mut Resolved, l: &Layer) {
    let all = rules();
    if let Some(sel) = &l.select {
        r.levels.iter_mut().for_each(|x| *x = Level::Off);
        for &i in sel {
            r.levels[i] = all[i].enabled;
        }
    }
    for &i in &l.extend_select {
        r.levels[i] = all[i].enabled;
    }
    for &i in &l.ignore {
        r.levels[i] = Level::Off;
    }
    for &(i, level, _) in &l.severity {
        r.levels[i] = level;
        r.explicit[i] = true;
    }
    r.options.extend(l.options.iter().cloned());
    if let Some(p) = &l.production_stages {
        r.production_stages = p.clone();
    }
}

/// `file` relative to `dir` with `/` separators (absolute when it is not inside `dir`).
fn relative_to(file: &Path, dir: Option<&Path>) -> String {
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let rel = dir.and_then(|d| abs.strip_prefix(d).ok()).unwrap_or(&abs);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Glob matching on `/`-separated paths: `**` any number of segments, `*` and `?` within one.
pub fn glob_match(glob: &str, path: &str) -> bool {
    let g: Vec<&str> = glob.split('/').filter(|s| !s.is_empty()).collect();
    let p: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match_segments(&g, &p)
}

fn match_segments(g: &[&str], p: &[&str]) -> bool {
    match g.split_first() {
        None => p.is_empty(),
        Some((&"**", rest)) => (0..=p.len()).any(|k| match_segments(rest, &p[k..])),
        Some((first, rest)) => !p.is_empty() && match_segment(first.as_bytes(), p[0].as_bytes()) && match_segments(rest, &p[1..]),
    }
}

fn match_segment(g: &[u8], s: &[u8]) -> bool {
    match g.split_first() {
        None => s.is_empty(),
        Some((b'*', rest)) => (0..=s.len()).any(|k| match_segment(rest, &s[k..])),
        Some((b'?', rest)) => !s.is_empty() && match_segment(rest, &s[1..]),
        Some((c, rest)) => s.first() == Some(c) && match_segment(rest, &s[1..]),
    }
}

/// The nearest `gwc.toml` at or above the directory of `file`, stopping at a repository root
/// (a directory holding `.git`). Returns its absolute path.
pub fn discover(file: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(file).ok()?;
    for dir in abs.ancestors().skip(1) {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn globs() {
        assert!(glob_match("legacy/**/*.gw", "legacy/a/b/x.gw"));
        assert!(glob_match("legacy/**/*.gw", "legacy/x.gw"));
        assert!(!glob_match("legacy/*.gw", "legacy/a/x.gw"));
        assert!(glob_match("*.gw", "x.gw"));
        assert!(glob_match("ap?.gw", "api.gw"));
        assert!(!glob_match("*.gw", "x.toml"));
    }
}
