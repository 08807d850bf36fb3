//! Renders lint results for machines: SARIF 2.1.0, GitHub workflow commands and JUnit XML.

use super::registry::{doc_section, doc_text, find, rules, Level};
use crate::diag::{codes, Diagnostic, Label, Severity};
use crate::source::SourceMap;
use serde_json::{json, Value};

/// The SARIF level of a severity.
fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A relative URI reference for a file name as shown to users.
fn uri(name: &str) -> String {
    let mut out = String::new();
    for c in name.replace('\\', "/").chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' | ':' => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

fn region(l: &Label, sources: &SourceMap) -> Value {
    let (line, col) = sources.line_col(l.span.file, l.span.start);
    let (end_line, end_col) = sources.line_col(l.span.file, l.span.end);
    json!({ "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col })
}

fn location(l: &Label, sources: &SourceMap) -> Value {
    let name = &sources.get(l.span.file).name;
    json!({ "physicalLocation": { "artifactLocation": { "uri": uri(name) }, "region": region(l, sources) } })
}

/// The SARIF reportingDescriptor of every lint rule, then of every other code in `diags`.
fn descriptors(diags: &[&Diagnostic]) -> (Vec<Value>, Vec<String>) {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for r in rules() {
        let what = doc_section(r, "What it does").unwrap_or_default();
        let level = if r.default == Level::Off { r.enabled } else { r.default };
        out.push(json!({
            "id": r.code,
            "name": r.name,
            "shortDescription": { "text": r.summary },
            "fullDescription": { "text": what.split_whitespace().collect::<Vec<_>>().join(" ") },
            "help": { "text": doc_text(r), "markdown": doc_text(r) },
            "defaultConfiguration": {
                "enabled": r.default != Level::Off,
                "level": level.severity().map(sarif_level).unwrap_or("none"),
            },
            "properties": { "tags": [r.family.word()], "family": r.family.prefix(), "anchors": r.anchors },
        }));
        ids.push(r.code.to_string());
    }
    for d in diags {
        if !ids.iter().any(|i| i == d.code) {
            let summary = codes::summary(d.code).unwrap_or("diagnostic");
            out.push(json!({ "id": d.code, "shortDescription": { "text": summary } }));
            ids.push(d.code.to_string());
        }
    }
    (out, ids)
}

/// A SARIF 2.1.0 log: one run of gwc, every rule described, suppressed findings included with
/// their in-source justification.
pub fn sarif(diags: &[Diagnostic], suppressed: &[(Diagnostic, String)], sources: &SourceMap) -> Value {
    let all: Vec<&Diagnostic> = diags.iter().chain(suppressed.iter().map(|(d, _)| d)).collect();
    let (rule_list, ids) = descriptors(&all);
    let result = |d: &Diagnostic, reason: Option<&str>| {
        let mut text = d.message.clone();
        if let Some(h) = &d.help {
            text.push_str(&format!(" (help: {h})"));
        }
        let mut r = json!({
            "ruleId": d.code,
            "ruleIndex": ids.iter().position(|i| i == d.code).unwrap_or(0),
            "level": sarif_level(d.severity),
            "message": { "text": text },
            "locations": [location(&d.primary, sources)],
        });
        if !d.secondary.is_empty() {
            let related: Vec<Value> = d
                .secondary
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut v = location(l, sources);
                    v["id"] = json!(i + 1);
                    v["message"] = json!({ "text": if l.text.is_empty() { "related location" } else { &l.text } });
                    v
                })
                .collect();
            r["relatedLocations"] = Value::Array(related);
        }
        if let Some(reason) = reason {
            r["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
        }
        r
    };
    let mut results: Vec<Value> = diags.iter().map(|d| result(d, None)).collect();
    results.extend(suppressed.iter().map(|(d, reason)| result(d, Some(reason))));
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "gwc",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_list,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn gh_escape(s: &str, property: bool) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        s.replace(':', "%3A").replace(',', "%2C")
    } else {
        s
    }
}

/// GitHub Actions workflow commands (`::error file=...,line=...::message`), one per line.
pub fn github(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let file = &sources.get(d.primary.span.file).name;
        let (line, col) = sources.line_col(d.primary.span.file, d.primary.span.start);
        let (end_line, end_col) = sources.line_col(d.primary.span.file, d.primary.span.end);
        let title = match find(d.code) {
            Some((_, r)) => format!("{} {}", d.code, r.name),
            None => d.code.to_string(),
        };
        let mut msg = d.message.clone();
        if let Some(h) = &d.help {
            msg.push_str(&format!("\nhelp: {h}"));
        }
        out.push_str(&format!(
            "::{kind} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
            gh_escape(file, true),
            gh_escape(&title, true),
            gh_escape(&msg, false)
        ));
    }
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// JUnit XML: one test suite per linted file, one failed test case per diagnostic, and one
/// passing case for a file with none (so that every linted file is visible).
pub fn junit(files: &[String], diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut suites: Vec<(String, Vec<&Diagnostic>)> = files.iter().map(|f| (f.clone(), Vec::new())).collect();
    for d in diags {
        let name = sources.get(d.primary.span.file).name.clone();
        match suites.iter_mut().find(|(f, _)| *f == name) {
            Some((_, v)) => v.push(d),
            None => suites.push((name, vec![d])),
        }
    }
    let total: usize = suites.iter().map(|(_, v)| v.len().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"gwc lint\" tests=\"{total}\" failures=\"{}\">\n", diags.len()));
    for (file, ds) in &suites {
        out.push_str(&format!("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml(file), ds.len().max(1), ds.len()));
        if ds.is_empty() {
            out.push_str(&format!("    <testcase classname=\"gwc.lint\" name=\"{}\"/>\n", xml(file)));
        }
        for d in ds {
            let (line, col) = sources.line_col(d.primary.span.file, d.primary.span.start);
            let rule = find(d.code).map(|(_, r)| r.name).unwrap_or("");
            let word = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "info",
            };
            let body = match &d.help {
                Some(h) => format!("{file}:{line}:{col}: {}\nhelp: {h}", d.message),
                None => format!("{file}:{line}:{col}: {}", d.message),
            };
            out.push_str(&format!(
                "    <testcase classname=\"gwc.{}\" name=\"{}:{line}:{col} {} {}\">\n      <failure type=\"{word}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                d.code,
                xml(file),
                d.code,
                xml(rule),
                xml(&d.message),
                xml(&body)
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
