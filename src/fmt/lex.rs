//! The formatter's lexer: the grammar's tokens, with comments kept as tokens.
//!
//! It follows `grammar/gwc.pest` the way `syntax::too_deep` does: strings and raw strings are
//! one token each, `//` and `/*` start comments (also right after a method, where pest's implicit
//! whitespace tries comments before the path), and after a method or `at` a `/` starts a route
//! path, inside which `{id}` and `//` are path text.

/// What a token is; the printer needs only these distinctions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Names, keywords, numbers, quantities (`50/s`), `$names`: anything word-like.
    Word,
    /// `"..."` (one line) or `"""..."""` (verbatim, may span lines).
    Str,
    /// `/pets/{id}` after a method or `at`.
    Path,
    /// One of `{ } ( ) [ ] , = : ?`.
    Punct(u8),
    /// `// ...` up to (not including) the end of the line, trailing whitespace removed.
    LineComment,
    /// `/* ... */`
    BlockComment,
    /// A character the grammar does not know (only in files that do not parse).
    Other,
}

/// One token with its byte range and the line breaks before it.
#[derive(Debug, Clone)]
pub struct Tok<'s> {
    pub kind: Kind,
    pub text: &'s str,
    pub start: usize,
    /// How many `\n` the whitespace between the previous token and this one holds.
    pub newlines_before: usize,
}

impl Tok<'_> {
    pub fn is_comment(&self) -> bool {
        matches!(self.kind, Kind::LineComment | Kind::BlockComment)
    }
    pub fn is(&self, c: u8) -> bool {
        self.kind == Kind::Punct(c)
    }
    pub fn is_open(&self) -> bool {
        matches!(self.kind, Kind::Punct(b'{' | b'(' | b'['))
    }
    pub fn is_close(&self) -> bool {
        matches!(self.kind, Kind::Punct(b'}' | b')' | b']'))
    }
}

const PATH_STARTERS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY", "at"];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_.$-%".contains(&b)
}

/// Splits `text` into tokens.
pub fn lex(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::new();
    let (mut i, mut newlines) = (0usize, 0usize);
    let mut path_may_start = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            newlines += usize::from(b == b'\n');
            i += 1;
            continue;
        }
        let start = i;
        let kind = if bytes[i..].starts_with(b"//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            Kind::LineComment
        } else if bytes[i..].starts_with(b"/*") {
            i += 2;
            while i < bytes.len() && !bytes[i..].starts_with(b"*/") {
                i += 1;
            }
            i = (i + 2).min(bytes.len());
            Kind::BlockComment
        } else if bytes[i..].starts_with(b"\"\"\"") {
            i += 3;
            while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                i += 1;
            }
            i = (i + 3).min(bytes.len());
            Kind::Str
        } else if b == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            Kind::Str
        } else if b == b'/' && path_may_start {
            i += crate::syntax::path_len(&bytes[i..]);
            Kind::Path
        } else if is_word_byte(b) {
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            // `50/s`: a rate is one token.
            let numeric = bytes[start].is_ascii_digit() || (bytes[start] == b'-' && bytes.get(start + 1).is_some_and(u8::is_ascii_digit));
            if numeric && bytes[i..].starts_with(b"/s") && !bytes.get(i + 2).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
                i += 2;
            }
            Kind::Word
        } else if b"{}()[],=:?".contains(&b) {
            i += 1;
            Kind::Punct(b)
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            Kind::Other
        };
        let mut tok_text = &text[start..i];
        if kind == Kind::LineComment {
            tok_text = tok_text.trim_end();
        }
        if !matches!(kind, Kind::LineComment | Kind::BlockComment) {
            path_may_start = kind == Kind::Word && PATH_STARTERS.contains(&tok_text);
        }
        toks.push(Tok { kind, text: tok_text, start, newlines_before: newlines });
        newlines = 0;
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        lex(text).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn paths_rates_and_comments() {
        let got = kinds("GET /a//b/{id} { rate = 50/s } // c\nuse x() at /y");
        let texts: Vec<&str> = got.iter().map(|(_, t)| *t).collect();
        assert_eq!(texts, ["GET", "/a//b/{id}", "{", "rate", "=", "50/s", "}", "// c", "use", "x", "(", ")", "at", "/y"]);
        assert_eq!(got[1].0, Kind::Path);
        assert_eq!(got[7].0, Kind::LineComment);
    }

    #[test]
    fn strings_hide_comment_starts() {
        let texts: Vec<&str> = lex(r#"x = "http://a/*b" y = """raw // "x" """"#).into_iter().map(|t| t.text).collect();
        assert_eq!(texts, ["x", "=", r#""http://a/*b""#, "y", "=", r#""""raw // "x" """"#]);
    }
}
