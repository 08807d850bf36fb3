//! `gwc fmt`: the canonical layout of a source file, keeping every comment and the meaning.
//!
//! The style (docs/language.md, "Formatting"): two-space indentation; in a multi-line `{ }`,
//! `( )` or `[ ]`, one element (item, statement, entry, argument) per line; a bracketed list
//! written on one line stays on one line, with statements separated by two spaces; at most one
//! blank line is kept between elements; multi-line `( )` and `[ ]` end with a trailing comma.
//! Only whitespace and trailing commas change, never the text of a token.
//!
//! Comments are not in the AST (the grammar skips them), so the formatter lexes the source
//! itself ([`lex`]) and keeps each comment where it was relative to its neighbours: a comment on
//! its own line stays on its own line before the element that follows it, a comment after code
//! stays at the end of that line. The AST only says where elements start ([`layout`]).
//!
//! Every result is verified before it is returned: it must parse to the same AST (spans aside)
//! with the same comments, else [`FmtError::Unstable`] and the caller keeps the original.

mod layout;
pub mod lex;
mod print;

use crate::diag::Diagnostic;
use crate::source::FileId;

/// One level of indentation.
pub const INDENT: &str = "  ";

/// Why a file was not formatted.
#[derive(Debug, Clone)]
pub enum FmtError {
    /// The file does not parse; the diagnostics say why.
    Syntax(Vec<Diagnostic>),
    /// The formatter could not produce a layout that provably means the same (a formatter bug).
    Unstable,
}

/// Formats one source file. `file` is the id its diagnostics point into.
pub fn format(file: FileId, text: &str) -> Result<String, FmtError> {
    let (ast, diags) = crate::syntax::parse(file, text);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(FmtError::Syntax(diags));
    }
    let toks = lex::lex(text);
    if toks.iter().any(|t| t.kind == lex::Kind::Other) {
        return Err(FmtError::Unstable);
    }
    let starts = layout::element_starts(&ast);
    let out = print::print(&toks, &starts).ok_or(FmtError::Unstable)?;
    let (again, diags2) = crate::syntax::parse(file, &out);
    let same_ast = !diags2.iter().any(Diagnostic::is_error) && without_spans(again) == without_spans(ast);
    if !same_ast || comments(&out) != comments(text) {
        return Err(FmtError::Unstable);
    }
    Ok(out)
}

/// The comments of a text, in order.
fn comments(text: &str) -> Vec<&str> {
    lex::lex(text).into_iter().filter(|t| t.is_comment()).map(|t| t.text).collect()
}

/// An AST with every span emptied, to compare two ASTs by meaning.
fn without_spans(mut file: crate::syntax::ast::File) -> crate::syntax::ast::File {
    use crate::syntax::spans::EachSpan;
    file.items.each_span(&mut |s| *s = crate::source::Span::default());
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        match format(FileId(0), text) {
            Ok(s) => s,
            Err(e) => panic!("format failed: {e:?}\n{text}"),
        }
    }

    #[test]
    fn layout_basics() {
        let src = "rest api a{GET /x{integration=lambda_proxy(f,timeout:10s)}\n\n\n  stage prod{throttle{rate=5/s burst=10}}}";
        let want = "rest api a {\n  GET /x { integration = lambda_proxy(f, timeout: 10s) }\n\n  stage prod { throttle { rate = 5/s  burst = 10 } }\n}\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    #[test]
    fn comments_stay_where_they_were() {
        let src = "// head\nlet x = [ // first\n1,\n  /* two */ 2 ]   // after\n\n\n// tail\n";
        let want = "// head\nlet x = [  // first\n  1,\n  /* two */ 2,\n]  // after\n\n// tail\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    #[test]
    fn one_line_lists_lose_trailing_commas() {
        assert_eq!(fmt("let x = f(a, b,)"), "let x = f(a, b)\n");
        assert_eq!(fmt("let x = f(\na, b)"), "let x = f(\n  a,\n  b,\n)\n");
    }
}
