//! One analysis of an open document: its workspace (the document and what it imports, open
//! documents read from memory), the checked Model, diagnostics, and the name index.

use super::index::Index;
use crate::check::load::{self, Workspace};
use crate::check::Checked;
use crate::diag::Diagnostic;
use crate::source::{FileId, FsLoader, LoadError, SourceLoader, SourceMap};
use crate::syntax::cache::ParseCache;
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

/// Reads open documents from memory and everything else from disk.
pub struct Overlay<'a> {
    pub open: &'a IndexMap<PathBuf, String>,
}

impl SourceLoader for Overlay<'_> {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        match self.open.get(path) {
            Some(text) => Ok(text.clone()),
            None => FsLoader.load(path),
        }
    }
}

/// Everything the server knows about one document after a check.
pub struct Analysis {
    pub sources: SourceMap,
    pub ws: Workspace,
    pub checked: Checked,
    pub index: Index,
}

impl Analysis {
    /// The id of the document itself.
    pub fn root(&self) -> FileId {
        self.ws.modules[self.ws.root.0].file
    }
    /// Errors and warnings, sorted.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.checked.diagnostics
    }
}

/// Loads, parses and checks the document at `path` (its text is in `open`). None only when the
/// document itself cannot be read.
pub fn analyze(path: &Path, open: &IndexMap<PathBuf, String>) -> Option<Analysis> {
    analyze_cached(path, open, None)
}

/// [`analyze`], parsing through the document's `cache` (kept between edits by the server): only
/// the top-level items whose text changed are parsed again. The analysis is the same.
pub fn analyze_cached(path: &Path, open: &IndexMap<PathBuf, String>, mut cache: Option<&mut ParseCache>) -> Option<Analysis> {
    let mut sources = SourceMap::default();
    let mut diags = Vec::new();
    let ws = load::load_cached(path, &Overlay { open }, &mut sources, &mut diags, cache.as_deref_mut());
    if let Some(cache) = cache {
        cache.end_round();
    }
    let ws = ws.ok()?;
    let mut checked = crate::check::check(&ws);
    diags.append(&mut checked.diagnostics);
    if !diags.iter().any(crate::diag::Diagnostic::is_error) {
        diags.extend(lint(path, &checked.program, &mut sources));
    }
    crate::diag::sort_and_dedup(&mut diags);
    checked.diagnostics = diags;
    let index = Index::build(&ws);
    Some(Analysis { sources, ws, checked, index })
}

/// The linter's findings for a clean program, under the `gwc.toml` that governs `path` (as
/// `gwc lint` finds it); problems in the config itself are reported too.
fn lint(path: &Path, program: &crate::model::Program, sources: &mut SourceMap) -> Vec<crate::diag::Diagnostic> {
    use crate::lint::config::{discover, Config};
    let mut out = Vec::new();
    let config = match discover(path) {
        None => Config::default(),
        Some(p) => match std::fs::read_to_string(&p) {
            Ok(text) => {
                let id =
                    sources.add(crate::source::SourceFile { name: p.display().to_string(), text: text.clone(), path: Some(p.clone()) });
                let (config, diags) = Config::parse(&text, id, p.parent().and_then(|d| std::path::absolute(d).ok()));
                if !diags.is_empty() {
                    return diags;
                }
                config
            }
            Err(_) => Config::default(),
        },
    };
    let settings = config.resolve(Some(path));
    let targets = [crate::lint::Target { program, settings: &settings }];
    out.extend(crate::lint::run(&targets, sources).diagnostics);
    out
}

/// Byte offsets ↔ LSP positions (lines and UTF-16 columns) in one text.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }
    pub fn position(&self, offset: usize) -> lsp_types::Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[line];
        let col: usize = self.text.get(start..offset).map_or(0, |s| s.chars().map(char::len_utf16).sum());
        lsp_types::Position { line: line as u32, character: col as u32 }
    }
    pub fn offset(&self, pos: lsp_types::Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return self.text.len() };
        let end = self.starts.get(pos.line as usize + 1).copied().unwrap_or(self.text.len());
        let mut units = 0usize;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= pos.character as usize || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
    pub fn range(&self, start: usize, end: usize) -> lsp_types::Range {
        lsp_types::Range { start: self.position(start), end: self.position(end) }
    }
}
