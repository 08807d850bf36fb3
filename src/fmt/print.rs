//! The printer: tokens in, canonical text out; only whitespace and trailing commas change.

use super::lex::{Kind, Tok};
use super::INDENT;
use std::collections::HashSet;

/// An open bracket being printed.
struct Frame {
    /// Token index of the opening bracket (usize::MAX for the file itself).
    open: usize,
    close: usize,
    kind: u8,
    /// One element per line (else everything on one line).
    broken: bool,
    /// Indent of the element lines.
    inner: usize,
    /// Indent of the line the bracket opened on (where a broken container closes).
    outer: usize,
}

/// The output being built; indentation is written lazily so blank lines stay empty.
#[derive(Default)]
struct Out {
    s: String,
    line_indent: usize,
    at_line_start: bool,
}

impl Out {
    fn newline(&mut self, indent: usize, blank: bool) {
        self.line_indent = indent;
        self.at_line_start = true;
        self.s.truncate(self.s.trim_end_matches(' ').len());
        if self.s.is_empty() {
            return;
        }
        if !self.s.ends_with('\n') {
            self.s.push('\n');
        }
        if blank && !self.s.ends_with("\n\n") {
            self.s.push('\n');
        }
    }
    fn write(&mut self, sep: &str, text: &str) {
        if self.at_line_start {
            if !self.s.is_empty() || self.line_indent > 0 {
                self.s.push_str(&INDENT.repeat(self.line_indent));
            }
            self.at_line_start = false;
        } else if !self.s.is_empty() {
            self.s.push_str(sep);
        }
        self.s.push_str(text);
    }
}

/// The facts about each token that the printer precomputes.
struct Plan {
    /// Matching bracket of each open bracket.
    close_of: Vec<usize>,
    /// Whether an open bracket's container is printed one element per line.
    broken: Vec<bool>,
    /// Whether a token starts an element of the container it is directly in.
    elem: Vec<bool>,
    /// Trailing commas to add (after this token) in broken `( )` and `[ ]`.
    comma_after: Vec<bool>,
    /// Trailing commas to drop in one-line `( )` and `[ ]`.
    skip: Vec<bool>,
}

fn plan(toks: &[Tok], starts: &HashSet<usize>) -> Option<Plan> {
    let n = toks.len();
    let mut p = Plan {
        close_of: vec![usize::MAX; n],
        broken: vec![false; n],
        elem: vec![false; n],
        comma_after: vec![false; n],
        skip: vec![false; n],
    };
    // breaks[k] = line breaks before token k, counted over tokens 0..k (and inside block comments).
    let mut breaks = vec![0usize; n + 1];
    for (k, t) in toks.iter().enumerate() {
        let inside = usize::from(t.kind == Kind::BlockComment && t.text.contains('\n'));
        breaks[k + 1] = breaks[k] + usize::from(t.newlines_before > 0) + inside;
    }
    let mut stack: Vec<usize> = Vec::new();
    // Whether the next non-comment token starts an element of a `( )` / `[ ]` container.
    let mut comma_elem_next = false;
    for (k, t) in toks.iter().enumerate() {
        let parent = stack.last().map(|&o| toks[o].kind);
        if t.is_close() {
            let open = stack.pop()?;
            let matching = matches!(
                (toks[open].kind, t.kind),
                (Kind::Punct(b'{'), Kind::Punct(b'}')) | (Kind::Punct(b'('), Kind::Punct(b')')) | (Kind::Punct(b'['), Kind::Punct(b']'))
            );
            if !matching {
                return None;
            }
            p.close_of[open] = k;
            p.broken[open] = k > open + 1 && breaks[k + 1] > breaks[open + 1];
            if toks[open].kind != Kind::Punct(b'{') {
                trailing_comma(toks, open, k, p.broken[open], &mut p);
            }
            comma_elem_next = false;
            continue;
        }
        if !t.is_comment() {
            p.elem[k] = match parent {
                Some(Kind::Punct(b'(' | b'[')) => std::mem::replace(&mut comma_elem_next, false),
                _ => starts.contains(&t.start),
            };
            if matches!(parent, Some(Kind::Punct(b'(' | b'['))) && t.is(b',') {
                comma_elem_next = true;
            }
        }
        if t.is_open() {
            stack.push(k);
            comma_elem_next = !t.is(b'{');
        }
    }
    stack.is_empty().then_some(p)
}

/// Broken `( )` and `[ ]` end with a comma; one-line ones do not.
fn trailing_comma(toks: &[Tok], open: usize, close: usize, broken: bool, p: &mut Plan) {
    let Some(last) = (open + 1..close).rev().find(|&i| !toks[i].is_comment()) else { return };
    let before_last = (open + 1..last).rev().find(|&i| !toks[i].is_comment());
    match (broken, toks[last].is(b',')) {
        (true, false) => p.comma_after[last] = true,
        (false, true) if before_last.is_some() => p.skip[last] = true,
        _ => {}
    }
}

/// Whether a space separates two tokens on one line.
fn space_between(prev: &Tok, next: &Tok) -> bool {
    if matches!(next.kind, Kind::Punct(b',' | b')' | b']' | b':' | b'?')) {
        return false;
    }
    if prev.is(b'(') || prev.is(b'[') {
        return false;
    }
    if next.is(b'(') {
        return !matches!(prev.kind, Kind::Word | Kind::Path | Kind::Str);
    }
    true
}

/// Prints the tokens in canonical layout; None if the brackets do not match.
pub fn print(toks: &[Tok], starts: &HashSet<usize>) -> Option<String> {
    let plan = plan(toks, starts)?;
    let mut out = Out::default();
    let mut frames = vec![Frame { open: usize::MAX, close: usize::MAX, kind: 0, broken: true, inner: 0, outer: 0 }];
    let mut prev: Option<usize> = None;
    let mut pending_newline = false;
    // The previous token is a block comment that begins its line (`/* c */ x` stays together).
    let mut leading_block_comment = false;
    for (k, t) in toks.iter().enumerate() {
        if plan.skip[k] {
            continue;
        }
        let top = frames.last()?;
        let after_open = prev.is_some_and(|p| p == top.open);
        if t.is_close() && k == top.close {
            let sep = if top.kind == b'{' && !after_open { " " } else { "" };
            if top.broken {
                out.newline(top.outer, false);
            }
            out.write(sep, t.text);
            frames.pop();
            prev = Some(k);
            (pending_newline, leading_block_comment) = (false, false);
            continue;
        }
        if t.is_comment() {
            let own_line = t.newlines_before > 0 || pending_newline || prev.is_none();
            if own_line {
                let indent = if mid_statement(toks, &plan, k, top) { top.inner + 1 } else { top.inner };
                out.newline(indent, t.newlines_before >= 2 && !after_open);
            }
            // Two spaces before a line comment that follows code, one before a block comment.
            out.write(if t.kind == Kind::LineComment { "  " } else { " " }, t.text);
            pending_newline = t.kind == Kind::LineComment;
            leading_block_comment = own_line && t.kind == Kind::BlockComment;
            prev = Some(k);
            continue;
        }
        let mut sep = match prev {
            Some(p) if space_between(&toks[p], t) => " ",
            _ => "",
        };
        let glued = std::mem::take(&mut leading_block_comment) && t.newlines_before == 0;
        if plan.elem[k] && top.broken && !glued {
            out.newline(top.inner, t.newlines_before >= 2 && !after_open);
        } else if pending_newline {
            out.newline(top.inner + 1, false);
        } else if plan.elem[k] && !top.broken && top.kind == b'{' && !after_open && prev.is_some_and(|p| !toks[p].is(b',')) {
            sep = "  ";
        }
        out.write(sep, t.text);
        if plan.comma_after[k] {
            out.write("", ",");
        }
        pending_newline = false;
        prev = Some(k);
        if let Kind::Punct(b) = t.kind {
            if t.is_open() {
                let (broken, indent) = (plan.broken[k], out.line_indent);
                frames.push(Frame {
                    open: k,
                    close: plan.close_of[k],
                    kind: b,
                    broken,
                    inner: indent + usize::from(broken),
                    outer: indent,
                });
            }
        }
    }
    out.s.truncate(out.s.trim_end().len());
    if !out.s.is_empty() {
        out.s.push('\n');
    }
    Some(out.s)
}

/// Whether the comment at `k` sits inside a statement (the next token neither starts an element
/// nor closes the container), so that a comment line there is indented one level deeper.
fn mid_statement(toks: &[Tok], plan: &Plan, k: usize, top: &Frame) -> bool {
    match (k + 1..toks.len()).find(|&j| !toks[j].is_comment()) {
        None => false,
        Some(j) => !(plan.elem[j] || j == top.close),
    }
}
