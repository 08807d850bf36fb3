//! A parse cache for the language server: each piece's items kept by its text, so an edit re-parses only what it changed.

use super::spans::EachSpan;
use super::{ast, chunks, scan};
use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use std::collections::HashMap;

/// Parsed pieces (see [`chunks`]) by their text, with spans relative to the piece. Only looked
/// up, never iterated into output, so a HashMap's order does not matter.
#[derive(Default)]
pub struct ParseCache {
    pieces: HashMap<String, Cached>,
    /// Counts [`ParseCache::end_round`] calls; each piece remembers the last round that used it.
    round: u64,
}

struct Cached {
    items: Vec<ast::Item>,
    diags: Vec<Diagnostic>,
    round: u64,
}

impl ParseCache {
    /// [`super::parse`], reusing the pieces whose text it has parsed before (anywhere, in any
    /// file); the result is the same.
    pub fn parse(&mut self, file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
        let splits = match scan::scan(text) {
            Ok(scan) => scan.splits,
            Err(offset) => return super::too_deep(file, offset),
        };
        let (mut items, mut diags) = (Vec::new(), Vec::new());
        for (start, end) in chunks::pieces(text, &splits) {
            let piece = &text[start..end];
            if !self.pieces.contains_key(piece) {
                let mut piece_diags = Vec::new();
                let Some(piece_items) = chunks::parse_piece(file, piece, 0, &mut piece_diags) else {
                    return super::parse_whole(file, text);
                };
                self.pieces.insert(piece.to_string(), Cached { items: piece_items, diags: piece_diags, round: self.round });
            }
            let Some(cached) = self.pieces.get_mut(piece) else { return super::parse(file, text) };
            cached.round = self.round;
            let to = Move { file, by: start as u32 };
            items.extend(cached.items.iter().map(|item| {
                let mut item = item.clone();
                item.each_span(&mut |s| to.apply(s));
                item
            }));
            diags.extend(cached.diags.iter().map(|d| {
                let mut d = d.clone();
                to.apply(&mut d.primary.span);
                d.secondary.iter_mut().for_each(|l| to.apply(&mut l.span));
                d
            }));
        }
        (ast::File { items }, diags)
    }

    /// Ends one analysis: forgets the pieces it did not use (the text of an older version).
    pub fn end_round(&mut self) {
        let round = self.round;
        self.pieces.retain(|_, c| c.round == round);
        self.round += 1;
    }

    /// How many pieces are kept.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

/// Where a cached piece's spans go: into `file`, `by` bytes further.
#[derive(Clone, Copy)]
struct Move {
    file: FileId,
    by: u32,
}

impl Move {
    fn apply(self, span: &mut Span) {
        span.file = self.file;
        span.start += self.by;
        span.end += self.by;
    }
}
