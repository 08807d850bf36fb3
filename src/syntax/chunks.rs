//! Parsing a file item by item: pieces that pest parses separately, on every core when large.
//!
//! [`scan`](super::scan) splits a file before each item keyword that begins a line at bracket
//! depth 0, outside strings, raw strings and comments. Each piece is parsed as a whole `file`
//! (`item*`) and its spans moved by its offset. When every piece parses, the result equals pest's
//! parse of the whole text, items and spans alike. Why, for one split of text T into A and B:
//!
//! - A parsing-expression grammar is deterministic: pest's run over T makes the same choices as
//!   its run over A alone until a match reads at offset |A|, where A alone has ended.
//! - A ends with a newline and blanks; B starts with a letter. A parsed, so its last item ends
//!   before the split and only whitespace and comments follow it.
//! - Matches that read at |A| in the run over A alone are: (1) whitespace and comments, which
//!   fail on B's first letter as they fail at the end of text; (2) what may follow the last token
//!   of A's last item at bracket depth 0: the next `item` (over T, B's first item, parsed as in B
//!   alone, since no rule looks behind where it starts), `EOI`, `as` after an import, `=` after a
//!   param's type and `(` after a name (a `call`): none of them matches an item keyword, which B
//!   starts with (no keyword begins with `as`), so they fail over T as at the end; (3) matches
//!   begun inside brackets or inside a token, which reach |A| only within a token that can hold
//!   a newline (A ends with one): a raw string, a block comment, or a string with an escaped
//!   newline (line comments end at a newline). The scanner reads these tokens as the grammar
//!   does and never splits inside one; where it might not see them as pest does (`"""` outside
//!   an expression, `//` or `/*` after a method), it stops splitting.
//! - Tokens end before A's final blanks, so their one-character lookaheads (`!ident_char`) read
//!   inside A, the same over T.
//!
//! So the run over T is the run over A, then the run over B. A piece that fails sends the whole
//! text to one pest parse ([`super::parse_whole`]), so syntax errors are exactly pest's. The
//! differential test `tests/chunked_parse.rs` compares both parses on every `.gw` file of the
//! repository, their prefixes and random edits.

use super::{ast, build, GwcParser, Rule};
use crate::diag::Diagnostic;
use crate::source::FileId;
use pest::Parser;

/// Files at least this large share their pieces among the cores: below it, starting a thread
/// costs more than it saves.
const PARALLEL_MIN_BYTES: usize = 64 * 1024;

/// `[start, end)` of each piece of `text` split at `splits`.
pub(super) fn pieces(text: &str, splits: &[usize]) -> Vec<(usize, usize)> {
    let starts = std::iter::once(0).chain(splits.iter().copied());
    let ends = splits.iter().copied().chain(std::iter::once(text.len()));
    starts.zip(ends).collect()
}

/// Parses `text` piece by piece; None when a piece fails (the caller parses the whole text).
/// A large text's pieces are shared among the cores (taken in turn, so a core that is busy with
/// other work does not hold back the rest).
pub(super) fn parse(file: FileId, text: &str, splits: &[usize]) -> Option<(ast::File, Vec<Diagnostic>)> {
    let pieces = pieces(text, splits);
    let parse_one = |&(start, end): &(usize, usize)| {
        let mut diags = Vec::new();
        parse_piece(file, &text[start..end], start, &mut diags).map(|items| (items, diags))
    };
    let parsed: Vec<_> = if text.len() >= PARALLEL_MIN_BYTES && pieces.len() > 1 {
        crate::parallel::parallel_map(&pieces, parse_one)
    } else {
        pieces.iter().map(parse_one).collect()
    };
    let (mut items, mut diags) = (Vec::new(), Vec::new());
    for piece in parsed {
        let (piece_items, piece_diags) = piece?;
        items.extend(piece_items);
        diags.extend(piece_diags);
    }
    Some((ast::File { items }, diags))
}

/// One piece's items, with spans `offset` bytes into `file`; None on a syntax error.
pub(super) fn parse_piece(file: FileId, piece: &str, offset: usize, diags: &mut Vec<Diagnostic>) -> Option<Vec<ast::Item>> {
    let mut pairs = GwcParser::parse(Rule::file, piece).ok()?;
    Some(pairs.next().map(|p| build::items(p, file, offset, diags)).unwrap_or_default())
}
