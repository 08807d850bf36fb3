//! Renders diagnostics for people (miette: colour on a tty, plain otherwise) and as JSON.

use super::{Diagnostic, Severity};
use crate::source::SourceMap;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde_json::json;

/// How to render for people.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
}

struct Report<'a> {
    diag: &'a Diagnostic,
    /// For a secondary label in another file: its text, shown as a note of its own (no code,
    /// no help), so the main message is not printed twice.
    note: Option<String>,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report<'a>>,
}

impl std::fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diag.message)
    }
}
impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.note.as_deref().unwrap_or(&self.diag.message))
    }
}
impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        if self.note.is_some() {
            return None;
        }
        Some(Box::new(self.diag.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        if self.note.is_some() {
            return Some(miette::Severity::Advice);
        }
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        if self.note.is_some() {
            return None;
        }
        self.diag.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.clone().into_iter()))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
    }
}

fn labeled(span: crate::source::Span, text: &str, primary: bool) -> LabeledSpan {
    let len = (span.end - span.start) as usize;
    let text = if text.is_empty() { None } else { Some(text.to_string()) };
    if primary {
        LabeledSpan::new_primary_with_span(text, (span.start as usize, len))
    } else {
        LabeledSpan::new_with_span(text, (span.start as usize, len))
    }
}

fn report<'a>(diag: &'a Diagnostic, sources: &SourceMap) -> Report<'a> {
    let file = sources.get(diag.primary.span.file);
    let mut labels = vec![labeled(diag.primary.span, &diag.primary.text, true)];
    let mut related = Vec::new();
    for l in &diag.secondary {
        if l.span.file == diag.primary.span.file {
            labels.push(labeled(l.span, &l.text, false));
        } else {
            let other = sources.get(l.span.file);
            related.push(Report {
                diag,
                note: Some(if l.text.is_empty() { "related location".to_string() } else { l.text.clone() }),
                source: NamedSource::new(other.name.clone(), other.text.clone()),
                labels: vec![labeled(l.span, "", true)],
                related: Vec::new(),
            });
        }
    }
    Report { diag, note: None, source: NamedSource::new(file.name.clone(), file.text.clone()), labels, related }
}

/// Renders one diagnostic with its source excerpt.
pub fn render_human(diag: &Diagnostic, sources: &SourceMap, opts: RenderOptions) -> String {
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_links(false);
    let mut out = String::new();
    let r = report(diag, sources);
    if handler.render_report(&mut out, &r).is_err() {
        out = format!("{}: {} [{}]\n", severity_word(diag.severity), diag.message, diag.code);
    }
    out
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// All diagnostics as one JSON document for machines.
pub fn render_json(diags: &[Diagnostic], sources: &SourceMap) -> serde_json::Value {
    let label = |l: &super::Label| {
        let file = sources.get(l.span.file);
        let (line, column) = sources.line_col(l.span.file, l.span.start);
        let (end_line, end_column) = sources.line_col(l.span.file, l.span.end);
        json!({
            "file": file.name, "start": l.span.start, "end": l.span.end,
            "line": line, "column": column, "end_line": end_line, "end_column": end_column,
            "text": l.text,
        })
    };
    let items: Vec<_> = diags
        .iter()
        .map(|d| {
            json!({
                "code": d.code,
                "severity": d.severity,
                "message": d.message,
                "primary": label(&d.primary),
                "secondary": d.secondary.iter().map(label).collect::<Vec<_>>(),
                "help": d.help,
            })
        })
        .collect();
    json!({ "diagnostics": items })
}
