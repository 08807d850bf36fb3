//! A visitor over every span of a syntax tree.

use super::ast;
use crate::source::Span;

/// Visits every span of a node (to move a cached piece, or to forget positions when comparing
/// two trees by meaning).
pub trait EachSpan {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span));
}

impl EachSpan for Span {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        f(self);
    }
}

impl<T: EachSpan> EachSpan for Vec<T> {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        self.iter_mut().for_each(|x| x.each_span(f));
    }
}

impl<T: EachSpan> EachSpan for Option<T> {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        if let Some(x) = self {
            x.each_span(f);
        }
    }
}

impl EachSpan for ast::Ident {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        self.span.each_span(f);
    }
}

impl EachSpan for ast::Item {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            ast::Item::Import(i) => {
                match &mut i.target {
                    ast::ImportTarget::Module(m) | ast::ImportTarget::File(m) => m.each_span(f),
                }
                i.alias.each_span(f);
                i.span.each_span(f);
            }
            ast::Item::Param(p) => {
                p.name.each_span(f);
                p.ty.each_span(f);
                p.default.each_span(f);
                p.span.each_span(f);
            }
            ast::Item::Template(t) => {
                t.name.each_span(f);
                t.params.each_span(f);
                t.body.each_span(f);
                t.span.each_span(f);
            }
            ast::Item::Api(a) => {
                a.kind.each_span(f);
                a.name.each_span(f);
                a.body.each_span(f);
                a.span.each_span(f);
            }
            ast::Item::Binding(b) => {
                b.keyword.each_span(f);
                b.name.each_span(f);
                b.value.each_span(f);
                b.span.each_span(f);
            }
        }
    }
}

impl EachSpan for ast::Body {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        self.stmts.each_span(f);
        self.span.each_span(f);
    }
}

impl EachSpan for ast::Stmt {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            ast::Stmt::Route(r) => {
                r.method.each_span(f);
                r.path.each_span(f);
                r.body.each_span(f);
                r.span.each_span(f);
            }
            ast::Stmt::Use(u) => {
                u.template.each_span(f);
                u.args.each_span(f);
                u.at.each_span(f);
                u.span.each_span(f);
            }
            ast::Stmt::RequestParam(p) => {
                p.location.each_span(f);
                p.name.each_span(f);
                p.ty.each_span(f);
                p.span.each_span(f);
            }
            ast::Stmt::Field(field) => {
                field.name.each_span(f);
                field.ty.each_span(f);
                field.body.each_span(f);
                field.span.each_span(f);
            }
            ast::Stmt::Attr(a) => a.each_span(f),
            ast::Stmt::Block(b) => {
                b.kind.each_span(f);
                b.labels.each_span(f);
                b.block_kind.each_span(f);
                b.body.each_span(f);
                b.span.each_span(f);
            }
        }
    }
}

impl EachSpan for ast::Attr {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        self.key.each_span(f);
        self.value.each_span(f);
        self.span.each_span(f);
    }
}

impl EachSpan for ast::Arg {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        self.name.each_span(f);
        self.value.each_span(f);
    }
}

impl EachSpan for ast::Expr {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        self.span.each_span(f);
        match &mut self.kind {
            ast::ExprKind::Str(parts) => parts.iter_mut().for_each(|p| {
                if let ast::StrPart::Interp(i) = p {
                    i.each_span(f);
                }
            }),
            ast::ExprKind::List(items) => items.each_span(f),
            ast::ExprKind::Object(attrs) => attrs.each_span(f),
            ast::ExprKind::Call { callee, args } => {
                callee.each_span(f);
                args.each_span(f);
            }
            ast::ExprKind::Raw(_)
            | ast::ExprKind::Number(_)
            | ast::ExprKind::Quantity { .. }
            | ast::ExprKind::Bool(_)
            | ast::ExprKind::Ref(_)
            | ast::ExprKind::Dollar(_) => {}
        }
    }
}
