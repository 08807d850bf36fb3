//! Reads the properties of a block or the arguments of a call, with typed getters that report
//! wrong types, ranges, unknown options and unknown properties (with "did you mean").

use super::eval::{format_number, Env, Value, V};
use super::Cx;
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{ParamType, Text};
use crate::source::Span;
use crate::syntax::ast::{self, Stmt};
use std::rc::Rc;

/// The statements of one body (and of the templates it uses), read by key.
pub struct Props<'a> {
    pub items: Vec<(&'a Stmt, Rc<Env>)>,
    used: Vec<bool>,
    known: Vec<&'static str>,
    what: String,
}

impl<'a> Props<'a> {
    pub fn new(items: Vec<(&'a Stmt, Rc<Env>)>, what: impl Into<String>) -> Self {
        let used = vec![false; items.len()];
        Props { items, used, known: Vec::new(), what: what.into() }
    }

    /// A body read in one environment.
    pub fn of_body(body: &'a ast::Body, env: &Rc<Env>, what: impl Into<String>) -> Self {
        Self::new(body.stmts.iter().map(|s| (s, env.clone())).collect(), what)
    }

    fn find_attrs(&mut self, key: &'static str) -> Vec<usize> {
        self.known.push(key);
        (0..self.items.len()).filter(|&i| matches!(self.items[i].0, Stmt::Attr(a) if a.key.name == key)).collect()
    }

    /// The evaluated value of `key = ...`; a second assignment is an error.
    pub fn get(&mut self, cx: &mut Cx, key: &'static str) -> Option<V> {
        let found = self.find_attrs(key);
        let first = *found.first()?;
        for &i in &found {
            self.used[i] = true;
        }
        self.report_duplicates(cx, &found, key);
        let (Stmt::Attr(a), env) = &self.items[first] else { return None };
        let env = env.clone();
        Some(cx.eval(&a.value, &env))
    }

    /// The key span of `key = ...`, without evaluating it.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.items.iter().find_map(|(s, _)| match s {
            Stmt::Attr(a) if a.key.name == key => Some(a.key.span),
            _ => None,
        })
    }

    fn report_duplicates(&self, cx: &mut Cx, found: &[usize], key: &str) {
        if let [first, rest @ ..] = found {
            let first_span = stmt_span(self.items[*first].0);
            for &i in rest {
                let d = Diagnostic::error("E0202", key_span_of(self.items[i].0), format!("`{key}` is set twice"))
                    .label("set again here")
                    .with_secondary(first_span, "first set here")
                    .help("remove one of them");
                cx.diags.push(d);
            }
        }
    }

    /// All blocks named `key`, in order.
    pub fn blocks(&mut self, key: &'static str) -> Vec<(&'a ast::Block, Rc<Env>)> {
        self.known.push(key);
        let mut out = Vec::new();
        for i in 0..self.items.len() {
            if let Stmt::Block(b) = self.items[i].0 {
                if b.kind.name == key {
                    self.used[i] = true;
                    out.push((b, self.items[i].1.clone()));
                }
            }
        }
        out
    }

    /// The one block named `key`; a second is an error.
    pub fn block(&mut self, cx: &mut Cx, key: &'static str) -> Option<(&'a ast::Block, Rc<Env>)> {
        let all = self.blocks(key);
        for (b, _) in all.iter().skip(1) {
            let d = Diagnostic::error("E0202", b.kind.span, format!("`{key}` block given twice"))
                .label("second block")
                .with_secondary(all[0].0.kind.span, "first block")
                .help("merge the two blocks");
            cx.diags.push(d);
        }
        all.into_iter().next()
    }

    /// Statements of another shape (routes, request parameters, fields, uses), marked used.
    pub fn take<T>(&mut self, pick: impl Fn(&'a Stmt) -> Option<T>) -> Vec<(T, Rc<Env>)> {
        let mut out = Vec::new();
        for i in 0..self.items.len() {
            if let Some(t) = pick(self.items[i].0) {
                self.used[i] = true;
                out.push((t, self.items[i].1.clone()));
            }
        }
        out
    }

    /// Where these statements are written, for the kind capability matrix.
    fn place(&self) -> Option<super::kinds::Place> {
        use super::kinds::Place;
        let w = self.what.as_str();
        if w.starts_with("stage `") {
            Some(Place::Stage)
        } else if w.starts_with("route `") {
            Some(Place::Route)
        } else if w.starts_with("integration ") {
            Some(Place::Integration)
        } else if w.ends_with(" API") {
            Some(Place::Api)
        } else {
            None
        }
    }

    /// Reports every statement nobody asked for.
    pub fn finish(self, cx: &mut Cx) {
        for (i, (stmt, _)) in self.items.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let (name, span, noun) = match stmt {
                Stmt::Attr(a) => (a.key.name.clone(), a.key.span, "property"),
                Stmt::Block(b) => (b.kind.name.clone(), b.kind.span, "block"),
                Stmt::Route(r) => (format!("{} {}", r.method.name, r.path.name), r.method.span.to(r.path.span), "route"),
                Stmt::Use(u) => (format!("use {}", u.template.name), u.template.span, "template use"),
                Stmt::RequestParam(p) => (format!("{} {}", p.location.name, p.name.name), p.span, "request parameter"),
                Stmt::Field(f) => (f.name.name.clone(), f.name.span, "field"),
            };
            let mut d = Diagnostic::error("E0205", span, format!("unknown {noun} `{name}` in {}", self.what))
                .label(format!("not valid in {}", self.what));
            let mut known: Vec<&str> = self.known.clone();
            known.sort_unstable();
            known.dedup();
            // Never suggest what the API's kind does not have (it would be E0408).
            if let (Some(place), Some(kind)) = (self.place(), cx.kind) {
                known.retain(|k| super::kinds::lacks(place, k, kind).is_none());
            }
            let method_block = match stmt {
                Stmt::Block(b) if crate::model::Method::parse(&b.kind.name).is_some() => b.labels.first().map(|l| (&b.kind.name, &l.name)),
                _ => None,
            };
            // `POST pets { ... }` parses as a block: the route's path lacks its `/`.
            if let Some((method, path)) = method_block {
                d = d.help(format!("a route's path starts with `/`: write `{method} /{path} {{ ... }}`"));
                cx.diags.push(d);
                continue;
            }
            d = match (matches!(stmt, Stmt::Attr(_) | Stmt::Block(_))).then(|| did_you_mean(&name, known.iter().copied())).flatten() {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None if known.is_empty() => d.help(format!("{} takes no {noun}s", self.what)),
                None => d.help(format!("{} accepts: {}", self.what, known.join(", "))),
            };
            cx.diags.push(d);
        }
    }
}

fn stmt_span(s: &Stmt) -> Span {
    match s {
        Stmt::Attr(a) => a.span,
        Stmt::Block(b) => b.span,
        Stmt::Route(r) => r.span,
        Stmt::Use(u) => u.span,
        Stmt::RequestParam(p) => p.span,
        Stmt::Field(f) => f.span,
    }
}

fn key_span_of(s: &Stmt) -> Span {
    match s {
        Stmt::Attr(a) => a.key.span,
        other => stmt_span(other),
    }
}

/// The arguments of a call, read by name (positional arguments take names in order).
pub struct Args {
    items: Vec<(Option<ast::Ident>, V)>,
    used: Vec<bool>,
    positional: Vec<&'static str>,
    known: Vec<&'static str>,
    what: &'static str,
}

impl Args {
    pub fn new(items: Vec<(Option<ast::Ident>, V)>, what: &'static str) -> Self {
        let used = vec![false; items.len()];
        Args { items, used, positional: Vec::new(), known: Vec::new(), what }
    }
    /// Names for positional arguments, in order.
    pub fn positional(mut self, names: &[&'static str]) -> Self {
        self.positional = names.to_vec();
        self
    }
    pub fn get(&mut self, key: &'static str) -> Option<V> {
        self.known.push(key);
        let pos_index = self.positional.iter().position(|p| *p == key);
        let mut positional_seen = 0;
        for i in 0..self.items.len() {
            match &self.items[i].0 {
                Some(n) if n.name == key => {
                    self.used[i] = true;
                    return Some(self.items[i].1.clone());
                }
                Some(_) => {}
                None => {
                    if Some(positional_seen) == pos_index {
                        self.used[i] = true;
                        return Some(self.items[i].1.clone());
                    }
                    positional_seen += 1;
                }
            }
        }
        None
    }
    pub fn finish(self, cx: &mut Cx) {
        // Positional arguments first, in order, then the named ones.
        let mut names: Vec<&str> = self.positional.clone();
        names.extend(self.known.iter().copied().filter(|k| !self.positional.contains(k)));
        names.dedup();
        let takes = match self.positional.len() {
            0 => format!("`{}` takes {}", self.what, names.join(", ")),
            n => format!("`{}` takes {} by position, then {}", self.what, names[..n].join(", "), names[n..].join(", ")),
        };
        for (i, (name, v)) in self.items.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let d = match name {
                Some(n) => {
                    let d = Diagnostic::error("E0205", n.span, format!("unknown argument `{}` of `{}`", n.name, self.what))
                        .label("unknown argument");
                    match did_you_mean(&n.name, self.known.iter().copied()) {
                        Some(s) => d.help(format!("did you mean `{s}`?")),
                        None => d.help(takes.clone()),
                    }
                }
                None => Diagnostic::error("E0207", v.span, format!("too many arguments to `{}`", self.what))
                    .label("extra argument")
                    .help(takes.clone()),
            };
            cx.diags.push(d);
        }
    }
}

/// `a` or `an` before a phrase, by its sound: "an endpoint type", "an API key source".
fn article(phrase: &str) -> &'static str {
    let vowel_sound = phrase.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O']) || phrase.starts_with("HTTP");
    if vowel_sound {
        "an"
    } else {
        "a"
    }
}

/// Units of durations, in milliseconds.
fn duration_unit(u: &str) -> Option<f64> {
    Some(match u {
        "ms" => 1.0,
        "s" => 1000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        _ => return None,
    })
}

fn size_unit(u: &str) -> Option<f64> {
    Some(match u {
        "B" => 1.0,
        "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    })
}

/// Renders milliseconds the way a user would write them.
pub fn show_ms(ms: f64) -> String {
    if (ms == 0.0 || ms >= 1000.0) && (ms / 1000.0).fract() == 0.0 {
        format!("{}s", format_number(ms / 1000.0))
    } else {
        format!("{}ms", format_number(ms))
    }
}

impl Cx<'_> {
    /// A string (literal or with parameters).
    pub fn text(&mut self, v: &V) -> Option<Text> {
        match &v.value {
            Value::Text(t) => Some(t.clone()),
            Value::Raw(s) => Some(Text::lit(s.clone())),
            Value::Param(p, ParamType::String | ParamType::Arn) => Some(Text::param(p.clone())),
            Value::Role(t) | Value::LogGroup(t) => Some(t.clone()),
            _ => {
                self.type_error(v, "a string");
                None
            }
        }
    }

    /// A string known at compile time (no parameters).
    pub fn literal(&mut self, v: &V) -> Option<String> {
        match &v.value {
            Value::Raw(s) => Some(s.clone()),
            Value::Text(t) => match t.as_lit() {
                Some(s) => Some(s.to_string()),
                None => {
                    let d = Diagnostic::error("E0301", v.span, "expected a plain string, found one with parameters")
                        .label("this value must be known at compile time")
                        .help("write the value literally here; parameters are allowed in ARNs, URLs and descriptions");
                    self.diags.push(d);
                    None
                }
            },
            _ => {
                self.type_error(v, "a string");
                None
            }
        }
    }

    pub fn boolean(&mut self, v: &V) -> Option<bool> {
        match v.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.type_error(v, "`true` or `false`");
                None
            }
        }
    }

    /// An integer in `[min, max]`.
    pub fn integer(&mut self, v: &V, what: &str, min: i64, max: i64) -> Option<i64> {
        let Value::Number(n) = v.value else {
            self.type_error(v, "a whole number");
            return None;
        };
        if n.fract() != 0.0 {
            let d = Diagnostic::error("E0304", v.span, format!("{what} must be a whole number, found {}", format_number(n)))
                .label("not an integer");
            self.diags.push(d);
            return None;
        }
        if n < min as f64 || n > max as f64 {
            let found = if n.abs() < 1e15 { format!(", found {}", format_number(n)) } else { String::new() };
            let d = Diagnostic::error("E0302", v.span, format!("{what} must be between {min} and {max}{found}")).label("out of range");
            self.diags.push(d);
            return None;
        }
        Some(n as i64)
    }

    /// A duration in milliseconds within `[min_ms, max_ms]`.
    pub fn duration_ms(&mut self, v: &V, what: &str, min_ms: f64, max_ms: f64) -> Option<f64> {
        let ms = match &v.value {
            Value::Quantity(n, u) => match duration_unit(u) {
                Some(f) => n * f,
                None => {
                    self.type_error(v, "a duration such as `10s` or `300ms`");
                    return None;
                }
            },
            Value::Number(_) => {
                let d = Diagnostic::error("E0301", v.span, format!("{what} needs a unit"))
                    .label("a number without a unit")
                    .help("write a duration such as `10s`, `300ms` or `5m`");
                self.diags.push(d);
                return None;
            }
            _ => {
                self.type_error(v, "a duration such as `10s`");
                return None;
            }
        };
        if ms < min_ms || ms > max_ms {
            let d = Diagnostic::error(
                "E0302",
                v.span,
                format!("{what} must be between {} and {}, found {}", show_ms(min_ms), show_ms(max_ms), show_ms(ms)),
            )
            .label("out of range");
            self.diags.push(d);
            return None;
        }
        Some(ms)
    }

    /// A duration in whole seconds within `[min, max]`.
    pub fn seconds(&mut self, v: &V, what: &str, min: u32, max: u32) -> Option<u32> {
        let ms = self.duration_ms(v, what, min as f64 * 1000.0, max as f64 * 1000.0)?;
        if (ms / 1000.0).fract() != 0.0 {
            let d = Diagnostic::error("E0304", v.span, format!("{what} must be a whole number of seconds")).label("fractional seconds");
            self.diags.push(d);
            return None;
        }
        Some((ms / 1000.0) as u32)
    }

    /// A size in bytes within `[min, max]`.
    pub fn size_bytes(&mut self, v: &V, what: &str, min: f64, max: f64) -> Option<u64> {
        let bytes = match &v.value {
            Value::Quantity(n, u) => match size_unit(u) {
                Some(f) => n * f,
                None => {
                    self.type_error(v, "a size such as `1KiB`");
                    return None;
                }
            },
            Value::Number(n) => *n,
            _ => {
                self.type_error(v, "a size such as `1KiB`");
                return None;
            }
        };
        if bytes < min || bytes > max || bytes.fract() != 0.0 {
            let d = Diagnostic::error(
                "E0302",
                v.span,
                format!(
                    "{what} must be a whole number of bytes from {} to {}, found {}",
                    format_number(min),
                    format_number(max),
                    format_number(bytes)
                ),
            )
            .label("out of range");
            self.diags.push(d);
            return None;
        }
        Some(bytes as u64)
    }

    /// A request rate per second (`50/s` or a plain number), not negative.
    pub fn rate(&mut self, v: &V, what: &str) -> Option<f64> {
        let r = match &v.value {
            Value::Quantity(n, u) if u == "/s" => *n,
            Value::Number(n) => *n,
            _ => {
                self.type_error(v, "a rate such as `100/s`");
                return None;
            }
        };
        if r < 0.0 {
            let d = Diagnostic::error("E0302", v.span, format!("{what} cannot be negative")).label("negative");
            self.diags.push(d);
            return None;
        }
        Some(r)
    }

    /// One of a fixed set of option words.
    pub fn option<'o>(&mut self, v: &V, what: &str, options: &[&'o str]) -> Option<&'o str> {
        let word = match &v.value {
            Value::Word(w) | Value::Dollar(w) => w.clone(),
            Value::Text(t) if t.as_lit().is_some() => t.as_lit().unwrap_or_default().to_string(),
            Value::Error => return None,
            _ => {
                self.type_error(v, &format!("one of {}", options.join(", ")));
                return None;
            }
        };
        if let Some(o) = options.iter().find(|o| **o == word) {
            return Some(o);
        }
        let mut d = Diagnostic::error("E0303", v.span, format!("unknown {what} `{word}`")).label(format!("not {} {what}", article(what)));
        d = match did_you_mean(&word, options.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!("use one of {}", options.join(", "))),
        };
        self.diags.push(d);
        None
    }

    /// A list (a single value is an error, to keep programs uniform).
    pub fn list(&mut self, v: &V) -> Vec<V> {
        match &v.value {
            Value::List(items) => items.clone(),
            // A `string_list` parameter stands for a whole list (emitted as a reference to it).
            Value::Param(p, ParamType::StringList) => vec![V { value: Value::Text(Text::param(p.clone())), span: v.span }],
            Value::Error => Vec::new(),
            _ => {
                self.type_error(v, "a list `[...]`");
                Vec::new()
            }
        }
    }

    /// A declared Lambda function.
    pub fn function(&mut self, v: &V) -> Option<String> {
        match &v.value {
            Value::Function(f) => Some(f.clone()),
            Value::Word(w) => {
                self.unknown_name(v.span, w, "function", |k| k == "function");
                None
            }
            _ => {
                self.type_error(v, "a declared `function`");
                None
            }
        }
    }

    /// A role: a declared `role`, an ARN string or a parameter.
    pub fn role(&mut self, v: &V) -> Option<Text> {
        match &v.value {
            Value::Word(w) => {
                self.unknown_name(v.span, w, "role", |k| k == "role");
                None
            }
            Value::LogGroup(_) | Value::Function(_) => {
                self.type_error(v, "a role");
                None
            }
            _ => self.text(v),
        }
    }

    /// A log group: a declared `log_group`, an ARN string or a parameter.
    pub fn log_group(&mut self, v: &V) -> Option<Text> {
        match &v.value {
            Value::Word(w) => {
                self.unknown_name(v.span, w, "log group", |k| k == "log_group");
                None
            }
            Value::Role(_) | Value::Function(_) => {
                self.type_error(v, "a log group");
                None
            }
            _ => self.text(v),
        }
    }
}
