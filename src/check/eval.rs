//! Evaluates expressions to values: resolves names, `let`s, template parameters and string
//! interpolation; interprets bare words only when a consumer asks (see `props`).

use super::load::ModuleId;
use super::{Cx, Symbol};
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{Function, ParamType, Pseudo, Text, TextPart};
use crate::source::Span;
use crate::syntax::ast::{self, ExprKind, StrPart};
use indexmap::IndexMap;
use std::rc::Rc;

/// Deepest chain of declarations defined in terms of each other.
const MAX_DEFINITION_DEPTH: usize = 128;

/// The names visible while evaluating: a module's scope plus template arguments.
#[derive(Debug)]
pub struct Env {
    pub module: ModuleId,
    pub vars: IndexMap<String, V>,
    /// Template expansion depth, to stop runaway recursion.
    pub depth: usize,
    /// Path prefix of routes from `use TEMPLATE(...) at /prefix`.
    pub prefix: String,
    /// The outermost `use` this environment comes from, so API-wide problems with a template's
    /// routes can point at the program's own text.
    pub use_site: Option<Span>,
}

impl Env {
    pub fn module(module: ModuleId) -> Rc<Env> {
        Rc::new(Env { module, vars: IndexMap::new(), depth: 0, prefix: String::new(), use_site: None })
    }
}

/// A value with the span of the expression it came from.
#[derive(Debug, Clone)]
pub struct V {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Value {
    Text(Text),
    /// A `"""raw"""` string: no interpolation.
    Raw(String),
    Number(f64),
    /// A number with a unit: `29s`, `1KiB`, `50/s`, `10%`.
    Quantity(f64, String),
    Bool(bool),
    /// A bare or dotted name that is not a declaration: an option word or a request reference.
    Word(String),
    /// `$default`
    Dollar(String),
    List(Vec<V>),
    Object(Vec<(ast::Ident, V)>),
    Call {
        callee: ast::Ident,
        args: Vec<(Option<ast::Ident>, V)>,
    },
    /// A declared Lambda function, by its key in `Program::functions`.
    Function(String),
    Role(Text),
    LogGroup(Text),
    Param(String, ParamType),
    /// Already reported; consumers stay silent.
    Error,
}

impl Value {
    /// What kind of value this is, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Text(_) | Value::Raw(_) => "a string",
            Value::Number(_) => "a number",
            Value::Quantity(_, u) => match u.as_str() {
                "ms" | "s" | "m" | "h" | "d" => "a duration",
                "%" => "a percentage",
                "/s" => "a rate",
                _ => "a size",
            },
            Value::Bool(_) => "a boolean",
            Value::Word(_) | Value::Dollar(_) => "a name",
            Value::List(_) => "a list",
            Value::Object(_) => "an object",
            Value::Call { .. } => "a call",
            Value::Function(_) => "a function",
            Value::Role(_) => "a role",
            Value::LogGroup(_) => "a log group",
            Value::Param(..) => "a parameter",
            Value::Error => "an invalid value",
        }
    }
}

impl Cx<'_> {
    /// Evaluates an expression in an environment.
    pub fn eval(&mut self, e: &ast::Expr, env: &Rc<Env>) -> V {
        let span = e.span;
        let value = match &e.kind {
            ExprKind::Str(parts) => match self.interpolate(parts, env) {
                Some(t) => Value::Text(t),
                None => Value::Error,
            },
            ExprKind::Raw(s) => Value::Raw(s.clone()),
            ExprKind::Number(n) => match n.parse::<f64>() {
                Ok(x) if fraction_lost(n, x) => {
                    self.diags.push(fraction_lost_error(span));
                    Value::Error
                }
                Ok(x) if x.is_finite() => Value::Number(x),
                _ => {
                    self.diags.push(Diagnostic::error("E0304", span, "number is too large").label("this number"));
                    Value::Error
                }
            },
            ExprKind::Quantity { number, unit } => match number.parse::<f64>() {
                Ok(x) if fraction_lost(number, x) => {
                    self.diags.push(fraction_lost_error(span));
                    Value::Error
                }
                Ok(x) if x.is_finite() => Value::Quantity(x, unit.clone()),
                _ => {
                    self.diags.push(Diagnostic::error("E0304", span, "number is too large").label("this number"));
                    Value::Error
                }
            },
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Dollar(d) => Value::Dollar(d.clone()),
            ExprKind::Ref(name) => return self.eval_ref(name, span, env),
            ExprKind::List(items) => Value::List(items.iter().map(|i| self.eval(i, env)).collect()),
            ExprKind::Object(attrs) => Value::Object(attrs.iter().map(|a| (a.key.clone(), self.eval(&a.value, env))).collect()),
            ExprKind::Call { callee, args } => {
                let args = args.iter().map(|a| (a.name.clone(), self.eval(&a.value, env))).collect();
                Value::Call { callee: callee.clone(), args }
            }
        };
        V { value, span }
    }

    fn eval_ref(&mut self, name: &str, span: Span, env: &Rc<Env>) -> V {
        if let Some(v) = env.vars.get(name) {
            return V { value: v.value.clone(), span };
        }
        match self.resolve(env.module, name, span) {
            Resolved::Symbol(m, sym_name) => self.eval_symbol(m, &sym_name, span),
            Resolved::NotDeclared => V { value: Value::Word(name.to_string()), span },
            Resolved::Reported => V { value: Value::Error, span },
        }
    }

    /// Finds the declaration a (possibly module-qualified) name refers to.
    pub fn resolve(&mut self, module: ModuleId, name: &str, span: Span) -> Resolved {
        if self.symbols[module.0].contains_key(name) {
            return Resolved::Symbol(module, name.to_string());
        }
        // Longest import alias that prefixes the name: `std.logging.json`, `logging.json`.
        let imports = &self.ws.modules[module.0].imports;
        let mut best: Option<(&str, ModuleId)> = None;
        for (alias, target) in imports {
            if name.len() > alias.len()
                && name.starts_with(alias.as_str())
                && name.as_bytes()[alias.len()] == b'.'
                && best.is_none_or(|(b, _)| alias.len() > b.len())
            {
                best = Some((alias, *target));
            }
        }
        if let Some((alias, target)) = best {
            let rest = &name[alias.len() + 1..];
            if self.symbols[target.0].contains_key(rest) {
                return Resolved::Symbol(target, rest.to_string());
            }
            let candidates: Vec<String> = self.symbols[target.0].keys().cloned().collect();
            let mut d = Diagnostic::error("E0201", span, format!("`{alias}` has no `{rest}`")).label("not declared in that module");
            if let Some(s) = did_you_mean(rest, candidates.iter().map(String::as_str)) {
                d = d.help(format!("did you mean `{alias}.{s}`?"));
            } else if !candidates.is_empty() {
                d = d.help(format!("`{alias}` declares {}", candidates.join(", ")));
            }
            self.diags.push(d);
            return Resolved::Reported;
        }
        if let Some((first, _)) = name.split_once('.') {
            if self.symbols[module.0].contains_key(first) {
                let d = Diagnostic::error("E0301", span, format!("`{first}` has no members"))
                    .label("not a module")
                    .help(format!("use `{first}` alone, or import a module to reach its members"));
                self.diags.push(d);
                return Resolved::Reported;
            }
        }
        Resolved::NotDeclared
    }

    fn eval_symbol(&mut self, m: ModuleId, name: &str, span: Span) -> V {
        let key = (m, name.to_string());
        if let Some(v) = self.value_cache.get(&key) {
            return V { value: v.value.clone(), span };
        }
        if self.in_progress.len() >= MAX_DEFINITION_DEPTH {
            let d = Diagnostic::error("E0208", span, format!("definitions nest more than {MAX_DEFINITION_DEPTH} deep"))
                .label("reached from here")
                .help("shorten the chain of `let`s that refer to each other");
            self.diags.push(d);
            return V { value: Value::Error, span };
        }
        if self.in_progress.contains(&key) {
            let mut d = Diagnostic::error("E0208", span, format!("`{name}` is defined in terms of itself"))
                .label("used here while being defined")
                .help("break the cycle: give one of these declarations a value that does not refer back");
            if let Some(sym) = self.symbols[m.0].get(name) {
                d = d.with_secondary(sym.name_span(), "declared here");
            }
            self.diags.push(d);
            return V { value: Value::Error, span };
        }
        let Some(sym) = self.symbols[m.0].get(name).copied() else {
            return V { value: Value::Error, span };
        };
        self.in_progress.push(key.clone());
        let env = Env::module(m);
        let value = match sym {
            Symbol::Param(p) => Value::Param(self.qualified(m, name), super::param_type(&p.ty.name).unwrap_or(ParamType::String)),
            Symbol::Binding(b) => {
                let v = self.eval(&b.value, &env);
                match b.keyword.name.as_str() {
                    "function" => self.function_binding(m, name, b, v),
                    "role" => self.arn_binding(v, "role", b.span, |n| arn_sub(&["arn:", "P", ":iam::", "A", ":role/"], n)),
                    "log_group" => {
                        self.arn_binding(v, "log_group", b.span, |n| arn_sub(&["arn:", "P", ":logs:", "R", ":", "A", ":log-group:"], n))
                    }
                    _ => v.value,
                }
            }
            Symbol::Template(t) => {
                let d = Diagnostic::error("E0301", span, format!("`{name}` is a template, not a value"))
                    .label("template")
                    .with_secondary(t.name.span, "declared here")
                    .help(format!("instantiate it inside an API with `use {name}(...)`"));
                self.diags.push(d);
                Value::Error
            }
            Symbol::Api(_) => {
                let d = Diagnostic::error("E0301", span, format!("`{name}` is an API, not a value")).label("API");
                self.diags.push(d);
                Value::Error
            }
        };
        self.in_progress.pop();
        let v = V { value, span };
        self.value_cache.insert(key, v.clone());
        v
    }

    /// The name a declaration gets in output: qualified by its module's alias when imported.
    pub fn qualified(&self, m: ModuleId, name: &str) -> String {
        let q = &self.ws.modules[m.0].qualifier;
        if q.is_empty() {
            name.to_string()
        } else {
            format!("{q}_{name}")
        }
    }

    fn function_binding(&mut self, m: ModuleId, name: &str, b: &ast::Binding, v: V) -> Value {
        if let Value::Function(_) | Value::Error = v.value {
            return v.value;
        }
        let Value::Call { callee, args } = v.value else {
            self.type_error(&v, "a call such as `lambda(arn: \"...\")`");
            return Value::Error;
        };
        if callee.name != "lambda" {
            let d = Diagnostic::error("E0303", callee.span, format!("unknown function source `{}`", callee.name))
                .label("expected `lambda`")
                .help("write `function NAME = lambda(arn: \"arn:aws:lambda:...\")` or `lambda(name: \"fn-name\")`");
            self.diags.push(d);
            return Value::Error;
        }
        let mut args = super::props::Args::new(args, "lambda");
        let (arn_v, name_v, alias_v) = (args.get("arn"), args.get("name"), args.get("alias"));
        args.finish(self);
        let arn = arn_v.as_ref().and_then(|v| self.text(v));
        let fname = name_v.as_ref().and_then(|v| self.text(v));
        let alias = alias_v.as_ref().and_then(|v| self.text(v));
        let mut arn = match (arn, fname) {
            (Some(a), None) if name_v.is_none() => a,
            (None, Some(n)) if arn_v.is_none() => arn_sub(&["arn:", "P", ":lambda:", "R", ":", "A", ":function:"], n),
            // A value was given but is invalid, and has been reported.
            (None, None) if arn_v.is_some() != name_v.is_some() => return Value::Error,
            _ if arn_v.is_some() && name_v.is_some() => {
                let d = Diagnostic::error("E0301", callee.span, "give either `arn` or `name`, not both").label("both given");
                self.diags.push(d);
                return Value::Error;
            }
            _ => {
                let d = Diagnostic::error("E0206", callee.span, "`lambda` needs `arn` or `name`")
                    .label("missing function")
                    .help("write `lambda(arn: \"arn:aws:lambda:REGION:ACCOUNT:function:NAME\")` or `lambda(name: \"NAME\")`");
                self.diags.push(d);
                return Value::Error;
            }
        };
        if alias_v.is_some() && alias.is_none() {
            return Value::Error;
        }
        if let Some(alias) = alias {
            arn.push(TextPart::Lit(":".into()));
            arn = arn.concat(&alias);
        }
        let key = self.qualified(m, name);
        self.program.functions.insert(key.clone(), Function { name: key.clone(), arn, span: b.name.span });
        Value::Function(key)
    }

    fn arn_binding(&mut self, v: V, kind: &'static str, span: Span, from_name: impl Fn(Text) -> Text) -> Value {
        let _ = span;
        let wrap = |t: Text| if kind == "role" { Value::Role(t) } else { Value::LogGroup(t) };
        match v.value {
            Value::Role(_) | Value::LogGroup(_) | Value::Error => v.value,
            Value::Call { callee, args } if callee.name == kind => {
                let mut args = super::props::Args::new(args, kind);
                let (arn_v, name_v) = (args.get("arn"), args.get("name"));
                args.finish(self);
                match (&arn_v, &name_v) {
                    // An invalid value has been reported by `text`.
                    (Some(a), None) => self.text(a).map(wrap).unwrap_or(Value::Error),
                    (None, Some(n)) => self.text(n).map(|n| wrap(from_name(n))).unwrap_or(Value::Error),
                    _ => {
                        let example =
                            if kind == "role" { "role(name: \"my-role\")" } else { "log_group(name: \"/aws/apigateway/my-api\")" };
                        let (code, message, label) = match arn_v {
                            Some(_) => ("E0301", format!("give either `arn` or `name` to `{kind}`, not both"), "both given"),
                            None => ("E0206", format!("`{kind}` needs `arn` or `name`"), "nothing to refer to"),
                        };
                        let d = Diagnostic::error(code, callee.span, message)
                            .label(label)
                            .help(format!("write `{kind}(arn: \"arn:aws:...\")` or `{example}`"));
                        self.diags.push(d);
                        Value::Error
                    }
                }
            }
            _ => {
                self.type_error(&v, &format!("`{kind}(arn: ...)` or `{kind}(name: ...)`"));
                Value::Error
            }
        }
    }

    /// Resolves the parts of a string literal.
    pub fn interpolate(&mut self, parts: &[StrPart], env: &Rc<Env>) -> Option<Text> {
        let mut out = Text::default();
        let mut ok = true;
        for p in parts {
            match p {
                StrPart::Lit(s) => out.push(TextPart::Lit(s.clone())),
                StrPart::Interp(id) => match self.interp_one(id, env) {
                    Some(t) => out = out.concat(&t),
                    None => ok = false,
                },
            }
        }
        ok.then_some(out)
    }

    fn interp_one(&mut self, id: &ast::Ident, env: &Rc<Env>) -> Option<Text> {
        let name = id.name.as_str();
        if let Some(p) = Pseudo::parse(name) {
            return Some(Text { parts: vec![TextPart::Pseudo(p)] });
        }
        if let Some(var) = name.strip_prefix("stageVariables.") {
            if is_simple_name(var) {
                return Some(Text { parts: vec![TextPart::Runtime(name.to_string())] });
            }
        }
        let v = self.eval_ref(name, id.span, env);
        match v.value {
            Value::Text(t) => Some(t),
            Value::Raw(s) => Some(Text::lit(s)),
            Value::Number(n) => Some(Text::lit(format_number(n))),
            Value::Param(p, ParamType::StringList) => {
                // CloudFormation cannot substitute a list parameter into a string (Fn::Sub).
                let d = Diagnostic::error("E0301", id.span, format!("cannot put the string_list parameter `{p}` into a string"))
                    .label("a list parameter")
                    .help("declare the parameter as `string` to use it in text");
                self.diags.push(d);
                None
            }
            Value::Param(p, _) => Some(Text::param(p)),
            Value::Role(t) | Value::LogGroup(t) => Some(t),
            Value::Function(f) => self.program.functions.get(&f).map(|f| f.arn.clone()),
            Value::Error => None,
            Value::Word(_) => {
                let mut d = Diagnostic::error("E0201", id.span, format!("unknown name `{name}` in string")).label("not declared");
                let mut candidates: Vec<String> = self.symbols[env.module.0].keys().cloned().collect();
                candidates.extend(env.vars.keys().cloned());
                candidates.extend(["aws.region", "aws.account_id", "aws.partition", "aws.url_suffix"].map(String::from));
                d = match did_you_mean(name, candidates.iter().map(String::as_str)) {
                    Some(s) => d.help(format!("did you mean `${{{s}}}`?")),
                    None => d.help("interpolate a `param`, a `let`, `aws.region`, `aws.account_id`, `aws.partition` or `stageVariables.NAME`; write `\\${` for a literal `${`"),
                };
                self.diags.push(d);
                None
            }
            other => {
                let d = Diagnostic::error("E0301", id.span, format!("cannot put {} into a string", other.describe())).label("this name");
                self.diags.push(d);
                None
            }
        }
    }

    /// Reports "expected X, found Y" at a value.
    pub fn type_error(&mut self, v: &V, expected: &str) {
        if matches!(v.value, Value::Error) {
            return;
        }
        if let Value::Word(w) = &v.value {
            if is_simple_name(w) {
                return self.unknown_word(v.span, w, expected);
            }
        }
        let d = Diagnostic::error("E0301", v.span, format!("expected {expected}, found {}", v.value.describe())).label("this value");
        self.diags.push(d);
    }
}

impl Cx<'_> {
    /// A bare name where a value of another type was expected: most likely a declaration whose
    /// name is misspelt or missing, so E0201 with the nearest declared name.
    fn unknown_word(&mut self, span: Span, w: &str, expected: &str) {
        let module = self.ws.modules.iter().position(|m| m.file == span.file);
        let mut candidates: Vec<&str> = module
            .map(|m| {
                self.symbols[m]
                    .iter()
                    .filter(|(_, s)| matches!(s.keyword(), "let" | "param" | "function" | "role" | "log_group"))
                    .map(|(n, _)| n.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let boolean = expected.contains("`true`");
        if boolean {
            candidates.extend(["true", "false"]);
        }
        let mut d = Diagnostic::error("E0201", span, format!("unknown name `{w}`")).label(format!("not declared; expected {expected}"));
        d = match did_you_mean(w, candidates.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if boolean => d.help("write `true` or `false`"),
            None if expected.contains("string") => {
                d.help(format!("write `\"{w}\"` for the text itself, or declare the name: `let {w} = \"...\"`"))
            }
            None => d.help(format!("declare it first (`let {w} = ...`), or write {expected} here")),
        };
        self.diags.push(d);
    }
}

/// Outcome of name resolution.
pub enum Resolved {
    Symbol(ModuleId, String),
    NotDeclared,
    Reported,
}

/// Whether a decimal literal's written fraction is not zero but its value is whole: the digits
/// did not fit in a double (`0.99999999999999999999` reads as 1), so it must not pass as an integer.
fn fraction_lost(text: &str, x: f64) -> bool {
    x.fract() == 0.0
        && !text.contains(['e', 'E'])
        && text.split_once('.').is_some_and(|(_, f)| f.chars().take_while(char::is_ascii_digit).any(|c| c != '0'))
}

fn fraction_lost_error(span: Span) -> Diagnostic {
    Diagnostic::error("E0304", span, "number has more digits than gwc can keep")
        .label("this number")
        .help("write it with at most 15 significant digits")
}

pub fn is_simple_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Formats a number without a trailing `.0` for integers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Builds an ARN from literal pieces and pseudo markers: "P" partition, "R" region, "A" account.
fn arn_sub(pieces: &[&str], tail: Text) -> Text {
    let mut t = Text::default();
    for p in pieces {
        match *p {
            "P" => t.push(TextPart::Pseudo(Pseudo::Partition)),
            "R" => t.push(TextPart::Pseudo(Pseudo::Region)),
            "A" => t.push(TextPart::Pseudo(Pseudo::AccountId)),
            lit => t.push(TextPart::Lit(lit.to_string())),
        }
    }
    t.concat(&tail)
}
