//! Turns pest pairs into AST nodes; the grammar guarantees each pair's shape.

use super::ast::*;
use super::Rule;
use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use pest::iterators::Pair;

type P<'a> = Pair<'a, Rule>;

struct Cx<'d> {
    file: FileId,
    /// Where the parsed text starts in its file (a chunk's offset; 0 for a whole file).
    offset: usize,
    diags: &'d mut Vec<Diagnostic>,
}

impl Cx<'_> {
    fn span(&self, p: &P) -> Span {
        let s = p.as_span();
        Span::new(self.file, s.start() + self.offset, s.end() + self.offset)
    }
    fn ident(&self, p: &P) -> Ident {
        Ident { name: p.as_str().to_string(), span: self.span(p) }
    }
}

/// The items of a `file` pair, with spans `offset` bytes further into `file` than the pair's.
pub(super) fn items(pair: P, file: FileId, offset: usize, diags: &mut Vec<Diagnostic>) -> Vec<Item> {
    let mut cx = Cx { file, offset, diags };
    let mut items = Vec::new();
    for p in pair.into_inner() {
        let item = match p.as_rule() {
            Rule::import => Item::Import(import(&mut cx, p)),
            Rule::param_decl => Item::Param(param_decl(&mut cx, p)),
            Rule::template_decl => Item::Template(template_decl(&mut cx, p)),
            Rule::api_decl => Item::Api(api_decl(&mut cx, p)),
            Rule::binding => Item::Binding(binding(&mut cx, p)),
            _ => continue,
        };
        items.push(item);
    }
    items
}

fn import(cx: &mut Cx, p: P) -> Import {
    let span = cx.span(&p);
    let mut inner = p.into_inner();
    let target = match inner.next() {
        Some(t) if t.as_rule() == Rule::string => {
            let (text, tspan) = (string_text(cx, &t), cx.span(&t));
            ImportTarget::File(Ident { name: text, span: tspan })
        }
        Some(t) => ImportTarget::Module(cx.ident(&t)),
        None => ImportTarget::Module(Ident { name: String::new(), span }),
    };
    let alias = inner.next().map(|a| cx.ident(&a));
    Import { target, alias, span }
}

fn param_decl(cx: &mut Cx, p: P) -> ParamDecl {
    let span = cx.span(&p);
    let mut inner = p.into_inner();
    let name = next_ident(cx, &mut inner, span);
    let ty = next_ident(cx, &mut inner, span);
    let default = inner.next().map(|e| expr(cx, e));
    ParamDecl { name, ty, default, span }
}

fn template_decl(cx: &mut Cx, p: P) -> TemplateDecl {
    let span = cx.span(&p);
    let mut inner = p.into_inner();
    let name = next_ident(cx, &mut inner, span);
    let params = inner.next().map(|ps| ps.into_inner().map(|i| cx.ident(&i)).collect()).unwrap_or_default();
    let body = inner.next().map(|b| body(cx, b)).unwrap_or(Body { stmts: vec![], span });
    TemplateDecl { name, params, body, span }
}

fn api_decl(cx: &mut Cx, p: P) -> ApiDecl {
    let span = cx.span(&p);
    let mut inner = p.into_inner();
    let kind = next_ident(cx, &mut inner, span);
    let name = next_ident(cx, &mut inner, span);
    let body = inner.next().map(|b| body(cx, b)).unwrap_or(Body { stmts: vec![], span });
    ApiDecl { kind, name, body, span }
}

fn binding(cx: &mut Cx, p: P) -> Binding {
    let span = cx.span(&p);
    let mut inner = p.into_inner();
    let keyword = next_ident(cx, &mut inner, span);
    let name = next_ident(cx, &mut inner, span);
    let value = inner.next().map(|e| expr(cx, e)).unwrap_or(Expr { kind: ExprKind::Bool(false), span });
    Binding { keyword, name, value, span }
}

fn next_ident<'a>(cx: &Cx, inner: &mut pest::iterators::Pairs<'a, Rule>, span: Span) -> Ident {
    inner.next().map(|p| cx.ident(&p)).unwrap_or(Ident { name: String::new(), span })
}

fn body(cx: &mut Cx, p: P) -> Body {
    let span = cx.span(&p);
    let stmts = p.into_inner().filter_map(|s| stmt(cx, s)).collect();
    Body { stmts, span }
}

fn stmt(cx: &mut Cx, p: P) -> Option<Stmt> {
    let span = cx.span(&p);
    Some(match p.as_rule() {
        Rule::route => {
            let mut inner = p.into_inner();
            let method = next_ident(cx, &mut inner, span);
            let path = next_ident(cx, &mut inner, span);
            let b = inner.next().map(|b| body(cx, b)).unwrap_or(Body { stmts: vec![], span });
            Stmt::Route(Route { method, path, body: b, span })
        }
        Rule::use_stmt => {
            let mut inner = p.into_inner();
            let template = next_ident(cx, &mut inner, span);
            let args = inner.next().map(|a| call_args(cx, a)).unwrap_or_default();
            let at = inner.next().map(|a| cx.ident(&a));
            Stmt::Use(Use { template, args, at, span })
        }
        Rule::request_param => {
            let mut inner = p.into_inner();
            let location = next_ident(cx, &mut inner, span);
            let name = next_ident(cx, &mut inner, span);
            let (mut optional, mut ty) = (false, None);
            for rest in inner {
                match rest.as_rule() {
                    Rule::optional_mark => optional = true,
                    _ => ty = Some(cx.ident(&rest)),
                }
            }
            Stmt::RequestParam(RequestParam { location, name, optional, ty, span })
        }
        Rule::field => {
            let mut inner = p.into_inner();
            let name = next_ident(cx, &mut inner, span);
            let (mut optional, mut ty, mut b) = (false, None, None);
            for rest in inner {
                match rest.as_rule() {
                    Rule::optional_mark => optional = true,
                    Rule::body => b = Some(body(cx, rest)),
                    _ => ty = Some(cx.ident(&rest)),
                }
            }
            let ty = ty.unwrap_or(Ident { name: String::new(), span });
            Stmt::Field(Field { name, optional, ty, body: b, span })
        }
        Rule::attr => Stmt::Attr(attr(cx, p)),
        Rule::block => {
            let mut inner = p.into_inner();
            let kind = next_ident(cx, &mut inner, span);
            let (mut labels, mut block_kind, mut b) = (Vec::new(), None, None);
            for rest in inner {
                match rest.as_rule() {
                    Rule::label => {
                        if let Some(l) = rest.into_inner().next() {
                            let text = if l.as_rule() == Rule::string { string_text(cx, &l) } else { l.as_str().to_string() };
                            labels.push(Ident { name: text, span: cx.span(&l) });
                        }
                    }
                    Rule::block_kind => block_kind = rest.into_inner().next().map(|k| cx.ident(&k)),
                    Rule::body => b = Some(body(cx, rest)),
                    _ => {}
                }
            }
            let b = b.unwrap_or(Body { stmts: vec![], span });
            Stmt::Block(Block { kind, labels, block_kind, body: b, span })
        }
        _ => return None,
    })
}

fn attr(cx: &mut Cx, p: P) -> Attr {
    let span = cx.span(&p);
    let mut inner = p.into_inner();
    let key = match inner.next().and_then(|k| k.into_inner().next()) {
        Some(k) if k.as_rule() == Rule::string => Ident { name: string_text(cx, &k), span: cx.span(&k) },
        Some(k) => cx.ident(&k),
        None => Ident { name: String::new(), span },
    };
    let value = inner.next().map(|e| expr(cx, e)).unwrap_or(Expr { kind: ExprKind::Bool(false), span });
    Attr { key, value, span }
}

fn call_args(cx: &mut Cx, p: P) -> Vec<Arg> {
    p.into_inner()
        .map(|a| {
            let aspan = cx.span(&a);
            let mut name = None;
            let mut value = None;
            for part in a.into_inner() {
                if part.as_rule() == Rule::ident && value.is_none() && name.is_none() {
                    name = Some(cx.ident(&part));
                } else {
                    value = Some(expr(cx, part));
                }
            }
            match (name, value) {
                (n, Some(v)) => Arg { name: n, value: v },
                // The grammar requires a value in every argument; keep a safe fallback anyway.
                (Some(n), None) => Arg { name: None, value: Expr { kind: ExprKind::Ref(n.name.clone()), span: n.span } },
                (None, None) => Arg { name: None, value: Expr { kind: ExprKind::Bool(false), span: aspan } },
            }
        })
        .collect()
}

fn expr(cx: &mut Cx, p: P) -> Expr {
    let span = cx.span(&p);
    let kind = match p.as_rule() {
        Rule::string => ExprKind::Str(string_parts(cx, &p)),
        Rule::raw_string => ExprKind::Raw(p.into_inner().next().map(|i| i.as_str().to_string()).unwrap_or_default()),
        Rule::number => ExprKind::Number(p.as_str().to_string()),
        Rule::quantity => {
            let text = p.as_str();
            let unit_start = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(text.len());
            ExprKind::Quantity { number: text[..unit_start].to_string(), unit: text[unit_start..].to_string() }
        }
        Rule::boolean => ExprKind::Bool(p.as_str() == "true"),
        Rule::dotted => ExprKind::Ref(p.as_str().to_string()),
        Rule::dollar_ident => ExprKind::Dollar(p.as_str().to_string()),
        Rule::list => ExprKind::List(p.into_inner().map(|e| expr(cx, e)).collect()),
        Rule::object => ExprKind::Object(p.into_inner().map(|a| attr(cx, a)).collect()),
        Rule::call => {
            let mut inner = p.into_inner();
            let callee = next_ident(cx, &mut inner, span);
            let args = inner.next().map(|a| call_args(cx, a)).unwrap_or_default();
            ExprKind::Call { callee, args }
        }
        _ => ExprKind::Bool(false),
    };
    Expr { kind, span }
}

/// The unescaped text of a string literal, with `${...}` kept literally.
fn string_text(cx: &mut Cx, p: &P) -> String {
    string_parts(cx, p)
        .into_iter()
        .map(|part| match part {
            StrPart::Lit(s) => s,
            StrPart::Interp(i) => format!("${{{}}}", i.name),
        })
        .collect()
}

/// Splits a string literal into literal text and `${name}` interpolations, unescaping `\n`,
/// `\t`, `\"`, `\\` and `\$`.
fn string_parts(cx: &mut Cx, p: &P) -> Vec<StrPart> {
    let inner = p.clone().into_inner().next();
    let (raw, base) = match &inner {
        Some(i) => (i.as_str(), i.as_span().start() + cx.offset),
        None => ("", p.as_span().start() + cx.offset),
    };
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => lit.push('\n'),
                Some((_, 't')) => lit.push('\t'),
                Some((_, 'r')) => lit.push('\r'),
                Some((_, '"')) => lit.push('"'),
                Some((_, '\\')) => lit.push('\\'),
                Some((_, '$')) => lit.push('$'),
                Some((j, other)) => {
                    let d = Diagnostic::error(
                        "E0103",
                        Span::new(cx.file, base + i, base + j + other.len_utf8()),
                        format!("unknown escape `\\{other}`"),
                    )
                    .label("this escape")
                    .help("use one of \\n \\t \\r \\\" \\\\ \\$, or a \"\"\"raw string\"\"\"");
                    cx.diags.push(d);
                }
                None => {}
            },
            '$' if matches!(chars.peek(), Some((_, '{'))) => {
                chars.next();
                let start = i + 2;
                let mut end = None;
                for (j, c2) in chars.by_ref() {
                    if c2 == '}' {
                        end = Some(j);
                        break;
                    }
                }
                match end {
                    Some(end) => {
                        if !lit.is_empty() {
                            parts.push(StrPart::Lit(std::mem::take(&mut lit)));
                        }
                        let name = raw[start..end].trim().to_string();
                        parts.push(StrPart::Interp(Ident { name, span: Span::new(cx.file, base + start, base + end) }));
                    }
                    None => {
                        let d = Diagnostic::error("E0103", Span::new(cx.file, base + i, base + raw.len()), "unterminated `${` in string")
                            .label("opened here")
                            .help("close it with `}`, or write `\\${` for a literal `${`");
                        cx.diags.push(d);
                    }
                }
            }
            _ => lit.push(c),
        }
    }
    if !lit.is_empty() || parts.is_empty() {
        parts.push(StrPart::Lit(lit));
    }
    parts
}
