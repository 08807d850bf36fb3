//! Resolution and checking: parsed modules in, the typed [`Program`] out, with every problem
//! collected as a coded diagnostic (the checker never stops at the first error).

mod api;
mod auth;
mod cache;
mod cors;
mod docs;
mod domains;
pub(crate) mod eval;
mod http;
mod integration;
mod integration_v2;
mod kinds;
mod limits;
pub mod load;
mod models;
mod plans;
mod policy;
pub(crate) mod props;
mod responses;
mod route;
mod stage;
mod v2;
mod websocket;

use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{Param, ParamType, Program};
use crate::source::{LoadError, SourceLoader, SourceMap, Span};
use crate::syntax::ast;
use eval::{Env, V};
pub(crate) use http::SUBTYPES;
use indexmap::IndexMap;
use load::{ModuleId, Workspace};
pub(crate) use responses::RESPONSE_TYPES;
use std::collections::HashMap;
use std::path::Path;

/// A declaration a name can refer to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Symbol<'w> {
    Param(&'w ast::ParamDecl),
    Template(&'w ast::TemplateDecl),
    Binding(&'w ast::Binding),
    Api(&'w ast::ApiDecl),
}

impl Symbol<'_> {
    fn name_span(&self) -> Span {
        match self {
            Symbol::Param(p) => p.name.span,
            Symbol::Template(t) => t.name.span,
            Symbol::Binding(b) => b.name.span,
            Symbol::Api(a) => a.name.span,
        }
    }
    fn keyword(&self) -> &str {
        match self {
            Symbol::Param(_) => "param",
            Symbol::Template(_) => "template",
            Symbol::Binding(b) => &b.keyword.name,
            Symbol::Api(_) => "api",
        }
    }
}

/// The checker's state while it builds one Program.
pub(crate) struct Cx<'w> {
    pub ws: &'w Workspace,
    pub diags: Vec<Diagnostic>,
    pub symbols: Vec<IndexMap<String, Symbol<'w>>>,
    pub value_cache: HashMap<(ModuleId, String), V>,
    pub in_progress: Vec<(ModuleId, String)>,
    pub program: Program,
    /// Documentation of the routes of the API being checked.
    pub route_docs: Vec<crate::model::DocPart>,
    /// The kind of the API being checked (unknown-property help lists only what it has).
    pub kind: Option<crate::model::ApiKind>,
}

/// The result of compiling one root file.
#[derive(Debug)]
pub struct Checked {
    /// The root file.
    pub root: crate::source::FileId,
    /// The Model; complete only when `diagnostics` has no errors.
    pub program: Program,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads, parses and checks the program rooted at `root`.
pub fn compile(root: &Path, loader: &dyn SourceLoader, sources: &mut SourceMap) -> Result<Checked, LoadError> {
    let mut diags = Vec::new();
    let ws = load::load(root, loader, sources, &mut diags)?;
    let mut checked = check(&ws);
    checked.root = ws.modules[ws.root.0].file;
    diags.append(&mut checked.diagnostics);
    crate::diag::sort_and_dedup(&mut diags);
    checked.diagnostics = diags;
    Ok(checked)
}

/// Compiles one in-memory source (tests, benchmarks, fuzzing).
pub fn compile_str(name: &str, text: &str, sources: &mut SourceMap) -> Checked {
    let mut loader = crate::source::MemoryLoader::default();
    loader.files.insert(name.into(), text.to_string());
    match compile(Path::new(name), &loader, sources) {
        Ok(c) => c,
        Err(_) => Checked { root: crate::source::FileId(0), program: Program::default(), diagnostics: Vec::new() },
    }
}

/// Resolves and checks a loaded workspace.
pub fn check(ws: &Workspace) -> Checked {
    let mut cx = Cx {
        ws,
        diags: Vec::new(),
        symbols: Vec::new(),
        value_cache: HashMap::new(),
        in_progress: Vec::new(),
        program: Program::default(),
        route_docs: Vec::new(),
        kind: None,
    };
    for m in &ws.modules {
        let table = collect_symbols(&m.ast, &mut cx.diags);
        cx.symbols.push(table);
    }
    for (i, m) in ws.modules.iter().enumerate() {
        let id = ModuleId(i);
        for item in &m.ast.items {
            match item {
                ast::Item::Param(p) => cx.param(id, p),
                ast::Item::Binding(b) => {
                    cx.eval_symbol_by_name(id, &b.name.name, b.name.span);
                }
                _ => {}
            }
        }
    }
    // APIs are compiled from the root module only; imported modules provide reusable pieces.
    let root = ws.root;
    for item in &ws.modules[root.0].ast.items {
        if let ast::Item::Api(a) = item {
            let env = Env::module(root);
            if let Some(api) = cx.api(a, &env) {
                cx.program.apis.push(api);
            }
        }
    }
    for (i, m) in ws.modules.iter().enumerate() {
        if i != root.0 {
            for item in &m.ast.items {
                if let ast::Item::Api(a) = item {
                    let d = Diagnostic::error("E0205", a.name.span, "APIs can only be declared in the file being built")
                        .label("API in an imported module")
                        .help("move the API to the root file, or share its routes through a `template`");
                    cx.diags.push(d);
                }
            }
        }
    }
    // Declaration order of parameters and functions carries no meaning: make output independent of it.
    cx.program.params.sort_keys();
    cx.program.functions.sort_keys();
    Checked { root: ws.modules[ws.root.0].file, program: cx.program, diagnostics: cx.diags }
}

/// Words with a fixed meaning in values, which declarations may not shadow.
const RESERVED: &[&str] =
    &["none", "iam", "header", "query", "path", "context", "stage_variables", "stageVariables", "backend", "aws", "true", "false"];
const RESERVED_MEANING: &str = "auth modes, request and backend references, `aws.*` pseudo parameters";

fn collect_symbols<'w>(file: &'w ast::File, diags: &mut Vec<Diagnostic>) -> IndexMap<String, Symbol<'w>> {
    let mut table: IndexMap<String, Symbol<'w>> = IndexMap::new();
    for item in &file.items {
        let sym = match item {
            ast::Item::Param(p) => Symbol::Param(p),
            ast::Item::Template(t) => Symbol::Template(t),
            ast::Item::Binding(b) => Symbol::Binding(b),
            ast::Item::Api(a) => Symbol::Api(a),
            ast::Item::Import(_) => continue,
        };
        let name = match &sym {
            Symbol::Param(p) => &p.name.name,
            Symbol::Template(t) => &t.name.name,
            Symbol::Binding(b) => &b.name.name,
            Symbol::Api(a) => &a.name.name,
        };
        if !matches!(sym, Symbol::Api(_)) && RESERVED.contains(&name.as_str()) {
            let d = Diagnostic::error("E0419", sym.name_span(), format!("`{name}` is a reserved word"))
                .label("reserved")
                .help(format!("`{name}` already means something in the language ({}); choose another name", RESERVED_MEANING));
            diags.push(d);
            continue;
        }
        if let Some(prev) = table.get(name) {
            let d = Diagnostic::error("E0202", sym.name_span(), format!("`{name}` is declared twice"))
                .label(format!("second {}", sym.keyword()))
                .with_secondary(prev.name_span(), format!("first declared here as a {}", prev.keyword()))
                .help("rename one of them");
            diags.push(d);
            continue;
        }
        table.insert(name.clone(), sym);
    }
    table
}

/// The parameter type named in `param x: TYPE`.
pub(crate) fn param_type(name: &str) -> Option<ParamType> {
    Some(match name {
        "string" => ParamType::String,
        "number" => ParamType::Number,
        "arn" => ParamType::Arn,
        "string_list" => ParamType::StringList,
        _ => return None,
    })
}

impl Cx<'_> {
    fn eval_symbol_by_name(&mut self, m: ModuleId, name: &str, span: Span) {
        let env = Env::module(m);
        let e = ast::Expr { kind: ast::ExprKind::Ref(name.to_string()), span };
        let _ = self.eval(&e, &env);
    }

    fn param(&mut self, m: ModuleId, p: &ast::ParamDecl) {
        if RESERVED.contains(&p.name.name.as_str()) {
            return; // reported as E0419 with the declarations
        }
        let Some(ty) = param_type(&p.ty.name) else {
            let mut d = Diagnostic::error("E0303", p.ty.span, format!("unknown parameter type `{}`", p.ty.name)).label("unknown type");
            d = match did_you_mean(&p.ty.name, ["string", "number", "arn", "string_list"]) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help("parameter types are string, number, arn and string_list"),
            };
            self.diags.push(d);
            return;
        };
        let env = Env::module(m);
        let default = p.default.as_ref().and_then(|e| {
            let v = self.eval(e, &env);
            self.param_default(&v, ty)
        });
        let name = self.qualified(m, &p.name.name);
        if self.program.params.contains_key(&name) {
            return;
        }
        let id = crate::emit::names::pascal(&name);
        if let Some(other) = self.program.params.values().find(|o| crate::emit::names::pascal(&o.name) == id) {
            let d = Diagnostic::error(
                "E0202",
                p.name.span,
                format!("parameters `{}` and `{name}` would both be the CloudFormation parameter `{id}`", other.name),
            )
            .label("same parameter name in the template")
            .with_secondary(other.span, "the other parameter")
            .help("rename one of them");
            self.diags.push(d);
            return;
        }
        self.program.params.insert(name.clone(), Param { name, ty, default, span: p.name.span });
    }

    fn param_default(&mut self, v: &V, ty: ParamType) -> Option<serde_json::Value> {
        use eval::Value;
        match (ty, &v.value) {
            // Whole numbers as integers: `Default: 50`, not `50.0`.
            (ParamType::Number, Value::Number(n)) if n.fract() == 0.0 && n.abs() < 1e15 => Some(serde_json::Value::from(*n as i64)),
            (ParamType::Number, Value::Number(n)) => serde_json::Number::from_f64(*n).map(serde_json::Value::Number),
            (ParamType::StringList, Value::List(items)) => {
                let mut out = Vec::new();
                for i in items {
                    out.push(serde_json::Value::String(self.literal(i)?));
                }
                Some(serde_json::Value::String(out.iter().filter_map(|s| s.as_str()).collect::<Vec<_>>().join(",")))
            }
            (ParamType::Number, _) => {
                self.type_error(v, "a number");
                None
            }
            (ParamType::StringList, _) => {
                self.type_error(v, "a list of strings");
                None
            }
            _ => self.literal(v).map(serde_json::Value::String),
        }
    }

    /// Reports an unknown reference, suggesting declarations of the wanted kind.
    pub fn unknown_name(&mut self, span: Span, name: &str, noun: &str, keyword: impl Fn(&str) -> bool) {
        let candidates: Vec<String> =
            self.symbols.iter().flat_map(|t| t.iter().filter(|(_, s)| keyword(s.keyword())).map(|(n, _)| n.clone())).collect();
        let mut d = Diagnostic::error("E0201", span, format!("unknown {noun} `{name}`")).label(format!("no {noun} with this name"));
        let module = name.rsplit_once('.').map(|(m, _)| m.to_string());
        d = match did_you_mean(name, candidates.iter().map(String::as_str)) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if module.as_deref().is_some_and(|m| m.starts_with("std.")) => {
                d.help(format!("import the module first: `import {}`", module.unwrap_or_default()))
            }
            None if candidates.is_empty() => d.help(format!("declare it first, e.g. `{}`", declare_hint(noun))),
            None => d.help(format!("declared {noun}s: {}", candidates.join(", "))),
        };
        self.diags.push(d);
    }
}

fn declare_hint(noun: &str) -> &'static str {
    match noun {
        "function" => "function NAME = lambda(arn: \"...\")",
        "role" => "role NAME = role(arn: \"...\")",
        "log group" => "log_group NAME = log_group(name: \"/aws/apigateway/...\")",
        "authorizer" => "authorizer NAME: token { function = ... }",
        "stage" => "stage prod { }",
        "template" => "template NAME(param) { ... }",
        _ => "let NAME = ...",
    }
}
