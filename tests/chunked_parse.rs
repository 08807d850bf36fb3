//! Chunked parsing (item by item, cached by the language server) equals one pest parse of the whole text.
//!
//! Inputs: every `.gw` file of the repository, prefixes of it and random edits that insert the
//! tokens where a lexer could misread the grammar (raw strings, comments, paths, brackets, item
//! keywords at line starts). A deterministic PRNG; `GWC_CHUNK_FUZZ=N` runs N edits per file
//! instead of the default few, `GWC_CHUNK_SEED=S` starts it elsewhere.

use gwc::source::FileId;
use gwc::syntax::{self, cache::ParseCache};
use std::path::{Path, PathBuf};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Text that moves a lexer's view of the grammar: every token kind that can hold a newline or a
/// bracket, path starters, and item keywords at the start of a line.
const SNIPPETS: &[&str] = &[
    "\"\"\"",
    "\"",
    "\\",
    "/*",
    "*/",
    "//",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "\n",
    "\nlet x = 1\n",
    "\nrest api a {\n",
    "\nimport std.logging\n",
    "\nparam p: string\n",
    "\nfunction f = lambda(name: \"f\")\n",
    "\nrole",
    "\nlog_group",
    "\ntemplate t(a) {\n",
    " GET /",
    " at /",
    "GET /a//b",
    "GET /*",
    "=",
    ",",
    ":",
    "stage \"\"\"x\" { }",
    "x = \"\"\"",
    "\"\"\"\n}\nlet q = 1\n\"\"\"",
    "$",
    "/s",
    "é",
    "\t",
    "\r\n",
    "as",
];

fn gw_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if !matches!(p.file_name().and_then(|n| n.to_str()), Some("target" | "node_modules" | ".git")) {
                gw_files(&p, out);
            }
        } else if p.extension().is_some_and(|e| e == "gw") {
            out.push(p);
        }
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One random edit: insert a snippet, delete a range, or duplicate a line elsewhere.
fn edit(text: &str, rng: &mut Rng) -> String {
    let at = floor_char(text, rng.below(text.len() + 1));
    match rng.below(4) {
        0 | 1 => format!("{}{}{}", &text[..at], SNIPPETS[rng.below(SNIPPETS.len())], &text[at..]),
        2 => {
            let end = floor_char(text, at + rng.below(40));
            format!("{}{}", &text[..at], &text[end..])
        }
        _ => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let line = lines.get(rng.below(lines.len())).copied().unwrap_or("");
            format!("{}{}{}", &text[..at], line, &text[at..])
        }
    }
}

#[derive(Default)]
struct Tally {
    inputs: usize,
    /// Inputs without syntax errors (E0100) and with more than one item.
    clean: usize,
    /// Of those, the ones split into several pieces that all parsed (no fallback to the whole text).
    chunked: usize,
}

/// Asserts the three ways of parsing `text` agree.
fn compare(name: &str, text: &str, cache: &mut ParseCache, tally: &mut Tally) {
    let normal = syntax::parse(FileId(3), text);
    let cached = cache.parse(FileId(3), text);
    cache.end_round();
    tally.inputs += 1;
    // Nested too deep: all three report E0102 from the same scan before any parsing.
    if normal.1.first().is_some_and(|d| d.code == "E0102") {
        assert_eq!(normal, cached, "{name}: cached parse differs on E0102");
        return;
    }
    let whole = syntax::parse_whole(FileId(3), text);
    assert!(
        normal == whole,
        "{name}: chunked parse differs from the whole parse on:\n{text}\n--- chunked {normal:#?}\n--- whole {whole:#?}"
    );
    assert!(cached == whole, "{name}: cached parse differs from the whole parse on:\n{text}");
    if whole.0.items.len() > 1 && !whole.1.iter().any(|d| d.code == "E0100") {
        tally.clean += 1;
        tally.chunked += usize::from(syntax::piece_count(text) > 1 && syntax::parse_chunks(FileId(3), text).is_some());
    }
}

#[test]
fn chunked_parse_equals_whole_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    gw_files(root, &mut files);
    assert!(files.len() > 100, "found only {} .gw files", files.len());
    let edits: usize = std::env::var("GWC_CHUNK_FUZZ").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let seed = std::env::var("GWC_CHUNK_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut rng = Rng(seed | 1);
    let mut tally = Tally::default();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
        // One cache per file, as the server keeps one per document: later inputs reuse pieces.
        let mut cache = ParseCache::default();
        compare(&name, &text, &mut cache, &mut tally);
        // Large inputs (the stress files of tests/bad_inputs) only whole: a debug-build parse is slow.
        if text.len() > 16 * 1024 {
            continue;
        }
        compare(&name, &text[..floor_char(&text, rng.below(text.len() + 1))], &mut cache, &mut tally);
        let mut edited = text.clone();
        for _ in 0..edits {
            // Edits accumulate a little (as typing does), then start again from the file.
            edited = edit(if rng.below(3) == 0 { &text } else { &edited }, &mut rng);
            compare(&name, &edited, &mut cache, &mut tally);
        }
    }
    eprintln!(
        "{} inputs, {} of several items without syntax errors, {} of them parsed in pieces",
        tally.inputs, tally.clean, tally.chunked
    );
    // The comparison means something only if such inputs really were split.
    assert!(tally.clean > 300, "only {} of {} inputs are clean", tally.clean, tally.inputs);
    assert!(tally.chunked * 10 > tally.clean * 9, "only {} of {} clean inputs were parsed in pieces", tally.chunked, tally.clean);
}

#[test]
fn an_edit_reparses_only_its_item() {
    let api = |name: &str, description: &str| {
        format!("rest api {name} {{\n  description = \"{description}\"\n  GET /a {{ integration = mock() }}\n}}\n\n")
    };
    let before = format!("import std.logging\n\n{}{}{}", api("a", "one"), api("b", "two"), api("c", "three"));
    let after = before.replace("\"two\"", "\"two, edited at more length\"");
    let mut cache = ParseCache::default();
    let first = cache.parse(FileId(1), &before);
    cache.end_round();
    assert_eq!(cache.len(), 4, "one piece per item");
    let second = cache.parse(FileId(2), &after);
    cache.end_round();
    assert_eq!(second, syntax::parse_whole(FileId(2), &after), "pieces reused at new offsets and in the new file");
    assert_ne!(first, second);
    // The edited API's old text is forgotten; the three unchanged items were reused.
    assert_eq!(cache.len(), 4);
    // A syntax error in one item: the whole text's error, exactly.
    let broken = after.replace("GET /a {", "GET /a (");
    assert_eq!(cache.parse(FileId(2), &broken), syntax::parse_whole(FileId(2), &broken));
}

#[test]
fn string_errors_inside_a_piece_keep_their_file_positions() {
    let text = "let a = \"x\"\n\nlet b = \"bad \\q escape\"\n";
    let (_, diags) = syntax::parse(FileId(0), text);
    assert_eq!(diags.len(), 1);
    assert_eq!(&text[diags[0].primary.span.start as usize..diags[0].primary.span.end as usize], "\\q");
    assert_eq!(diags, syntax::parse_whole(FileId(0), text).1);
    let mut cache = ParseCache::default();
    assert_eq!(cache.parse(FileId(0), text).1, diags);
    assert_eq!(cache.parse(FileId(0), &format!("\n\n{text}")).1[0].primary.span.start, diags[0].primary.span.start + 2);
}

#[test]
fn a_large_file_parses_on_every_core_as_a_whole() {
    let one = "rest api a {\n  description = \"x\"\n  GET /a/{id} { integration = mock() }\n  POST /b { integration = mock() }\n}\n\n";
    let text = one.repeat(70_000 / one.len() + 1);
    assert!(text.len() > 64 * 1024);
    assert_eq!(syntax::parse(FileId(0), &text), syntax::parse_whole(FileId(0), &text));
}

/// Texts where a split that the scanner's rules forbid would change the parse: the whole text is
/// one item, its pieces two.
#[test]
fn no_split_where_pest_reads_the_tokens_differently() {
    let cases = [
        // A block label `"""` is `""` and a string to pest, a raw string to a lexer: the
        // description's raw string then runs over the next `let`.
        "rest api a {\n  stage \"\"\"x\" { }\n  description = \"\"\"\" = 1\n}\nlet q = \"\"\"\n  stage \"\"\" // \" {} }\n",
        // Not at the start of a line: a comment to pest, a path to a lexer.
        "let x = GET // let y = 1\n",
        // After a path a lexer misreads, its depth count cannot be trusted.
        "rest api a {\n  GET //a \"\\\n  \"x\" { }\n}\nlet b = 1\n",
    ];
    for text in cases {
        let whole = syntax::parse_whole(FileId(0), text);
        assert!(whole.1.is_empty(), "{text}: {:?}", whole.1);
        assert_eq!(syntax::parse(FileId(0), text), whole, "{text}");
    }
    assert_eq!(syntax::piece_count(cases[0]), 1, "no split after a `\"\"\"` outside an expression");
    assert_eq!(syntax::piece_count(cases[2]), 1, "no split after a path holding `//`");
    assert_eq!(syntax::piece_count("let a = \"\"\"x\"\"\"\nlet b = 1\n// c\nlet c = [\n1]\n  role d = 1\n"), 4);
}

/// The language server's analysis through its parse cache, edit after edit, equals a fresh one.
#[test]
fn cached_analysis_equals_a_fresh_one_across_edits() {
    use gwc::lsp::analysis::{analyze, analyze_cached};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files = Vec::new();
    gw_files(&root, &mut files);
    assert!(files.len() > 10);
    let mut rng = Rng(42);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("example");
        let mut open = indexmap::IndexMap::new();
        let mut cache = ParseCache::default();
        let mut current = text.clone();
        for step in 0..4 {
            open.insert(path.clone(), current.clone());
            let cached = analyze_cached(&path, &open, Some(&mut cache)).expect("analysis");
            let fresh = analyze(&path, &open).expect("analysis");
            let asts = |a: &gwc::lsp::analysis::Analysis| a.ws.modules.iter().map(|m| m.ast.clone()).collect::<Vec<_>>();
            assert!(asts(&cached) == asts(&fresh), "{}: step {step}", path.display());
            assert_eq!(cached.diagnostics(), fresh.diagnostics(), "{}: step {step}", path.display());
            current = if step == 2 { text.clone() } else { edit(&current, &mut rng) };
        }
    }
}
