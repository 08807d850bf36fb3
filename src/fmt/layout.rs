//! Where each element of a `{ }` list starts (items, statements, object entries), from the AST.
//!
//! The printer needs nothing else from the AST: `( )` and `[ ]` elements are found from their
//! commas, and every token's text comes from the source. A new statement or expression kind
//! needs one arm here (the compiler points at it) and no printer code.

use crate::syntax::ast::*;
use std::collections::HashSet;

/// Byte offsets where an item, a statement or an object entry starts.
pub fn element_starts(file: &File) -> HashSet<usize> {
    let mut out = HashSet::new();
    for item in &file.items {
        match item {
            Item::Import(i) => {
                out.insert(i.span.start as usize);
            }
            Item::Param(p) => {
                out.insert(p.span.start as usize);
                if let Some(e) = &p.default {
                    expr(e, &mut out);
                }
            }
            Item::Template(t) => {
                out.insert(t.span.start as usize);
                body(&t.body, &mut out);
            }
            Item::Api(a) => {
                out.insert(a.span.start as usize);
                body(&a.body, &mut out);
            }
            Item::Binding(b) => {
                out.insert(b.span.start as usize);
                expr(&b.value, &mut out);
            }
        }
    }
    out
}

fn body(b: &Body, out: &mut HashSet<usize>) {
    for s in &b.stmts {
        match s {
            Stmt::Route(r) => {
                out.insert(r.span.start as usize);
                body(&r.body, out);
            }
            Stmt::Use(u) => {
                out.insert(u.span.start as usize);
                u.args.iter().for_each(|a| expr(&a.value, out));
            }
            Stmt::RequestParam(p) => {
                out.insert(p.span.start as usize);
            }
            Stmt::Field(f) => {
                out.insert(f.span.start as usize);
                if let Some(b) = &f.body {
                    body(b, out);
                }
            }
            Stmt::Attr(a) => attr(a, out),
            Stmt::Block(b) => {
                out.insert(b.span.start as usize);
                body(&b.body, out);
            }
        }
    }
}

fn attr(a: &Attr, out: &mut HashSet<usize>) {
    out.insert(a.span.start as usize);
    expr(&a.value, out);
}

fn expr(e: &Expr, out: &mut HashSet<usize>) {
    match &e.kind {
        ExprKind::List(items) => items.iter().for_each(|i| expr(i, out)),
        ExprKind::Object(attrs) => attrs.iter().for_each(|a| attr(a, out)),
        ExprKind::Call { args, .. } => args.iter().for_each(|a| expr(&a.value, out)),
        ExprKind::Str(_)
        | ExprKind::Raw(_)
        | ExprKind::Number(_)
        | ExprKind::Quantity { .. }
        | ExprKind::Bool(_)
        | ExprKind::Ref(_)
        | ExprKind::Dollar(_) => {}
    }
}
