//! `gwc fmt`: rewrite files in the canonical layout, or `--check` that they already are.

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::diag::{render_human, RenderOptions};
use crate::fmt::{format, FmtError};
use crate::source::{SourceFile, SourceMap};
use clap::Args;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files or directories (every `*.gw` below, hidden folders and `target/` skipped); `-` reads
    /// standard input and writes the result to standard output. Default: the current directory.
    pub files: Vec<PathBuf>,
    /// Write nothing; list the files that are not formatted and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: &FmtArgs) -> i32 {
    let roots = if args.files.is_empty() { vec![PathBuf::from(".")] } else { args.files.clone() };
    let mut files = Vec::new();
    for root in &roots {
        if root.as_os_str() == "-" {
            files.push(root.clone());
        } else if root.is_dir() {
            if let Err(e) = collect(root, &mut files) {
                eprintln!("error: {}: {e}", root.display());
                return EXIT_USAGE;
            }
        } else {
            files.push(root.clone());
        }
    }
    let mut status = EXIT_OK;
    let mut sources = SourceMap::default();
    for path in &files {
        let stdin = path.as_os_str() == "-";
        let text = match read(path, stdin) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
        };
        let name = if stdin { "<stdin>".to_string() } else { path.display().to_string() };
        let id = sources.add(SourceFile { name: name.clone(), text: text.clone(), path: Some(path.clone()) });
        let formatted = match format(id, &text) {
            Ok(f) => f,
            Err(FmtError::Syntax(diags)) => {
                let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                let mut err = std::io::stderr().lock();
                for d in &diags {
                    let _ = write!(err, "{}", render_human(d, &sources, RenderOptions { color, width: 100 }));
                }
                let _ = writeln!(err, "{name}: not formatted, it does not parse");
                status = status.max(EXIT_ERRORS);
                continue;
            }
            Err(FmtError::Unstable) => {
                eprintln!(
                    "error: {name}: internal formatter error (the result would not mean the same); the file is unchanged, please report it"
                );
                status = EXIT_USAGE;
                continue;
            }
        };
        if stdin {
            if args.check {
                if formatted != text {
                    println!("{name}");
                    status = status.max(EXIT_ERRORS);
                }
            } else {
                print!("{formatted}");
            }
            continue;
        }
        if formatted == text {
            continue;
        }
        println!("{name}");
        if args.check {
            status = status.max(EXIT_ERRORS);
        } else if let Err(e) = write_atomically(path, &formatted) {
            eprintln!("error: {name}: {e}");
            return EXIT_USAGE;
        }
    }
    status
}

fn read(path: &Path, stdin: bool) -> Result<String, String> {
    let mut bytes = Vec::new();
    let res = if stdin { std::io::stdin().read_to_end(&mut bytes).map(|_| ()) } else { std::fs::read(path).map(|b| bytes = b) };
    res.map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", path.display()))
}

/// Every `*.gw` below `dir`, sorted, skipping hidden folders and `target/`.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if p.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                collect(&p, out)?;
            }
        } else if p.extension().is_some_and(|e| e == "gw") {
            out.push(p);
        }
    }
    Ok(())
}

/// Writes through a temporary file in the same folder and a rename.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("gw.fmt.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
