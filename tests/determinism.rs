//! Determinism: the same program gives the same bytes, every time and in every order where
//! order has no meaning.
//!
//! For every example and every target (CloudFormation YAML and JSON, Terraform, OpenAPI):
//! two builds are byte-identical, and so are builds of the example with its declarations
//! shuffled: top-level items (params, functions, lets, templates, APIs), the statements of each
//! API body (routes, authorizers, stages, properties, `use`s, ...), and the entries of multi-line
//! `tags` and `variables` blocks. Shuffling works on the source text: whole items and statements
//! (with the comments above them) are reordered by fixed permutations (reversed, rotated, and
//! a seeded shuffle). A target that refuses an example must refuse every order of it.
//! Resource-policy statements keep their relative order (see [`order_class`]): they are a list.

mod common;

use common::{examples, files_in, gwc, run, stem, TempDir};
use std::path::{Path, PathBuf};

// ------------------------------------------------------------------------------------------------
// Splitting source text into items and statements

/// Per byte of `text`: the bracket depth before it, and whether it is code (not inside a string
/// or a comment). `(`, `[` and `{` all count; strings (with `\` escapes and `${...}` inside),
/// `"""` raw strings, `//` and `/* */` comments do not.
fn depths(text: &str) -> Vec<(i32, bool)> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let (mut depth, mut i) = (0i32, 0usize);
    while i < b.len() {
        let rest = &b[i..];
        let skip = if rest.starts_with(b"\"\"\"") {
            3 + text[i + 3..].find("\"\"\"").map_or(b.len() - i - 3, |e| e + 3)
        } else if rest[0] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' && b[j] != b'\n' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            (j + 1).min(b.len()) - i
        } else if rest.starts_with(b"//") && (i == 0 || b[i - 1].is_ascii_whitespace()) {
            text[i..].find('\n').unwrap_or(b.len() - i)
        } else if rest.starts_with(b"/*") {
            2 + text[i + 2..].find("*/").map_or(b.len() - i - 2, |e| e + 2)
        } else {
            match rest[0] {
                b'(' | b'[' | b'{' => {
                    out.push((depth, true));
                    depth += 1;
                }
                b')' | b']' | b'}' => {
                    depth -= 1;
                    out.push((depth, true));
                }
                _ => out.push((depth, true)),
            }
            i += 1;
            continue;
        };
        out.extend(std::iter::repeat_n((depth, false), skip));
        i += skip;
    }
    out
}

/// The statements of the region `text[from..to]`, all at bracket depth `depth`: each is a run of
/// whole lines from one that starts a statement at that depth (with the blank and comment lines
/// just above it) to the next. Returns (lines before the first statement, statements, lines
/// after the last). `None` if the region is not line-structured (e.g. a one-line block).
fn statements(text: &str, d: &[(i32, bool)], from: usize, to: usize, depth: i32) -> Option<(String, Vec<String>, String)> {
    let mut starts = Vec::new(); // line starts in [from, to)
    let mut at = from;
    while at < to {
        starts.push(at);
        at = text[at..to].find('\n').map_or(to, |n| at + n + 1);
    }
    let starts_statement = |ls: usize| {
        let line = &text[ls..text[ls..].find('\n').map_or(text.len(), |n| ls + n)];
        let first = ls + (line.len() - line.trim_start().len());
        let t = line.trim();
        !t.is_empty() && !t.starts_with("//") && !t.starts_with(['}', ')', ']']) && d[first] == (depth, true)
    };
    let mut items: Vec<(usize, usize)> = Vec::new(); // (start incl. leading comments, statement line)
    let mut pending: Option<usize> = None; // first blank/comment line not yet attached
    for &ls in &starts {
        if starts_statement(ls) {
            items.push((pending.take().unwrap_or(ls), ls));
        } else {
            let t = text[ls..text[ls..].find('\n').map_or(text.len(), |n| ls + n)].trim();
            if (t.is_empty() || t.starts_with("//")) && d.get(ls).is_some_and(|x| x.0 == depth) {
                pending.get_or_insert(ls);
            } else {
                pending = None;
            }
        }
    }
    if items.is_empty() {
        return None;
    }
    // The last statement ends where the trailing blank/comment lines (or the region) begin.
    let end = pending.unwrap_or(to);
    let head = text[from..items[0].0].to_string();
    let mut out = Vec::new();
    for (k, &(s, _)) in items.iter().enumerate() {
        let e = items.get(k + 1).map_or(end, |n| n.0);
        let mut st = text[s..e].to_string();
        if !st.ends_with('\n') {
            st.push('\n');
        }
        out.push(st);
    }
    Some((head, out, text[end..to].to_string()))
}

/// The body of the block whose `{` is the first code `{` at `depth` at or after `from`:
/// (after the `{`'s line, start of the closing `}`'s line).
fn block_body(text: &str, d: &[(i32, bool)], from: usize, depth: i32) -> Option<(usize, usize)> {
    let open = (from..text.len()).find(|&i| text.as_bytes()[i] == b'{' && d[i] == (depth, true))?;
    let close = (open + 1..text.len()).find(|&i| text.as_bytes()[i] == b'}' && d[i] == (depth, true))?;
    let body_start = text[open..close].find('\n').map(|n| open + n + 1)?;
    let body_end = text[..close].rfind('\n').map(|n| n + 1)?;
    (body_start < body_end).then_some((body_start, body_end))
}

/// A deterministic permutation of `0..n`, by kind: 0 reversed, 1 rotated by one, 2+ a seeded
/// Fisher-Yates shuffle.
fn permutation(n: usize, kind: u64) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    match kind {
        0 => p.reverse(),
        1 => p.rotate_left(1),
        seed => {
            let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            for i in (1..n).rev() {
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                let j = (x.wrapping_mul(0x2545_F491_4F6C_DD1D) % (i as u64 + 1)) as usize;
                p.swap(i, j);
            }
        }
    }
    p
}

/// The first word of a statement's first line of code.
fn keyword(item: &str) -> &str {
    let code = item.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("//")).unwrap_or("");
    code.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("")
}

/// Declarations whose order is part of the output, so the permutation keeps their relative order
/// (they still move among the others): the statements of a resource policy (`policy`, and `use`
/// of a template, which may add some) are a list.
fn order_class(item: &str) -> Option<&'static str> {
    match keyword(item) {
        "policy" | "use" => Some("policy"),
        _ => None,
    }
}

fn permute(items: &[String], kind: u64) -> String {
    let mut order = permutation(items.len(), kind);
    // Put each ordered class back in its original relative order, in the slots it landed in.
    for class in ["policy"] {
        let slots: Vec<usize> = (0..order.len()).filter(|&k| order_class(&items[order[k]]) == Some(class)).collect();
        let mut members: Vec<usize> = slots.iter().map(|&k| order[k]).collect();
        members.sort_unstable();
        for (slot, member) in slots.into_iter().zip(members) {
            order[slot] = member;
        }
    }
    order.into_iter().map(|i| items[i].as_str()).collect()
}

/// Shuffles the statements of a block body (`text`, without its braces), recursing into stages
/// and multi-line `tags` and `variables` blocks (whose entries are also unordered).
fn shuffle_block(text: &str, kind: u64) -> String {
    let d = depths(text);
    let Some((head, stmts, tail)) = statements(text, &d, 0, text.len(), 0) else {
        return text.to_string();
    };
    let stmts: Vec<String> = stmts
        .iter()
        .map(|st| {
            let t = st.trim_start_matches(|c: char| c.is_whitespace());
            let code = t.lines().find(|l| !l.trim().is_empty() && !l.trim().starts_with("//")).unwrap_or("").trim();
            if code.starts_with("tags {") || code.starts_with("variables {") || code.starts_with("stage ") {
                let sd = depths(st);
                if let Some((bs, be)) = block_body(st, &sd, 0, 0) {
                    return format!("{}{}{}", &st[..bs], shuffle_block(&st[bs..be], kind), &st[be..]);
                }
            }
            st.clone()
        })
        .collect();
    format!("{head}{}{tail}", permute(&stmts, kind))
}

/// `text` with its top-level items and every API body shuffled by permutation `kind`.
fn shuffled(text: &str, kind: u64) -> String {
    let d = depths(text);
    let Some((head, items, tail)) = statements(text, &d, 0, text.len(), 0) else {
        return text.to_string();
    };
    let items: Vec<String> = items
        .iter()
        .map(|it| {
            let code = it.lines().find(|l| !l.trim().is_empty() && !l.trim().starts_with("//")).unwrap_or("");
            let is_api = code.split_whitespace().nth(1) == Some("api");
            let id = depths(it);
            match block_body(it, &id, 0, 0) {
                Some((bs, be)) if is_api => format!("{}{}{}", &it[..bs], shuffle_block(&it[bs..be], kind), &it[be..]),
                _ => it.clone(),
            }
        })
        .collect();
    format!("{head}{}{tail}", permute(&items, kind))
}

// ------------------------------------------------------------------------------------------------
// Builds

const TARGETS: [(&str, &[&str]); 4] = [
    ("cloudformation-yaml", &[]),
    ("cloudformation-json", &["--format", "json"]),
    ("terraform", &["--target", "terraform"]),
    ("openapi", &["--target", "openapi"]),
];

/// Exit code and (name, bytes) of every file written.
fn build(src: &Path, out: &Path, args: &[&str]) -> (Option<i32>, Vec<(PathBuf, Vec<u8>)>, String) {
    let r = run(gwc().arg("build").arg(src).arg("--out").arg(out).args(args));
    let files = files_in(out)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read output");
            (p.strip_prefix(out).expect("under out").to_path_buf(), bytes)
        })
        .collect();
    let _ = std::fs::remove_dir_all(out);
    (r.code(), files, format!("{r}"))
}

fn first_difference(a: &[(PathBuf, Vec<u8>)], b: &[(PathBuf, Vec<u8>)]) -> String {
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.display().to_string()).collect::<Vec<_>>();
    if names(a) != names(b) {
        return format!("different files: {:?} vs {:?}", names(a), names(b));
    }
    for ((name, x), (_, y)) in a.iter().zip(b) {
        if x != y {
            let at = x.iter().zip(y).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
            let line = x[..at].iter().filter(|&&c| c == b'\n').count() + 1;
            let show = |s: &[u8]| String::from_utf8_lossy(s).lines().nth(line - 1).unwrap_or("").to_string();
            return format!("{} differs at line {line}: `{}` vs `{}`", name.display(), show(x), show(y));
        }
    }
    "identical".to_string()
}

/// Copies `examples/` (with `shared/`) so shuffled roots resolve their relative imports.
fn copy_examples(to: &Path) {
    let from = common::manifest_dir().join("examples");
    for f in files_in(&from) {
        let dest = to.join(f.strip_prefix(&from).expect("under examples"));
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&f, &dest).expect("copy example");
    }
}

#[test]
fn shuffling_really_reorders() {
    let src = "param a: string\n\n// about b\nfunction b = lambda(name: \"b\")\n\nrest api x {\n  GET /one { integration = mock(status: 200) }\n  tags {\n    k1 = \"v\"\n    k2 = \"w\"\n  }\n  stage s {\n    x = 1\n  }\n}\n";
    let r = shuffled(src, 0);
    assert!(r.trim_start().starts_with("rest api x {\n  stage s {"), "{r}");
    assert!(r.contains("  tags {\n    k2 = \"w\"\n    k1 = \"v\"\n  }\n  GET /one"), "{r}");
    assert!(r.contains("// about b\nfunction b"), "comments travel with their item:\n{r}");
    assert!(r.ends_with("param a: string\n"), "{r}");
    let mut sorted_lines = |s: &str| {
        let mut v: Vec<String> = s.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        v.sort();
        v
    };
    assert_eq!(sorted_lines(src), sorted_lines(&r), "shuffling only reorders lines");
}

#[test]
fn every_example_builds_byte_identically_twice_and_in_any_order() {
    let tmp = TempDir::new("determinism");
    let dir = tmp.join("examples");
    copy_examples(&dir);
    let mut problems = Vec::new();
    let mut shuffles = 0;
    for example in examples() {
        let name = stem(&example);
        let text = std::fs::read_to_string(&example).expect("read example");
        let variants: Vec<(String, String)> = (0..3u64)
            .map(|k| (format!("shuffle{k}"), shuffled(&text, k + if k == 2 { 20261125 } else { 0 })))
            .filter(|(_, v)| *v != text)
            .collect();
        if variants.is_empty() {
            problems.push(format!("{name}: no permutation changes its text (the splitter found nothing to reorder)"));
        }
        for (target, args) in TARGETS {
            let out = tmp.join("out");
            let (code, first, run1) = build(&example, &out, args);
            let (code2, second, _) = build(&example, &out, args);
            if code != code2 || first != second {
                problems.push(format!(
                    "{name} [{target}]: two builds differ: exit {code:?} vs {code2:?}; {}",
                    first_difference(&first, &second)
                ));
                continue;
            }
            if code == Some(0) && first.is_empty() {
                problems.push(format!("{name} [{target}]: exit 0 but nothing written"));
            }
            if code != Some(0) && code != Some(1) {
                problems.push(format!("{name} [{target}]: {run1}"));
            }
            for (vname, vtext) in &variants {
                let path = dir.join(format!("{name}.{vname}.gw"));
                std::fs::write(&path, vtext).expect("write shuffled");
                let (vcode, vfiles, vrun) = build(&path, &out, args);
                shuffles += 1;
                if vcode != code || vfiles != first {
                    problems.push(format!(
                        "{name} [{target}] {vname}: exit {vcode:?} vs {code:?}; {}\n--- shuffled source ---\n{vtext}\n{vrun}",
                        first_difference(&first, &vfiles)
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} determinism problems ({shuffles} shuffled builds):\n\n{}", problems.len(), problems.join("\n\n"));
}
