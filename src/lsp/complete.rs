//! Completion: keywords, the properties valid at the cursor, enum values and declared names.
//!
//! Properties and enum values come from the checker itself, so they can never drift from what
//! it accepts: the word at the cursor is replaced by a probe name that matches nothing, the
//! probe program is checked, and the checker's own E0205 ("… accepts: a, b") or E0303 ("use one
//! of a, b") diagnostic at the probe lists what is valid there.

use super::analysis::{analyze, Analysis};
use crate::fmt::lex::{lex, Kind};
use indexmap::IndexMap;
use lsp_types::{CompletionItem, CompletionItemKind};
use std::path::{Path, PathBuf};

/// A name no property or option is close to, so the checker lists every valid one.
const PROBE: &str = "zzzzzzzzzzzzzzzzzzzzzzzzzzzz";

const TOP_LEVEL: &[&str] =
    &["import", "param", "template", "rest api", "http api", "websocket api", "let", "function", "role", "log_group"];
const STATEMENTS: &[&str] = &["use", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY", "path", "query", "header"];

/// Completions at byte `offset` of the document at `path` (whose current text is in `open`).
pub fn complete(path: &Path, offset: usize, open: &IndexMap<PathBuf, String>, last: Option<&Analysis>) -> Vec<CompletionItem> {
    let Some(text) = open.get(path) else { return Vec::new() };
    let offset = offset.min(text.len());
    let is_word = |c: char| c.is_ascii_alphanumeric() || "_.-$".contains(c);
    let start = text[..offset].rfind(|c: char| !is_word(c)).map_or(0, |i| i + 1);
    let end = text[offset..].find(|c: char| !is_word(c)).map_or(text.len(), |i| offset + i);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..start].trim_end();
    let depth: i64 = lex(&text[..start])
        .iter()
        .map(|t| match t.kind {
            Kind::Punct(b'{' | b'(' | b'[') => 1,
            Kind::Punct(b'}' | b')' | b']') => -1,
            _ => 0,
        })
        .sum();
    let mut items = Vec::new();
    if before.ends_with('=') {
        let probed = probe(path, open, text, start, end, PROBE);
        items.extend(
            listed(probed.as_ref(), start, "E0303", "use one of ").into_iter().map(|v| item(v, CompletionItemKind::ENUM_MEMBER, "option")),
        );
        items.extend(names(probed.as_ref().or(last)));
    } else if before.ends_with('(') || before.ends_with(',') || before.ends_with(':') {
        items.extend(names(last));
    } else if depth <= 0 {
        items.extend(TOP_LEVEL.iter().map(|k| item(k.to_string(), CompletionItemKind::KEYWORD, "keyword")));
    } else if before.is_empty() || before.ends_with('{') || before.ends_with('}') {
        let probed = probe(path, open, text, start, end, &format!("{PROBE} = 0"));
        items.extend(
            listed(probed.as_ref(), start, "E0205", " accepts: ")
                .into_iter()
                .map(|p| item(p, CompletionItemKind::PROPERTY, "property or block")),
        );
        items.extend(STATEMENTS.iter().map(|k| item(k.to_string(), CompletionItemKind::KEYWORD, "keyword")));
    }
    items
}

fn item(label: String, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem { label, kind: Some(kind), detail: Some(detail.to_string()), ..Default::default() }
}

/// Checks the document with `text[start..end]` replaced by `with`.
fn probe(path: &Path, open: &IndexMap<PathBuf, String>, text: &str, start: usize, end: usize, with: &str) -> Option<Analysis> {
    let mut probed = open.clone();
    probed.insert(path.to_path_buf(), format!("{}{with}{}", &text[..start], &text[end..]));
    analyze(path, &probed)
}

/// The names a checker diagnostic with `code` at the probe (`start`) lists after `marker`.
fn listed(a: Option<&Analysis>, start: usize, code: &str, marker: &str) -> Vec<String> {
    let Some(a) = a else { return Vec::new() };
    let root = a.root();
    let found = a.diagnostics().iter().find(|d| d.code == code && d.primary.span.file == root && d.primary.span.start as usize == start);
    let help = found.and_then(|d| d.help.as_deref()).unwrap_or("");
    match help.find(marker) {
        Some(i) => help[i + marker.len()..]
            .split(", ")
            .map(|s| s.trim_matches(|c: char| c == '`' || c == '.').to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        None => Vec::new(),
    }
}

/// The names visible in the document: its own declarations, its APIs' named blocks, and the
/// declarations of the modules it imports (as `alias.name`).
fn names(a: Option<&Analysis>) -> Vec<CompletionItem> {
    let Some(a) = a else { return Vec::new() };
    let root = a.ws.root.0;
    let imports = &a.ws.modules[root].imports;
    let mut out: Vec<CompletionItem> = Vec::new();
    for d in &a.index.decls {
        if matches!(d.kind.as_str(), "api" | "import") {
            continue;
        }
        let kind = match d.kind.as_str() {
            "function" | "template" => CompletionItemKind::FUNCTION,
            "param" => CompletionItemKind::CONSTANT,
            "let" | "role" | "log_group" => CompletionItemKind::VARIABLE,
            _ => CompletionItemKind::REFERENCE,
        };
        if d.module == root {
            out.push(item(d.name.clone(), kind, &d.kind));
        } else if d.api.is_none() {
            // Only the shortest alias of each imported module (`logging` rather than `std.logging`).
            let alias = imports.iter().filter(|(_, m)| m.0 == d.module).map(|(k, _)| k).min_by_key(|k| k.len());
            if let Some(alias) = alias {
                out.push(item(format!("{alias}.{}", d.name), kind, &d.kind));
            }
        }
    }
    out
}
