//! The name index of a workspace: every declaration and every reference that resolves to one.
//!
//! Declarations are the top-level items (imports, params, templates, APIs, `let`, `function`,
//! `role`, `log_group`) and the named blocks of an API (`authorizer NAME`, `stage NAME`, and any
//! other `KIND NAME { }` at API level, so new named blocks are indexed without new code).
//! References are names in values, call names, `use` templates and `${name}` interpolations.

use crate::check::load::Workspace;
use crate::source::Span;
use crate::syntax::ast::*;

/// A declared name.
#[derive(Debug, Clone)]
pub struct Decl {
    /// As declared: `pets`, `users`, or the alias of an import (`shared`, `std.logging`).
    pub name: String,
    /// `function`, `param`, `template`, `let`, `role`, `log_group`, `api`, `import`, or the kind
    /// of a named block (`authorizer`, `stage`, ...).
    pub kind: String,
    pub module: usize,
    /// The API (a declaration index) a named block belongs to.
    pub api: Option<usize>,
    pub name_span: Span,
    /// The whole declaration.
    pub span: Span,
}

/// A name that refers to a declaration.
#[derive(Debug, Clone, Copy)]
pub struct Reference {
    pub span: Span,
    pub decl: usize,
}

#[derive(Debug, Default)]
pub struct Index {
    pub decls: Vec<Decl>,
    pub refs: Vec<Reference>,
}

impl Index {
    pub fn build(ws: &Workspace) -> Index {
        let mut ix = Index::default();
        for (m, module) in ws.modules.iter().enumerate() {
            for item in &module.ast.items {
                let (name, kind, name_span, span) = match item {
                    Item::Import(i) => {
                        let target = match &i.target {
                            ImportTarget::Module(t) | ImportTarget::File(t) => t,
                        };
                        let named = i.alias.as_ref().unwrap_or(target);
                        (named.name.clone(), "import".to_string(), named.span, i.span)
                    }
                    Item::Param(p) => (p.name.name.clone(), "param".into(), p.name.span, p.span),
                    Item::Template(t) => (t.name.name.clone(), "template".into(), t.name.span, t.span),
                    Item::Binding(b) => (b.name.name.clone(), b.keyword.name.clone(), b.name.span, b.span),
                    Item::Api(a) => (a.name.name.clone(), "api".into(), a.name.span, a.span),
                };
                let me = ix.decls.len();
                ix.decls.push(Decl { name, kind, module: m, api: None, name_span, span });
                if let Item::Api(a) = item {
                    for s in &a.body.stmts {
                        if let Stmt::Block(b) = s {
                            if let Some(label) = b.labels.first() {
                                let d = Decl {
                                    name: label.name.clone(),
                                    kind: b.kind.name.clone(),
                                    module: m,
                                    api: Some(me),
                                    name_span: label.span,
                                    span: b.span,
                                };
                                ix.decls.push(d);
                            }
                        }
                    }
                }
            }
        }
        for (m, module) in ws.modules.iter().enumerate() {
            let mut w = Walker { ws, ix: &mut ix, module: m, api: None };
            for item in &module.ast.items {
                match item {
                    Item::Param(p) => p.default.iter().for_each(|e| w.expr(e)),
                    Item::Binding(b) => w.expr(&b.value),
                    Item::Template(t) => w.body(&t.body),
                    Item::Api(a) => {
                        w.api = w.ix.decls.iter().position(|d| d.module == m && d.kind == "api" && d.span == a.span);
                        w.body(&a.body);
                        w.api = None;
                    }
                    Item::Import(_) => {}
                }
            }
        }
        ix
    }

    /// The declaration whose name, or a reference to it, is at `offset` of `file`.
    pub fn at(&self, file: crate::source::FileId, offset: usize) -> Option<usize> {
        let hit = |s: &Span| s.file == file && (s.start as usize) <= offset && offset <= s.end as usize;
        self.refs.iter().find(|r| hit(&r.span)).map(|r| r.decl).or_else(|| self.decls.iter().position(|d| hit(&d.name_span)))
    }

    /// Every reference to a declaration.
    pub fn references(&self, decl: usize) -> impl Iterator<Item = &Reference> {
        self.refs.iter().filter(move |r| r.decl == decl)
    }
}

struct Walker<'a> {
    ws: &'a Workspace,
    ix: &'a mut Index,
    module: usize,
    api: Option<usize>,
}

impl Walker<'_> {
    fn body(&mut self, b: &Body) {
        for s in &b.stmts {
            match s {
                Stmt::Route(r) => self.body(&r.body),
                Stmt::Use(u) => {
                    self.name(&u.template.name, u.template.span);
                    u.args.iter().for_each(|a| self.expr(&a.value));
                }
                Stmt::Field(f) => f.body.iter().for_each(|b| self.body(b)),
                Stmt::Attr(a) => self.expr(&a.value),
                Stmt::Block(b) => self.body(&b.body),
                Stmt::RequestParam(_) => {}
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Ref(name) => self.name(name, e.span),
            ExprKind::Call { callee, args } => {
                self.name(&callee.name, callee.span);
                args.iter().for_each(|a| self.expr(&a.value));
            }
            ExprKind::Str(parts) => {
                for p in parts {
                    if let StrPart::Interp(i) = p {
                        self.name(&i.name, i.span);
                    }
                }
            }
            ExprKind::List(items) => items.iter().for_each(|i| self.expr(i)),
            ExprKind::Object(attrs) => attrs.iter().for_each(|a| self.expr(&a.value)),
            ExprKind::Raw(_) | ExprKind::Number(_) | ExprKind::Quantity { .. } | ExprKind::Bool(_) | ExprKind::Dollar(_) => {}
        }
    }

    fn name(&mut self, name: &str, span: Span) {
        if let Some(decl) = self.resolve(name) {
            self.ix.refs.push(Reference { span, decl });
        }
    }

    /// API-level names first, then the module's own, then `alias.name` through an import.
    fn resolve(&self, name: &str) -> Option<usize> {
        let decls = &self.ix.decls;
        let local = |m: usize, n: &str| decls.iter().position(|d| d.module == m && d.api.is_none() && d.kind != "import" && d.name == n);
        if let Some(api) = self.api {
            if let Some(i) = decls.iter().position(|d| d.api == Some(api) && d.name == name) {
                return Some(i);
            }
        }
        if let Some(i) = local(self.module, name) {
            return Some(i);
        }
        let imports = &self.ws.modules[self.module].imports;
        for (dot, _) in name.rmatch_indices('.') {
            if let Some(target) = imports.get(&name[..dot]) {
                return local(target.0, &name[dot + 1..]);
            }
        }
        None
    }
}
