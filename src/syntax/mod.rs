//! Parsing: source text to [`ast::File`] through the pest grammar in `grammar/gwc.pest`.
//!
//! Terminology: a *pair* is pest's parse node; `build_*` functions turn one pair into one AST
//! node and never fail (the grammar already guarantees the shape). A syntax error ends parsing of
//! that file with one E0100 diagnostic, as pest stops at the first error.

pub mod ast;
mod build;
pub mod cache;
mod chunks;
mod scan;
pub mod spans;

pub(crate) use scan::path_len;

use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/gwc.pest"]
pub(crate) struct GwcParser;

/// The deepest nesting of `{`, `[` and `(` the parser accepts.
pub const MAX_NESTING: usize = 64;

/// Parses one file. On a syntax error the returned file is empty and one diagnostic says why.
///
/// The file is parsed item by item ([`chunks`]; on every core when it is large) and, if
/// any piece fails, as a whole, so that a syntax error is reported exactly as pest finds it in
/// the whole text.
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    match scan::scan(text) {
        Err(offset) => too_deep(file, offset),
        Ok(scan) => chunks::parse(file, text, &scan.splits).unwrap_or_else(|| parse_whole(file, text)),
    }
}

fn too_deep(file: FileId, offset: usize) -> (ast::File, Vec<Diagnostic>) {
    let d = Diagnostic::error("E0102", Span::new(file, offset, offset + 1), "nesting too deep")
        .label(format!("more than {MAX_NESTING} levels of brackets"))
        .help("flatten the structure; no API Gateway setting needs this depth");
    (ast::File::default(), vec![d])
}

/// The whole text in one pest parse: the reference that chunked parsing must equal.
#[doc(hidden)]
pub fn parse_whole(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    match GwcParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let mut diags = Vec::new();
            let items = match pairs.next() {
                Some(p) => build::items(p, file, 0, &mut diags),
                None => Vec::new(),
            };
            (ast::File { items }, diags)
        }
        Err(e) => (ast::File::default(), vec![syntax_error(file, text, e)]),
    }
}

/// The chunked parse alone: None when the text is nested too deep or any chunk fails (where
/// [`parse`] falls back to [`parse_whole`]). For the tests that compare the two.
#[doc(hidden)]
pub fn parse_chunks(file: FileId, text: &str) -> Option<(ast::File, Vec<Diagnostic>)> {
    chunks::parse(file, text, &scan::scan(text).ok()?.splits)
}

/// How many pieces [`parse`] splits `text` into (1 when nested too deep).
#[doc(hidden)]
pub fn piece_count(text: &str) -> usize {
    scan::scan(text).map_or(1, |s| s.splits.len() + 1)
}

fn syntax_error(file: FileId, text: &str, e: pest::error::Error<Rule>) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let (start, end) = match e.location {
        InputLocation::Pos(p) => (p, p),
        InputLocation::Span((s, e)) => (s, e),
    };
    let found = describe_found(text, start);
    // At the end of the file, point just after the last text rather than past the final
    // newline, where no source line would show the label.
    let start = if found.1 == 0 { start.min(text.trim_end().len()) } else { start };
    let end = if end > start { end } else { (start + found.1).min(text.len()) };
    let message = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut expected: Vec<&str> = positives.iter().filter_map(|r| rule_name(*r)).collect();
            expected.sort_unstable();
            expected.dedup();
            // Where any expression may start, say so once instead of listing each kind.
            if expected.contains(&"a list") && expected.contains(&"an object") {
                expected.retain(|e| !EXPRESSION_STARTS.contains(e));
                expected.push("a value");
                expected.sort_unstable();
            }
            if expected.is_empty() {
                format!("unexpected {}", found.0)
            } else {
                format!("expected {}, found {}", join_or(&expected), found.0)
            }
        }
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let help = if start >= text.trim_end().len() {
        "the file ends too early: a `{`, `[`, `(` or string is probably not closed"
    } else {
        "see docs/language.md for the syntax of each item"
    };
    Diagnostic::error("E0100", Span::new(file, start, end), message).label("here").help(help)
}

/// The `rule_name`s of everything that can start an expression.
const EXPRESSION_STARTS: &[&str] = &["`true` or `false`", "a `$name`", "a list", "a name", "a number", "a string", "an object", "`(`"];

fn describe_found(text: &str, at: usize) -> (String, usize) {
    let rest = text.get(at..).unwrap_or("");
    match rest.chars().next() {
        None => ("end of file".to_string(), 0),
        Some(c) if c.is_alphanumeric() || c == '_' => {
            let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let len = word.len();
            (format!("`{word}`"), len)
        }
        Some(c) => (format!("`{}`", c.escape_debug()), c.len_utf8()),
    }
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {}", rest.join(", "), last),
    }
}

/// User words for grammar rules; None hides a rule from "expected" lists.
fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::import => "`import`",
        Rule::param_decl => "`param`",
        Rule::template_decl => "`template`",
        Rule::api_decl | Rule::api_kind => "an API (`rest api NAME { ... }`)",
        Rule::binding | Rule::binding_kw => "a declaration (`let`, `function`, `role`, `log_group`)",
        Rule::body => "`{`",
        Rule::route | Rule::method => "a route (`GET /path { ... }`)",
        Rule::path => "a path starting with `/`",
        Rule::use_stmt => "`use`",
        Rule::request_param | Rule::param_loc => "a request parameter",
        Rule::field => "a field",
        Rule::attr | Rule::key => "a property (`name = value`)",
        Rule::block => "a block",
        Rule::label => "a label",
        Rule::block_kind => "`:`",
        Rule::call | Rule::call_args => "`(`",
        Rule::arg => "an argument",
        Rule::list => "a list",
        Rule::object => "an object",
        Rule::quantity | Rule::number | Rule::int => "a number",
        Rule::unit => "a unit",
        Rule::boolean => "`true` or `false`",
        Rule::string | Rule::raw_string => "a string",
        Rule::dotted | Rule::seg | Rule::ident | Rule::module_path => "a name",
        Rule::dollar_ident => "a `$name`",
        Rule::optional_mark => "`?`",
        _ => return None,
    })
}
