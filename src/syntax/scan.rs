//! A small lexer in front of the grammar: bracket depth (for E0102) and where top-level items start.

use super::MAX_NESTING;

/// The words that begin a top-level item (`item` in `grammar/gwc.pest`).
const ITEM_KEYWORDS: &[&[u8]] =
    &[b"import", b"param", b"template", b"rest", b"http", b"websocket", b"let", b"function", b"role", b"log_group"];

/// Words after which a `/` begins a route path (a method, or the `at` of `use`).
const PATH_STARTERS: &[&[u8]] = &[b"GET", b"POST", b"PUT", b"DELETE", b"PATCH", b"HEAD", b"OPTIONS", b"ANY", b"at"];

/// What one pass over a file found.
pub(super) struct Scan {
    /// Offsets where a top-level chunk may begin: an item keyword that is the first non-blank
    /// text of its line, at bracket depth 0, outside strings, raw strings and comments. Ascending;
    /// 0 is never included.
    pub splits: Vec<usize>,
}

/// Scans `text`, following the grammar's tokens: strings, raw strings, comments and route paths
/// (after a method or `at`, where `{`, `}` and `//` are path text) do not count as brackets.
/// `Err(offset)` where bracket nesting first passes [`MAX_NESTING`].
pub(super) fn scan(text: &str) -> Result<Scan, usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    let mut last_word: &[u8] = b"";
    // Only spaces and tabs since the last newline (or the start of the file).
    let mut line_blank = true;
    let mut splits = Vec::new();
    // The last byte of code before `i` (not blank, not in a comment), and whether splitting has
    // stopped: the rest of the file is one chunk where this lexer might read tokens differently
    // from pest.
    let mut prev = 0u8;
    let mut stopped = false;
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // Pest reads `"""` as a raw string only where an expression starts; elsewhere (a
                // block label) it is `""` and the start of another string.
                stopped |= !matches!(prev, b'=' | b'(' | b'[' | b',' | b':');
                prev = b'"';
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += 1;
                }
                i += 3;
                last_word = b"";
                line_blank = false;
                continue;
            }
            b'"' => {
                prev = b'"';
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                last_word = b"";
            }
            b'/' if PATH_STARTERS.contains(&last_word) => {
                // Exactly the grammar's `path`: literal characters, `/` and whole `{var}`s.
                let start = i;
                i += path_len(&bytes[i..]);
                // Pest may read these as comments instead (a block named `GET`, a comment between
                // a method and its path).
                stopped |= bytes[start..i].windows(2).any(|w| w == b"//") || bytes.get(i) == Some(&b'*');
                prev = b'/';
                last_word = b"";
                line_blank = false;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                line_blank = false;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !bytes[i..].starts_with(b"*/") {
                    i += 1;
                }
                i += 1;
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(i);
                }
                prev = b;
                last_word = b"";
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                prev = b;
                last_word = b"";
            }
            _ if is_word(b) => {
                let start = i;
                while i < bytes.len() && is_word(bytes[i]) {
                    i += 1;
                }
                last_word = &bytes[start..i];
                prev = b'a';
                if depth == 0 && line_blank && start > 0 && !stopped && ITEM_KEYWORDS.contains(&last_word) {
                    splits.push(start);
                }
                line_blank = false;
                continue;
            }
            b'\n' => {
                line_blank = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            _ if b.is_ascii_whitespace() => {}
            _ => {
                prev = b;
                last_word = b"";
            }
        }
        line_blank = false;
        i += 1;
    }
    Ok(Scan { splits })
}

/// The length of the route path at the start of `bytes` (after a method or `at`): exactly the
/// grammar's `path`, literal characters, `/` and whole `{var}`s.
pub(crate) fn path_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() || b"-_.~$@:/".contains(&bytes[i]) {
            i += 1;
        } else if let Some(len) = path_var_len(&bytes[i..]) {
            i += len;
        } else {
            break;
        }
    }
    i
}

/// The length of the path variable (`{id}`, `{proxy+}`) at the start of `bytes`, if any.
fn path_var_len(bytes: &[u8]) -> Option<usize> {
    if bytes.first() != Some(&b'{') {
        return None;
    }
    let end = bytes.iter().position(|b| *b == b'}')?;
    bytes[1..end].iter().all(|b| b.is_ascii_alphanumeric() || b"-_.+".contains(b)).then_some(end + 1)
}
