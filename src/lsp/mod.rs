//! `gwc lsp`: a language server over stdio (JSON-RPC via `lsp-server`, synchronous).
//!
//! Each open document is re-checked (parse, check, lint) on open and on every change, parsing
//! again only the top-level items the change touched (see `benches/lsp.rs` for timings), and its
//! diagnostics are published. Requests are answered from the latest analysis.

pub mod analysis;
mod complete;
mod features;
pub mod index;

use analysis::{analyze_cached, Analysis, Lines};
use indexmap::IndexMap;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _, PublishDiagnostics};
use lsp_types::request::{Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References, Request as _};
use lsp_types::*;
use serde_json::Value;
use std::path::PathBuf;

/// Runs the server on stdin/stdout until the client says `exit`; returns the exit status.
pub fn run() -> i32 {
    let (conn, io) = Connection::stdio();
    let caps = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions { trigger_characters: Some(vec!["=".into(), ".".into()]), ..Default::default() }),
        ..Default::default()
    };
    let caps = serde_json::to_value(caps).unwrap_or(Value::Null);
    let info = serde_json::json!({ "name": "gwc", "version": env!("CARGO_PKG_VERSION") });
    if let Err(e) = initialize(&conn, caps, info) {
        eprintln!("gwc lsp: {e}");
        return 1;
    }
    let mut server = Server { conn: &conn, open: IndexMap::new(), analyses: IndexMap::new(), parse_caches: IndexMap::new() };
    let status = server.serve();
    drop(conn);
    let _ = io.join();
    status
}

fn initialize(conn: &Connection, caps: Value, info: Value) -> Result<(), String> {
    let (id, _params) = conn.initialize_start().map_err(|e| e.to_string())?;
    conn.initialize_finish(id, serde_json::json!({ "capabilities": caps, "serverInfo": info })).map_err(|e| e.to_string())
}

struct Server<'c> {
    conn: &'c Connection,
    /// Open documents: path → current text (what the checker reads instead of the disk).
    open: IndexMap<PathBuf, String>,
    analyses: IndexMap<PathBuf, Analysis>,
    /// Per open document, its parsed top-level items by text: an edit re-parses only the
    /// items it changed.
    parse_caches: IndexMap<PathBuf, crate::syntax::cache::ParseCache>,
}

/// The path a document URI stands for; unsaved documents get a stable made-up path.
fn path_of(uri: &Url) -> PathBuf {
    uri.to_file_path().unwrap_or_else(|_| PathBuf::from(format!("/untitled/{}", uri.as_str().replace(['/', ':'], "_"))))
}

impl Server<'_> {
    fn serve(&mut self) -> i32 {
        while let Ok(msg) = self.conn.receiver.recv() {
            match msg {
                Message::Request(req) => {
                    if self.conn.handle_shutdown(&req).unwrap_or(true) {
                        return 0;
                    }
                    let resp = self.request(req);
                    if self.conn.sender.send(Message::Response(resp)).is_err() {
                        return 1;
                    }
                }
                Message::Notification(n) => {
                    if n.method == "exit" {
                        return 1; // exit before shutdown
                    }
                    self.notification(n);
                }
                Message::Response(_) => {}
            }
        }
        0
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    self.update(p.text_document.uri, p.text_document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    // Full sync: the last change holds the whole text.
                    if let Some(c) = p.content_changes.into_iter().last() {
                        self.update(p.text_document.uri, c.text);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    let path = path_of(&p.text_document.uri);
                    self.open.shift_remove(&path);
                    self.analyses.shift_remove(&path);
                    self.parse_caches.shift_remove(&path);
                    self.publish(p.text_document.uri, Vec::new());
                }
            }
            _ => {}
        }
    }

    /// Stores the new text, re-checks the document and publishes its diagnostics.
    fn update(&mut self, uri: Url, text: String) {
        let path = path_of(&uri);
        self.open.insert(path.clone(), text);
        let cache = self.parse_caches.entry(path.clone()).or_default();
        let Some(a) = analyze_cached(&path, &self.open, Some(cache)) else { return };
        let diags = lsp_diagnostics(&a);
        let previous = self.analyses.insert(path, a);
        self.publish(uri, diags);
        // Freeing the previous analysis (about a millisecond for 1,000 routes) waits until the
        // diagnostics are out.
        drop(previous);
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams { uri, diagnostics, version: None };
        let n = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        let _ = self.conn.sender.send(Message::Notification(n));
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            HoverRequest::METHOD => self.at::<HoverParams, _>(
                req,
                |p| &p.text_document_position_params,
                |a, o, _| {
                    features::hover(a, o).map(|(md, span)| {
                        let lines = Lines::new(&a.sources.get(a.root()).text);
                        Hover {
                            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
                            range: Some(lines.range(span.start as usize, span.end as usize)),
                        }
                    })
                },
            ),
            GotoDefinition::METHOD => self.at::<GotoDefinitionParams, _>(
                req,
                |p| &p.text_document_position_params,
                |a, o, _| features::definition(a, o).map(GotoDefinitionResponse::Scalar),
            ),
            References::METHOD => self.at::<ReferenceParams, _>(
                req,
                |p| &p.text_document_position,
                |a, o, p| Some(features::references(a, o, p.context.include_declaration)),
            ),
            DocumentSymbolRequest::METHOD => match serde_json::from_value::<DocumentSymbolParams>(req.params) {
                Ok(p) => Ok(self
                    .analyses
                    .get(&path_of(&p.text_document.uri))
                    .map(|a| DocumentSymbolResponse::Nested(features::symbols(a)))
                    .map_or(Value::Null, to_json)),
                Err(e) => Err(e.to_string()),
            },
            Formatting::METHOD => match serde_json::from_value::<DocumentFormattingParams>(req.params) {
                Ok(p) => Ok(self.format(&p.text_document.uri).map_or(Value::Null, to_json)),
                Err(e) => Err(e.to_string()),
            },
            Completion::METHOD => match serde_json::from_value::<CompletionParams>(req.params) {
                Ok(p) => {
                    let path = path_of(&p.text_document_position.text_document.uri);
                    let offset = self.open.get(&path).map(|t| Lines::new(t).offset(p.text_document_position.position)).unwrap_or(0);
                    let items = complete::complete(&path, offset, &self.open, self.analyses.get(&path));
                    Ok(to_json(CompletionResponse::Array(items)))
                }
                Err(e) => Err(e.to_string()),
            },
            _ => return Response::new_err(id, ErrorCode::MethodNotFound as i32, format!("gwc lsp does not support {}", req.method)),
        };
        match result {
            Ok(v) => Response::new_ok(id, v),
            Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
        }
    }

    /// Answers a request about a position in an open document.
    fn at<P, R>(
        &self,
        req: Request,
        pos: impl Fn(&P) -> &TextDocumentPositionParams,
        f: impl Fn(&Analysis, usize, &P) -> Option<R>,
    ) -> Result<Value, String>
    where
        P: serde::de::DeserializeOwned,
        R: serde::Serialize,
    {
        let params: P = serde_json::from_value(req.params).map_err(|e| e.to_string())?;
        let tdp = pos(&params);
        let Some(a) = self.analyses.get(&path_of(&tdp.text_document.uri)) else { return Ok(Value::Null) };
        let offset = Lines::new(&a.sources.get(a.root()).text).offset(tdp.position);
        Ok(f(a, offset, &params).map_or(Value::Null, to_json))
    }

    /// One edit replacing the whole document, or none when it is formatted or does not parse.
    fn format(&self, uri: &Url) -> Option<Vec<TextEdit>> {
        let text = self.open.get(&path_of(uri))?;
        let formatted = crate::fmt::format(crate::source::FileId(0), text).ok()?;
        if &formatted == text {
            return Some(Vec::new());
        }
        let lines = Lines::new(text);
        Some(vec![TextEdit { range: lines.range(0, text.len()), new_text: formatted }])
    }
}

fn to_json<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The document's own diagnostics, with codes, help and related locations.
fn lsp_diagnostics(a: &Analysis) -> Vec<lsp_types::Diagnostic> {
    let root = a.root();
    let lines = Lines::new(&a.sources.get(root).text);
    a.diagnostics()
        .iter()
        .filter(|d| d.primary.span.file == root)
        .map(|d| {
            let severity = match d.severity {
                crate::diag::Severity::Error => DiagnosticSeverity::ERROR,
                crate::diag::Severity::Warning => DiagnosticSeverity::WARNING,
                crate::diag::Severity::Note => DiagnosticSeverity::INFORMATION,
            };
            let mut message = d.message.clone();
            if !d.primary.text.is_empty() {
                message.push_str(&format!(": {}", d.primary.text));
            }
            if let Some(h) = &d.help {
                message.push_str(&format!("\nhelp: {h}"));
            }
            let related: Vec<DiagnosticRelatedInformation> = d
                .secondary
                .iter()
                .filter_map(|l| Some(DiagnosticRelatedInformation { location: features::location(a, l.span)?, message: l.text.clone() }))
                .collect();
            lsp_types::Diagnostic {
                range: lines.range(d.primary.span.start as usize, d.primary.span.end as usize),
                severity: Some(severity),
                code: Some(NumberOrString::String(d.code.to_string())),
                source: Some("gwc".into()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                ..Default::default()
            }
        })
        .collect()
}
