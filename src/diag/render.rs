//! Renders diagnostics for people (miette: colour on a tty, plain otherwise) and as JSON.

use super::{Diagnostic, Severity};
use crate::source::SourceMap;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceSpan, SpanContents};
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
    source: Excerpt<'a>,
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

/// A file's text for miette, borrowed, read near the span only: miette's own reading of a `str`
/// walks from the file's start, which made printing many diagnostics of a large file quadratic.
/// The excerpt is the same: miette reads a window that starts at a line start before the lines
/// it shows, and its line numbers and offsets are moved back to the whole file's.
struct Excerpt<'a> {
    name: &'a str,
    text: &'a str,
    /// The offsets just after each line break of `text` ([`line_break_ends`]).
    breaks: &'a [u32],
}

/// The offsets just after each line break, as miette counts them: `\n`, `\r\n`, a lone `\r`.
fn line_break_ends(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            out.push((i + 1) as u32);
        }
    }
    out
}

impl miette::SourceCode for Excerpt<'_> {
    fn read_span<'b>(&'b self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let bytes = self.text.as_bytes();
        // Start `before + 1` line breaks back from the span (or at the file's start), just after
        // a `\n`, so miette sees the same lines, columns and line breaks from there on.
        let mut start = span.offset().min(bytes.len());
        let mut breaks = 0;
        while start > 0 {
            if bytes[start - 1] == b'\n' {
                breaks += 1;
                if breaks > before + 1 {
                    break;
                }
            }
            start -= 1;
        }
        let lines_before = self.breaks.partition_point(|&b| b as usize <= start);
        let window = SourceSpan::new((span.offset() - start).into(), span.len());
        let inner = <str as miette::SourceCode>::read_span(&self.text[start..], &window, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + start).into(), inner.span().len()),
            inner.line() + lines_before,
            inner.column(),
            inner.line_count() + lines_before,
        )))
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

fn report<'a>(diag: &'a Diagnostic, sources: &'a SourceMap, breaks: &'a BreakIndex) -> Report<'a> {
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
                source: Excerpt { name: &other.name, text: &other.text, breaks: breaks.of(l.span.file) },
                labels: vec![labeled(l.span, "", true)],
                related: Vec::new(),
            });
        }
    }
    Report {
        diag,
        note: None,
        source: Excerpt { name: &file.name, text: &file.text, breaks: breaks.of(diag.primary.span.file) },
        labels,
        related,
    }
}

/// Each file's line breaks ([`line_break_ends`]) by file id, found once however many
/// diagnostics point into it.
struct BreakIndex(Vec<Vec<u32>>);

impl BreakIndex {
    fn new(sources: &SourceMap) -> Self {
        BreakIndex(sources.files.iter().map(|f| line_break_ends(&f.text)).collect())
    }
    fn of(&self, file: crate::source::FileId) -> &[u32] {
        self.0.get(file.0 as usize).map_or(&[], Vec::as_slice)
    }
}

/// Renders diagnostics with their source excerpts, reading each file's line breaks once (so
/// printing many diagnostics of one large file stays linear).
pub struct Renderer<'s> {
    sources: &'s SourceMap,
    handler: GraphicalReportHandler,
    breaks: BreakIndex,
}

impl<'s> Renderer<'s> {
    pub fn new(sources: &'s SourceMap, opts: RenderOptions) -> Self {
        let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_links(false);
        Renderer { sources, handler, breaks: BreakIndex::new(sources) }
    }

    /// One diagnostic with its source excerpt.
    pub fn render(&self, diag: &Diagnostic) -> String {
        let mut out = String::new();
        let r = report(diag, self.sources, &self.breaks);
        if self.handler.render_report(&mut out, &r).is_err() {
            out = format!("{}: {} [{}]\n", severity_word(diag.severity), diag.message, diag.code);
        }
        out
    }
}

/// Renders one diagnostic with its source excerpt (for many, use one [`Renderer`]).
pub fn render_human(diag: &Diagnostic, sources: &SourceMap, opts: RenderOptions) -> String {
    Renderer::new(sources, opts).render(diag)
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

#[cfg(test)]
mod tests {
    use super::Excerpt;
    use miette::{SourceCode, SourceSpan};

    /// The windowed excerpt reads exactly what miette reads from the whole text, at every
    /// offset, span length and context size, with `\n`, `\r\n` and lone `\r` line breaks.
    #[test]
    fn excerpt_reads_what_miette_reads_from_the_whole_text() {
        let text = "rest api a {\n  GET /x {\r\n    integration = mock()\r  }\n\n\n  stage prod { }\n}\r\n// end\nlast";
        let breaks = super::line_break_ends(text);
        let excerpt = Excerpt { name: "f.gw", text, breaks: &breaks };
        for offset in 0..=text.len() {
            for len in 0..4 {
                for (before, after) in [(0, 0), (1, 1), (2, 0), (0, 3), (3, 3)] {
                    let span = SourceSpan::new(offset.into(), len);
                    let want = <str as SourceCode>::read_span(text, &span, before, after);
                    let got = excerpt.read_span(&span, before, after);
                    match (want, got) {
                        (Ok(w), Ok(g)) => {
                            let at = format!("offset {offset} len {len} context {before}/{after}");
                            assert_eq!(g.data(), w.data(), "{at}");
                            assert_eq!(g.span(), w.span(), "{at}");
                            assert_eq!((g.line(), g.column(), g.line_count()), (w.line(), w.column(), w.line_count()), "{at}");
                            assert_eq!(g.name(), Some("f.gw"));
                        }
                        (Err(_), Err(_)) => {}
                        (w, g) => panic!("offset {offset} len {len}: miette {:?}, excerpt {:?}", w.is_ok(), g.is_ok()),
                    }
                }
            }
        }
    }
}
