//! Completion: the keywords, properties, enum values and declared names valid at the cursor.
//!
//! Properties and enum values come from the checker itself, so they can never drift from what
//! it accepts: the word at the cursor is replaced by a probe name that matches nothing, the
//! probe program is checked, and the checker's own E0205 ("… accepts: a, b") or E0303 ("use one
//! of a, b") diagnostic at the probe lists what is valid there.

use super::analysis::{analyze, Analysis};
use crate::fmt::lex::{lex, Kind};
use crate::model::ApiKind;
use crate::syntax::ast;
use indexmap::IndexMap;
use lsp_types::{CompletionItem, CompletionItemKind};
use std::path::{Path, PathBuf};

/// A name no property or option is close to, so the checker lists every valid one.
const PROBE: &str = "zzzzzzzzzzzzzzzzzzzzzzzzzzzz";

const TOP_LEVEL: &[&str] =
    &["import", "param", "template", "rest api", "http api", "websocket api", "let", "function", "role", "log_group"];
/// Route methods: routes of REST and HTTP API bodies (and templates).
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"];
/// Request parameter declarations: statements of REST routes.
const REQUEST_PARAMS: &[&str] = &["path", "query", "header"];

/// The body the cursor is in, as far as keywords go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    /// An API's own body (`kind`) or a template's (`None`: any kind may use it).
    Api(Option<ApiKind>),
    /// A route's body, in an API of `kind` (`None`: in a template).
    Route(Option<ApiKind>),
    /// Any other block (stage, integration, authorizer, ...): properties and blocks only.
    Other,
}

/// The innermost body of `file` that holds `offset`.
fn body_at(file: &ast::File, offset: usize) -> Option<Body> {
    let inside = |b: &ast::Body| (b.span.start as usize) < offset && offset < b.span.end as usize;
    let (kind, body) = file.items.iter().find_map(|i| match i {
        ast::Item::Api(a) if inside(&a.body) => Some((api_kind(&a.kind.name), &a.body)),
        ast::Item::Template(t) if inside(&t.body) => Some((None, &t.body)),
        _ => None,
    })?;
    let nested = body.stmts.iter().find_map(|s| match s {
        ast::Stmt::Route(r) if inside(&r.body) => Some((true, &r.body)),
        ast::Stmt::Block(b) if inside(&b.body) => Some((false, &b.body)),
        _ => None,
    });
    Some(match nested {
        None => Body::Api(kind),
        Some((true, route)) => {
            let deeper = route.stmts.iter().any(|s| matches!(s, ast::Stmt::Block(b) if inside(&b.body)));
            if deeper {
                Body::Other
            } else {
                Body::Route(kind)
            }
        }
        Some((false, _)) => Body::Other,
    })
}

fn api_kind(word: &str) -> Option<ApiKind> {
    [ApiKind::Rest, ApiKind::Http, ApiKind::Websocket].into_iter().find(|k| k.word() == word)
}

/// The statement keywords valid in `body`: `use` and route methods in API bodies (no methods in
/// a WebSocket API, whose routes are `route KEY { }` blocks), request parameter declarations in
/// REST routes.
fn keywords(body: Body) -> Vec<&'static str> {
    match body {
        Body::Api(Some(ApiKind::Websocket)) => vec!["use"],
        Body::Api(_) => std::iter::once("use").chain(METHODS.iter().copied()).collect(),
        Body::Route(None | Some(ApiKind::Rest)) => REQUEST_PARAMS.to_vec(),
        Body::Route(_) | Body::Other => Vec::new(),
    }
}

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
        // Keywords from the probe's syntax tree (the probe is a property there). When the
        // document does not parse, every statement keyword.
        let body = probed.as_ref().and_then(|a| body_at(&a.ws.modules[a.ws.root.0].ast, start));
        let words = match body {
            Some(b) => keywords(b),
            None => std::iter::once("use").chain(METHODS.iter().copied()).chain(REQUEST_PARAMS.iter().copied()).collect(),
        };
        items.extend(words.into_iter().map(|k| item(k.to_string(), CompletionItemKind::KEYWORD, "keyword")));
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
