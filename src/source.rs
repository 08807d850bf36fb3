//! Source files, spans and the loaders that read them (the filesystem and the embedded stdlib).

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start: start as u32, end: end.max(start) as u32 }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to users: a path as given, or `std/<module>.gw`.
    pub name: String,
    pub text: String,
    /// Where the file lives on disk, for resolving relative imports (None for stdlib).
    pub path: Option<PathBuf>,
}

/// Every file the compiler has read in this run.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, id: FileId, offset: u32) -> (usize, usize) {
        let text = &self.get(id).text;
        let offset = (offset as usize).min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Why a source could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    NotFound,
    NotUtf8,
    Io(String),
}

/// Reads source files; the CLI uses the filesystem, tests may use memory.
pub trait SourceLoader {
    fn load(&self, path: &Path) -> Result<String, LoadError>;
}

/// Loads from the filesystem.
pub struct FsLoader;

impl SourceLoader for FsLoader {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        match std::fs::read(path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(LoadError::NotFound),
            Err(e) => Err(LoadError::Io(e.to_string())),
        }
    }
}

/// Loads from an in-memory table of path → text (tests, fuzzing, the language server).
#[derive(Default)]
pub struct MemoryLoader {
    pub files: indexmap::IndexMap<PathBuf, String>,
}

impl SourceLoader for MemoryLoader {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        self.files.get(path).cloned().ok_or(LoadError::NotFound)
    }
}

/// The standard library, written in the language and embedded in the binary.
pub const STDLIB: &[(&str, &str)] = &[
    ("logging", include_str!("../stdlib/logging.gw")),
    ("crud", include_str!("../stdlib/crud.gw")),
    ("cors", include_str!("../stdlib/cors.gw")),
    ("responses", include_str!("../stdlib/responses.gw")),
    ("policies", include_str!("../stdlib/policies.gw")),
];

/// The text of a stdlib module such as `logging` (from `import std.logging`).
pub fn stdlib_module(name: &str) -> Option<&'static str> {
    STDLIB.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
