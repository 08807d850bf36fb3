//! Parsing: source text to [`ast::File`] through the pest grammar in `grammar/gwc.pest`.
//!
//! Terminology: a *pair* is pest's parse node; `build_*` functions turn one pair into one AST
//! node and never fail (the grammar already guarantees the shape). A syntax error ends parsing of
//! that file with one E0100 diagnostic, as pest stops at the first error.

pub mod ast;
mod build;

use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/gwc.pest"]
pub(crate) struct GwcParser;

/// The deepest nesting of `{`, `[` and `(` the parser accepts.
pub const MAX_NESTING: usize = 64;

/// Parses one file. On a syntax error the returned file is empty and one diagnostic says why.
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    if let Some(offset) = too_deep(text) {
        let d = Diagnostic::error("E0102", Span::new(file, offset, offset + 1), "nesting too deep")
            .label(format!("more than {MAX_NESTING} levels of brackets"))
            .help("flatten the structure; no API Gateway setting needs this depth");
        return (ast::File::default(), vec![d]);
    }
    match GwcParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let mut diags = Vec::new();
            let file_pair = pairs.next();
            let ast = match file_pair {
                Some(p) => build::file(p, file, &mut diags),
                None => ast::File::default(),
            };
            (ast, diags)
        }
        Err(e) => (ast::File::default(), vec![syntax_error(file, text, e)]),
    }
}

/// The offset where bracket nesting first passes [`MAX_NESTING`]. A small lexer that follows
/// the grammar's tokens: strings, raw strings, comments and route paths (after a method or `at`,
/// where `{`, `}` and `//` are path text) do not count.
fn too_deep(text: &str) -> Option<usize> {
    const PATH_STARTERS: &[&[u8]] = &[b"GET", b"POST", b"PUT", b"DELETE", b"PATCH", b"HEAD", b"OPTIONS", b"ANY", b"at"];
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    let mut last_word: &[u8] = b"";
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += 1;
                }
                i += 3;
                last_word = b"";
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                last_word = b"";
            }
            b'/' if PATH_STARTERS.contains(&last_word) => {
                // Exactly the grammar's `path`: literal characters, `/` and whole `{var}`s.
                while i < bytes.len() {
                    if bytes[i].is_ascii_alphanumeric() || b"-_.~$@:/".contains(&bytes[i]) {
                        i += 1;
                    } else if let Some(len) = path_var_len(&bytes[i..]) {
                        i += len;
                    } else {
                        break;
                    }
                }
                last_word = b"";
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !bytes[i..].starts_with(b"*/") {
                    i += 1;
                }
                i += 1;
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
                last_word = b"";
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                last_word = b"";
            }
            _ if is_word(b) => {
                let start = i;
                while i < bytes.len() && is_word(bytes[i]) {
                    i += 1;
                }
                last_word = &bytes[start..i];
                continue;
            }
            _ if b.is_ascii_whitespace() => {}
            _ => last_word = b"",
        }
        i += 1;
    }
    None
}

/// The length of the path variable (`{id}`, `{proxy+}`) at the start of `bytes`, if any.
fn path_var_len(bytes: &[u8]) -> Option<usize> {
    if bytes.first() != Some(&b'{') {
        return None;
    }
    let end = bytes.iter().position(|b| *b == b'}')?;
    bytes[1..end].iter().all(|b| b.is_ascii_alphanumeric() || b"-_.+".contains(b)).then_some(end + 1)
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
