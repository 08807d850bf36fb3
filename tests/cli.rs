//! Behaviour of the `gwc` binary as a user sees it (the CLI contract):
//!
//! - `gwc build FILE... [--out DIR] [--format yaml|json]`: exit 0 and one `DIR/<api>.cfn.<ext>`
//!   per API; exit 1 on program errors (diagnostics on stderr, NO file written); exit 2 on usage
//!   or I/O errors.
//! - `gwc check FILE... [--format human|json]`: same codes, never writes; `--format json` prints
//!   `{"diagnostics":[{"code","severity","message","primary":{"file","start","end","line","column"}}]}`.
//!
//! The tests here: output is deterministic; bad input of every kind gives exit 1 with an error
//! code, never a panic (exit 101), a crash or a written file; missing files and bad usage give
//! exit 2; help works; JSON diagnostics parse and point inside the file.

mod common;

use common::{build_ok, examples, files_in, gwc, gwc_run, run, stem, Run, TempDir};
use std::path::{Path, PathBuf};

// ------------------------------------------------------------------------------------------------
// Inputs

/// A small deterministic PRNG (xorshift64*), so that "random" inputs are the same on every run.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick(&mut self, from: &[u8]) -> u8 {
        from[(self.next() % from.len() as u64) as usize]
    }
}

const PUNCTUATION: &[u8] = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
/// Characters that can never begin an item or a statement, so a garbled file that starts with
/// one of them is an error whatever follows (the rest could otherwise, very rarely, be a comment).
const NEVER_FIRST: &[u8] = b")]};,=*!?<>|^&%~";

/// `len` bytes of ASCII punctuation with some spaces and newlines, starting with a byte that
/// cannot start anything valid.
fn garble(seed: u64, len: usize) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = vec![rng.pick(NEVER_FIRST)];
    while out.len() < len {
        out.push(match rng.next() % 16 {
            0 => b' ',
            1 => b'\n',
            _ => rng.pick(PUNCTUATION),
        });
    }
    out
}

/// Roughly the first half of `text`, cut on a char boundary and inside an open `{` block so
/// that the result can never be a complete program (the brace count ignores strings and
/// comments, which is good enough for the examples).
fn truncated(text: &str) -> String {
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let depth = |s: &str| s.matches('{').count() as isize - s.matches('}').count() as isize;
    if depth(&text[..cut]) > 0 {
        return text[..cut].to_string();
    }
    if let Some(i) = text[cut..].find('{') {
        return text[..cut + i + 1].to_string();
    }
    match text.rfind('}') {
        Some(i) => text[..i].to_string(),
        None => text[..cut].to_string(),
    }
}

/// Every bad input, as (name, file contents). "empty" is special: see [`EMPTY`].
fn bad_inputs() -> Vec<(String, Vec<u8>)> {
    let mut cases: Vec<(String, Vec<u8>)> = vec![(EMPTY.to_string(), Vec::new())];

    for example in examples() {
        let text = std::fs::read_to_string(&example).expect("read example");
        cases.push((format!("truncated-{}", stem(&example)), truncated(&text).into_bytes()));
        // A whole valid program followed by garbage: all or nothing, so still no output at all.
        cases.push((format!("valid-then-garbage-{}", stem(&example)), format!("{text}\n}}}} ]] rest api {{ = = ;;\n").into_bytes()));
    }

    for seed in 1..=6 {
        cases.push((format!("garbled-{seed}"), garble(seed, 2000)));
        let mut in_api = b"rest api a {\n".to_vec();
        in_api.extend(garble(100 + seed, 500));
        cases.push((format!("garbled-in-api-{seed}"), in_api));
    }

    // Binary: every byte value (NUL, invalid UTF-8 0xff 0xfe, ...), and almost-text.
    let mut all_bytes: Vec<u8> = vec![0x00, 0xff, 0xfe, 0x00];
    all_bytes.extend((0..=255u8).cycle().take(1024));
    cases.push(("binary".to_string(), all_bytes));
    cases.push(("nul-and-ff-in-text".to_string(), b"rest api a {\n  description = \"x\0\xff\xfe\"\n}\n".to_vec()));
    let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain("rest api a {}\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    cases.push(("utf16le-with-bom".to_string(), utf16));
    cases.push(("lone-surrogate-cesu".to_string(), b"rest api a { description = \"\xed\xa0\x80\" }".to_vec()));

    // Deep nesting (a recursive-descent parser must not overflow its stack).
    const DEEP: usize = 10_000;
    cases.push(("deep-brackets-open".to_string(), format!("rest api a {{ x = {}", "[".repeat(DEEP)).into_bytes()));
    cases.push(("deep-brackets-closed".to_string(), format!("rest api a {{ x = {}{} }}", "[".repeat(DEEP), "]".repeat(DEEP)).into_bytes()));
    cases.push(("deep-objects".to_string(), format!("rest api a {{ x = {}{} }}", "{ y = ".repeat(DEEP), "}".repeat(DEEP)).into_bytes()));
    cases.push(("deep-calls-open".to_string(), format!("rest api a {{ x = {}", "f(".repeat(DEEP)).into_bytes()));
    cases.push(("deep-blocks".to_string(), format!("rest api a {{ {}{} }}", "b { ".repeat(DEEP), "} ".repeat(DEEP)).into_bytes()));
    // Deep nesting that a bracket-counting pre-scan can miss because route paths may contain
    // `//` (not a comment there) and `{`/`}`; closed, so the parser accepts what it can and the
    // later stages see the depth. Several depths, since parser limits depend on stack frames.
    for n in [500, 1_000, 2_000, 3_500, DEEP] {
        cases.push((
            format!("deep-behind-path-slashes-{n}"),
            format!("rest api a {{ GET /a//x {{ y = {}{} }} }}", "[".repeat(n), "]".repeat(n)).into_bytes(),
        ));
        cases.push((
            format!("deep-behind-path-braces-{n}"),
            format!("rest api a {{ {}{}}}", "b { GET /}}}}}}}} { ".repeat(n / 2), "} } ".repeat(n / 2)).into_bytes(),
        ));
    }

    // Numbers that fit no integer type.
    let huge = "99999999999999999999999999999";
    for (name, src) in [
        ("huge-number", format!("rest api a {{ minimum_compression = {huge} }}")),
        ("huge-compression", format!("rest api a {{\n  compression = {huge}\n}}\n")),
        ("huge-negative", format!("rest api a {{\n  compression = -{huge}\n}}\n")),
        ("huge-quantity", format!("rest api a {{\n  compression = {huge}KiB\n}}\n")),
        ("huge-fraction", format!("rest api a {{\n  compression = 1.{huge}{huge}\n}}\n")),
        ("huge-status", format!("rest api a {{\n  response {huge} {{ }}\n}}\n")),
    ] {
        cases.push((name.to_string(), src.into_bytes()));
    }

    // Unterminated things and odd lexemes.
    for (name, src) in [
        ("unterminated-string", "rest api a { description = \"abc".to_string()),
        ("unterminated-raw-string", "rest api a { description = \"\"\"abc\n".to_string()),
        ("unterminated-comment", "rest api a { } /* never closed".to_string()),
        ("unterminated-block", "rest api a {".to_string()),
        ("bad-escape", "rest api a { description = \"\\q\\u{110000}\\u{d800}\" }".to_string()),
        ("long-line", format!("rest api a {{ description = \"{}", "x".repeat(200_000))),
        ("only-closers", "}}}}]]]])))".to_string()),
        ("keyword-soup", "rest http websocket api api { GET POST / { } } import param let".to_string()),
        ("crlf-and-tabs", "rest\r\napi\t\r\n a {\r\n\t=\r\n".to_string()),
        ("non-ascii-idents", "rest api ñandú { descripción = \"🦀\" ключ = 1 }".to_string()),
    ] {
        cases.push((name.to_string(), src.into_bytes()));
    }
    cases
}

/// An empty file is a valid program with no APIs: `gwc build` may exit 0 (writing nothing,
/// since there is no API) or exit 1 (if it chooses to report "no APIs"). Either way it must not
/// panic and must not write a file.
const EMPTY: &str = "empty";

/// Writes each input to `dir/<name>.gw`.
fn write_inputs(dir: &Path, cases: &[(String, Vec<u8>)]) -> Vec<(String, PathBuf, usize)> {
    std::fs::create_dir_all(dir).expect("create input dir");
    cases
        .iter()
        .map(|(name, bytes)| {
            let path = dir.join(format!("{name}.gw"));
            std::fs::write(&path, bytes).expect("write input");
            (name.clone(), path, bytes.len())
        })
        .collect()
}

/// Fails with every collected problem at once.
fn report(problems: Vec<String>, what: &str) {
    assert!(problems.is_empty(), "{} of the {what} failed:\n\n{}", problems.len(), problems.join("\n\n"));
}

/// Paths of `dir`'s files, relative to it, with their bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_in(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read output");
            (p.strip_prefix(dir).expect("under dir").to_path_buf(), bytes)
        })
        .collect()
}

// ------------------------------------------------------------------------------------------------
// (a) determinism

#[test]
fn build_is_deterministic() {
    let tmp = TempDir::new("determinism");
    let mut problems = Vec::new();
    for (i, example) in examples().iter().enumerate() {
        for format in ["yaml", "json"] {
            let a = tmp.join(format!("{i:03}-{}-{format}-a", stem(example)));
            let b = tmp.join(format!("{i:03}-{}-{format}-b", stem(example)));
            build_ok(example, &a, format);
            build_ok(example, &b, format);
            let (sa, sb) = (snapshot(&a), snapshot(&b));
            if sa.is_empty() {
                problems.push(format!("{} --format {format}: exit 0 but no files written", example.display()));
                continue;
            }
            let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
            if names(&sa) != names(&sb) {
                problems.push(format!(
                    "{} --format {format}: two builds wrote different files: {:?} vs {:?}",
                    example.display(),
                    names(&sa),
                    names(&sb)
                ));
                continue;
            }
            for ((name, x), (_, y)) in sa.iter().zip(&sb) {
                if x != y {
                    let at = x.iter().zip(y).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
                    let line = x[..at].iter().filter(|&&c| c == b'\n').count() + 1;
                    problems.push(format!(
                        "{} --format {format}: {} differs between two builds (first difference at byte {at}, line {line})",
                        example.display(),
                        name.display()
                    ));
                }
            }
        }
    }
    report(problems, "determinism checks");
}

/// Every example is clean under `gwc check` (exit 0; the JSON lists no errors).
#[test]
fn examples_check_clean() {
    let mut problems = Vec::new();
    for example in examples() {
        let r = run(gwc().arg("check").arg(&example));
        if r.code() != Some(0) {
            problems.push(format!("`gwc check` of a shipped example must exit 0:\n{r}"));
            continue;
        }
        let r = run(gwc().arg("check").arg(&example).arg("--format").arg("json"));
        match parse_diagnostics(&r) {
            Ok(diags) => {
                let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
                if r.code() != Some(0) || !errors.is_empty() {
                    problems.push(format!("example {} has errors in JSON:\n{r}", example.display()));
                }
            }
            Err(e) => problems.push(format!("{e}\n{r}")),
        }
    }
    report(problems, "example checks");
}

// ------------------------------------------------------------------------------------------------
// (b) bad input: exit 1, an error code on stderr, no panic, nothing written

#[test]
fn bad_input_never_panics_and_writes_nothing() {
    let tmp = TempDir::new("bad-input");
    let inputs = write_inputs(&tmp.join("in"), &bad_inputs());
    let cwd = tmp.join("cwd");
    std::fs::create_dir_all(&cwd).expect("create cwd");
    let mut problems = Vec::new();
    for (name, path, _) in &inputs {
        let out = tmp.join(format!("out-{name}"));
        let r = run(gwc().current_dir(&cwd).arg("build").arg(path).arg("--out").arg(&out));
        let written = files_in(&out);
        let stray = files_in(&cwd);
        let code = r.code();
        let ok_code = code == Some(1) || (name == EMPTY && code == Some(0));
        let mut why = Vec::new();
        if !ok_code {
            why.push(format!("expected exit 1, got {}", r.status_text()));
        }
        if code == Some(1) && !r.stderr_str().contains("E0") {
            why.push("stderr names no error code (E0xxx)".to_string());
        }
        if !written.is_empty() {
            why.push(format!("files were written: {written:?}"));
        }
        if !stray.is_empty() {
            why.push(format!("files were written into the working directory: {stray:?}"));
        }
        if !why.is_empty() {
            problems.push(format!("[{name}] {}\n{r}", why.join("; ")));
        }
    }
    report(problems, &format!("{} bad inputs", inputs.len()));
}

// ------------------------------------------------------------------------------------------------
// (e) JSON diagnostics for bad input

/// The `diagnostics` array of `gwc check --format json` output.
fn parse_diagnostics(r: &Run) -> Result<Vec<serde_json::Value>, String> {
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).map_err(|e| format!("stdout of `{}` is not JSON: {e}", r.what))?;
    let diags =
        v.get("diagnostics").and_then(|d| d.as_array()).ok_or_else(|| format!("stdout of `{}` has no \"diagnostics\" array", r.what))?;
    Ok(diags.clone())
}

/// Every problem with one diagnostic's shape and spans, for a file of `len` bytes.
fn span_problems(d: &serde_json::Value, len: usize) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["code", "severity", "message"] {
        if !d.get(key).is_some_and(|v| v.is_string()) {
            out.push(format!("\"{key}\" is missing or not a string"));
        }
    }
    let Some(primary) = d.get("primary").filter(|p| p.is_object()) else {
        out.push("\"primary\" is missing or not an object".to_string());
        return out;
    };
    if !primary.get("file").is_some_and(|v| v.is_string()) {
        out.push("primary.file is missing or not a string".to_string());
    }
    let start = primary.get("start").and_then(|v| v.as_u64());
    let end = primary.get("end").and_then(|v| v.as_u64());
    match (start, end) {
        (Some(s), Some(e)) if s <= e && e <= len as u64 => {}
        (Some(s), Some(e)) => out.push(format!("primary span {s}..{e} is not within the file's {len} bytes")),
        _ => out.push("primary.start/end missing or not non-negative integers".to_string()),
    }
    for key in ["line", "column"] {
        if !primary.get(key).is_some_and(|v| v.is_u64()) {
            out.push(format!("primary.{key} is missing or not a non-negative integer"));
        }
    }
    // Labels in the same file must lie inside it too.
    let secondary = d.get("secondary").and_then(|v| v.as_array()).into_iter().flatten();
    for (i, label) in secondary.enumerate() {
        let same_file = label.get("file").is_some_and(|f| Some(f) == primary.get("file"));
        let start = label.get("start").and_then(|v| v.as_u64());
        let end = label.get("end").and_then(|v| v.as_u64());
        if let (true, Some(s), Some(e)) = (same_file, start, end) {
            if s > e || e > len as u64 {
                out.push(format!("secondary[{i}] span {s}..{e} is not within the file's {len} bytes"));
            }
        }
    }
    out
}

#[test]
fn check_json_diagnostics_are_well_formed() {
    let tmp = TempDir::new("check-json");
    let cases: Vec<_> = bad_inputs().into_iter().filter(|(n, _)| n != EMPTY).collect();
    let inputs = write_inputs(&tmp.join("in"), &cases);
    let mut problems = Vec::new();
    for (name, path, len) in &inputs {
        let r = run(gwc().current_dir(tmp.path()).arg("check").arg(path).arg("--format").arg("json"));
        let mut why = Vec::new();
        if r.code() != Some(1) {
            why.push(format!("expected exit 1, got {}", r.status_text()));
        }
        match parse_diagnostics(&r) {
            Err(e) => why.push(e),
            Ok(diags) => {
                if !diags.iter().any(|d| d["severity"] == "error") {
                    why.push("no diagnostic has severity \"error\"".to_string());
                }
                for (i, d) in diags.iter().enumerate() {
                    for p in span_problems(d, *len) {
                        why.push(format!("diagnostics[{i}]: {p}"));
                    }
                }
            }
        }
        if !files_in(&tmp.join("out")).is_empty() {
            why.push("`gwc check` wrote files".to_string());
        }
        if !why.is_empty() {
            problems.push(format!("[{name}] {}\n{r}", why.join("; ")));
        }
    }
    report(problems, &format!("{} JSON checks", inputs.len()));
}

// ------------------------------------------------------------------------------------------------
// (c) I/O and usage errors: exit 2

#[test]
fn missing_input_file_exits_2() {
    let tmp = TempDir::new("missing");
    let out = tmp.join("out-explicit");
    let example = examples().into_iter().next().expect("examples() is never empty");
    let runs = [
        // Default --out (`out`, relative to the working directory).
        run(gwc().current_dir(tmp.path()).arg("build").arg("missing.gw")),
        run(gwc().current_dir(tmp.path()).arg("build").arg("missing.gw").arg("--out").arg(&out)),
        run(gwc().current_dir(tmp.path()).arg("check").arg("missing.gw")),
        run(gwc().current_dir(tmp.path()).arg("check").arg("missing.gw").arg("--format").arg("json")),
        // A good file next to a missing one: still an I/O error, and nothing half-written.
        run(gwc().current_dir(tmp.path()).arg("build").arg(&example).arg("missing.gw").arg("--out").arg(&out)),
        // A directory is not a source file.
        run(gwc().current_dir(tmp.path()).arg("build").arg(tmp.path()).arg("--out").arg(&out)),
    ];
    let mut problems = Vec::new();
    for r in &runs {
        if r.code() != Some(2) {
            problems.push(format!("expected exit 2, got {}:\n{r}", r.status_text()));
        } else if r.stderr.is_empty() {
            problems.push(format!("exit 2 but nothing on stderr:\n{r}"));
        }
    }
    let written = files_in(tmp.path());
    if !written.is_empty() {
        problems.push(format!("files were written: {written:?}"));
    }
    report(problems, "missing-file runs");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = TempDir::new("usage");
    let out = tmp.join("out");
    let example = examples().into_iter().next().expect("examples() is never empty");
    let runs = [
        run(gwc().arg("frobnicate")),
        run(gwc().arg("build").arg(&example).arg("--out").arg(&out).arg("--format").arg("xml")),
        run(gwc().arg("check").arg(&example).arg("--format").arg("yaml")),
        run(gwc().arg("build").arg(&example).arg("--out").arg(&out).arg("--no-such-flag")),
    ];
    let mut problems = Vec::new();
    for r in &runs {
        if r.code() != Some(2) {
            problems.push(format!("expected exit 2, got {}:\n{r}", r.status_text()));
        }
    }
    let written = files_in(tmp.path());
    if !written.is_empty() {
        problems.push(format!("files were written: {written:?}"));
    }
    report(problems, "usage-error runs");
}

// ------------------------------------------------------------------------------------------------
// (d) help

#[test]
fn help_works() {
    let mut problems = Vec::new();
    for (args, must_mention) in [
        (&["--help"][..], &["build", "check"][..]),
        (&["build", "--help"][..], &["--out", "--format"][..]),
        (&["check", "--help"][..], &["--format"][..]),
    ] {
        let r = gwc_run(args);
        let text = r.stdout_str();
        if r.code() != Some(0) {
            problems.push(format!("expected exit 0, got {}:\n{r}", r.status_text()));
            continue;
        }
        if !text.to_lowercase().contains("usage") {
            problems.push(format!("no usage line on stdout:\n{r}"));
        }
        for word in must_mention {
            if !text.contains(word) {
                problems.push(format!("help does not mention {word}:\n{r}"));
            }
        }
    }
    report(problems, "help runs");
}
