//! In-source suppressions: `// gwc: allow RULE[, RULE] -- reason [until YYYY-MM-DD]` comments,
//! matched to the Model node that starts on the next code line (or on the comment's own line).

use super::registry::{find, rules, Level};
use crate::diag::{did_you_mean, Diagnostic};
use crate::source::{FileId, Span};

/// One parsed suppression comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The whole comment.
    pub span: Span,
    /// Rule indexes with the span of each name in the comment.
    pub rules: Vec<(usize, Span)>,
    pub reason: String,
    /// Expiry date (year, month, day); the suppression stops working after that day.
    pub until: Option<(i32, u32, u32)>,
    /// The 1-based line whose node it excuses.
    pub target_line: usize,
}

/// `// ...` comments outside strings and block comments: (start, end) byte offsets.
fn line_comments(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"\"\"\"") {
            i = text[i + 3..].find("\"\"\"").map(|k| i + 3 + k + 3).unwrap_or(b.len());
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if b[i..].starts_with(b"/*") {
            i = text[i + 2..].find("*/").map(|k| i + 2 + k + 2).unwrap_or(b.len());
        } else if b[i..].starts_with(b"//") {
            let end = text[i..].find('\n').map(|k| i + k).unwrap_or(b.len());
            out.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Line starts (byte offsets) of a text.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// 1-based line of a byte offset.
pub fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset)
}

/// Finds and parses the suppression comments of one file.
pub fn scan(file: FileId, text: &str) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut sups = Vec::new();
    let mut diags = Vec::new();
    let starts = line_starts(text);
    let lines: Vec<&str> = text.split('\n').collect();
    for (start, end) in line_comments(text) {
        // A second `//` ends the suppression (what follows is an ordinary comment).
        let body = &text[start + 2..end];
        let body = body.find("//").map(|i| &body[..i]).unwrap_or(body);
        let trimmed = body.trim_start();
        let Some(directive) = trimmed.strip_prefix("gwc:") else {
            continue;
        };
        let span = Span::new(file, start, end.max(start + 2));
        let line = line_of(&starts, start);
        let code_before = !text[starts[line - 1]..start].trim().is_empty();
        let target_line = if code_before {
            line
        } else {
            // The next line that holds code (stacked comments and blank lines are skipped).
            (line + 1..=lines.len())
                .find(|&l| {
                    let t = lines[l - 1].trim();
                    !t.is_empty() && !t.starts_with("//")
                })
                .unwrap_or(lines.len() + 1)
        };
        let offset_of = |s: &str| start + 2 + (s.as_ptr() as usize - body.as_ptr() as usize);
        let directive_start = offset_of(directive);
        let Some(rest) = directive.trim_start().strip_prefix("allow") else {
            diags.push(malformed(span, "`gwc:` must be followed by `allow`"));
            continue;
        };
        let (names, reason) = match rest.split_once("--") {
            Some((n, r)) => (n, r.trim()),
            None => (rest, ""),
        };
        let mut reason = reason.to_string();
        let mut until = None;
        if let Some(at) = reason.rfind("until ") {
            let date_text = reason[at + 6..].trim();
            match parse_date(date_text) {
                Some(d) => {
                    until = Some(d);
                    reason = reason[..at].trim().to_string();
                }
                None if date_text.split_whitespace().count() == 1 => {
                    diags.push(malformed(span, &format!("`{date_text}` is not a date written YYYY-MM-DD")));
                    continue;
                }
                None => {}
            }
        }
        if reason.is_empty() {
            diags.push(malformed(span, "no reason after `--`"));
            continue;
        }
        let mut ids = Vec::new();
        let mut bad = false;
        let names_start = directive_start + (names.as_ptr() as usize - directive.as_ptr() as usize);
        let mut pos = 0;
        for token in names.split(|c: char| c == ',' || c.is_whitespace()) {
            let tstart = names_start + pos;
            pos += token.len() + 1;
            if token.is_empty() {
                continue;
            }
            let tspan = Span::new(file, tstart, tstart + token.len());
            match find(token) {
                Some((i, _)) => ids.push((i, tspan)),
                None => {
                    bad = true;
                    let mut d = Diagnostic::error("E0611", tspan, format!("unknown rule `{token}` in a suppression")).label("no such rule");
                    d = match did_you_mean(token, rules().iter().flat_map(|r| [r.code, r.name])) {
                        Some(m) => d.help(format!("did you mean `{m}`?")),
                        None => d.help("name rules by code (`SEC001`) or name (`route-without-auth`); `gwc rules` lists them"),
                    };
                    diags.push(d);
                }
            }
        }
        if ids.is_empty() {
            if !bad {
                diags.push(malformed(span, "no rule named after `allow`"));
            }
            continue;
        }
        sups.push(Suppression { span, rules: ids, reason, until, target_line });
    }
    (sups, diags)
}

fn malformed(span: Span, why: &str) -> Diagnostic {
    Diagnostic::error("E0610", span, format!("malformed suppression: {why}"))
        .label("this comment")
        .help("write `// gwc: allow RULE -- reason` (optionally ending `until YYYY-MM-DD`) on the line before the declaration it excuses")
}

/// `YYYY-MM-DD` with a real month and day.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m).then_some(())?;
    (1..=days[m as usize - 1]).contains(&d).then_some((y, m, d))
}

/// Today's date (UTC), from the system clock.
pub fn today() -> (i32, u32, u32) {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a (year, month, day) (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// Is the level of a rule (by index) on anywhere in these settings?
pub(crate) fn enabled_somewhere(levels: &[&[Level]], rule: usize) -> bool {
    levels.iter().any(|l| l[rule] != Level::Off)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2024-2-29"), None);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    }
    #[test]
    fn comments_skip_strings() {
        let t = "let a = \"// gwc: allow x\" // real\nlet b = \"\"\"\n// not\n\"\"\"\n/* // no */ // yes";
        let found: Vec<&str> = line_comments(t).iter().map(|(s, e)| &t[*s..*e]).collect();
        assert_eq!(found, vec!["// real", "// yes"]);
    }
}
