//! The abstract syntax tree: what the user wrote, every node with its span, no meaning yet.

use crate::source::Span;

/// A name or a dotted path as written, e.g. `users`, `header.Authorization`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A parsed file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
}

/// A top-level item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `import std.logging` or `import "./shared.gw" as shared`
    Import(Import),
    /// `param env: string = "prod"`
    Param(ParamDecl),
    /// `template crud(handler) { GET / { ... } }`
    Template(TemplateDecl),
    /// `rest api petstore { ... }`
    Api(ApiDecl),
    /// `let x = ...`, `function f = lambda(...)`, `role r = role(...)`, `log_group g = ...`
    Binding(Binding),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportTarget {
    /// `std.logging`
    Module(Ident),
    /// `"./shared.gw"`
    File(Ident),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub target: ImportTarget,
    pub alias: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParamDecl {
    pub name: Ident,
    pub ty: Ident,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateDecl {
    pub name: Ident,
    pub params: Vec<Ident>,
    pub body: Body,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiDecl {
    /// `rest`, `http` or `websocket`
    pub kind: Ident,
    pub name: Ident,
    pub body: Body,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// `let`, `function`, `role` or `log_group`
    pub keyword: Ident,
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

/// `{ statement* }`
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

/// A statement inside a body.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `GET /pets/{id} { ... }`
    Route(Route),
    /// `use crud(handler: items) at /items`
    Use(Use),
    /// `query limit?: integer`
    RequestParam(RequestParam),
    /// `name?: string { min_length = 1 }`
    Field(Field),
    /// `description = "Pets"`
    Attr(Attr),
    /// `stage prod { ... }`
    Block(Block),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub method: Ident,
    pub path: Ident,
    pub body: Body,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    pub template: Ident,
    pub args: Vec<Arg>,
    pub at: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestParam {
    /// `path`, `query` or `header`
    pub location: Ident,
    pub name: Ident,
    pub optional: bool,
    pub ty: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Ident,
    pub optional: bool,
    pub ty: Ident,
    pub body: Option<Body>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// A dotted name (`path.id`) or the text of a string key (`"application/json"`).
    pub key: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: Ident,
    pub labels: Vec<Ident>,
    /// The `: cognito` of `authorizer users: cognito { ... }`.
    pub block_kind: Option<Ident>,
    pub body: Body,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Option<Ident>,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// A piece of a string literal.
#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    Lit(String),
    /// `${name}`; the span covers the name.
    Interp(Ident),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `"text ${param}"`
    Str(Vec<StrPart>),
    /// `"""raw text, no escapes or interpolation"""`
    Raw(String),
    /// `42`, `0.5`
    Number(String),
    /// `29s`, `1KiB`, `50/s`, `10%`
    Quantity {
        number: String,
        unit: String,
    },
    Bool(bool),
    /// `regional`, `users`, `header.Authorization`, `std.logging.json`
    Ref(String),
    /// `$default`
    Dollar(String),
    List(Vec<Expr>),
    /// `{ key = value, ... }`
    Object(Vec<Attr>),
    /// `lambda(arn: "...")`
    Call {
        callee: Ident,
        args: Vec<Arg>,
    },
}
