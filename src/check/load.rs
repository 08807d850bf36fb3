//! Loads a root file and everything it imports (relative files and the embedded stdlib).

use crate::diag::{did_you_mean, Diagnostic};
use crate::source::{stdlib_module, FileId, LoadError, SourceFile, SourceLoader, SourceMap, Span, STDLIB};
use crate::syntax::{self, ast};
use indexmap::IndexMap;
use std::path::{Component, Path, PathBuf};

/// Index of a module in a [`Workspace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleId(pub usize);

/// A parsed file and the modules its imports name.
#[derive(Debug)]
pub struct Module {
    pub file: FileId,
    pub ast: ast::File,
    /// Import alias (`logging`, `std.logging`, `shared`) → module.
    pub imports: IndexMap<String, ModuleId>,
    /// The prefix for names declared here when they reach output (`""` for the root).
    pub qualifier: String,
}

/// A root module and all modules it reaches.
#[derive(Debug)]
pub struct Workspace {
    pub modules: Vec<Module>,
    pub root: ModuleId,
}

enum Key {
    File(PathBuf),
    Std(String),
}

struct Loader<'a> {
    loader: &'a dyn SourceLoader,
    sources: &'a mut SourceMap,
    diags: &'a mut Vec<Diagnostic>,
    modules: Vec<Module>,
    by_key: IndexMap<String, ModuleId>,
    stack: Vec<String>,
    /// The language server's parse cache; None parses every file afresh.
    cache: Option<&'a mut syntax::cache::ParseCache>,
}

/// Loads `root` and its imports. Returns None (with a diagnostic) only when the root itself
/// cannot be read; the caller reports that as an I/O error.
pub fn load(root: &Path, loader: &dyn SourceLoader, sources: &mut SourceMap, diags: &mut Vec<Diagnostic>) -> Result<Workspace, LoadError> {
    load_cached(root, loader, sources, diags, None)
}

/// [`load`], parsing through `cache` when given: the same workspace, faster after a small edit.
pub fn load_cached(
    root: &Path,
    loader: &dyn SourceLoader,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    cache: Option<&mut syntax::cache::ParseCache>,
) -> Result<Workspace, LoadError> {
    let text = loader.load(root);
    let text = match text {
        Ok(t) => t,
        Err(LoadError::NotUtf8) => {
            let id = sources.add(SourceFile { name: display(root), text: String::new(), path: Some(root.to_path_buf()) });
            diags.push(not_utf8(Span::new(id, 0, 0)));
            let module = Module { file: id, ast: ast::File::default(), imports: IndexMap::new(), qualifier: String::new() };
            return Ok(Workspace { modules: vec![module], root: ModuleId(0) });
        }
        Err(e) => return Err(e),
    };
    let mut l = Loader { loader, sources, diags, modules: Vec::new(), by_key: IndexMap::new(), stack: Vec::new(), cache };
    let root_id = l.add_module(Key::File(normalize(root)), display(root), text, Some(root.to_path_buf()), String::new());
    Ok(Workspace { modules: l.modules, root: root_id })
}

fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn not_utf8(span: Span) -> Diagnostic {
    Diagnostic::error("E0101", span, "source file is not valid UTF-8 text")
        .label("this file")
        .help("gwc programs are UTF-8 text files; check that the right file was given")
}

/// Lexically normalises `a/./b/../c` to `a/c` (imports need no filesystem canonicalisation).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl Loader<'_> {
    fn add_module(&mut self, key: Key, name: String, text: String, path: Option<PathBuf>, qualifier: String) -> ModuleId {
        let key_str = match &key {
            Key::File(p) => format!("file:{}", p.display()),
            Key::Std(m) => format!("std:{m}"),
        };
        let file = self.sources.add(SourceFile { name, text, path: path.clone() });
        let text = &self.sources.get(file).text;
        let (ast, mut parse_diags) = match self.cache.as_deref_mut() {
            Some(cache) => cache.parse(file, text),
            None => syntax::parse(file, text),
        };
        self.diags.append(&mut parse_diags);
        let id = ModuleId(self.modules.len());
        self.modules.push(Module { file, ast, imports: IndexMap::new(), qualifier });
        self.by_key.insert(key_str.clone(), id);
        self.stack.push(key_str);
        let imports: Vec<ast::Import> = self.modules[id.0]
            .ast
            .items
            .iter()
            .filter_map(|i| if let ast::Item::Import(imp) = i { Some(imp.clone()) } else { None })
            .collect();
        for imp in imports {
            self.import(id, path.as_deref(), &imp);
        }
        self.stack.pop();
        id
    }

    fn import(&mut self, from: ModuleId, from_path: Option<&Path>, imp: &ast::Import) {
        let (key, aliases, span) = match &imp.target {
            ast::ImportTarget::Module(m) => {
                let Some(name) = m.name.strip_prefix("std.") else {
                    let help = match stdlib_module(&m.name) {
                        Some(_) => format!("did you mean `import std.{}`?", m.name),
                        None => "import stdlib modules as `std.NAME`, and files as `import \"./file.gw\"`".to_string(),
                    };
                    let d =
                        Diagnostic::error("E0203", m.span, format!("cannot import `{}`", m.name)).label("not a stdlib module").help(help);
                    self.diags.push(d);
                    return;
                };
                let mut aliases = vec![m.name.clone()];
                aliases.push(imp.alias.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| name.to_string()));
                (Key::Std(name.to_string()), aliases, m.span)
            }
            ast::ImportTarget::File(f) => {
                let base = from_path.and_then(|p| p.parent()).unwrap_or(Path::new(""));
                let path = normalize(&base.join(&f.name));
                let stem = Path::new(&f.name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let alias = imp.alias.as_ref().map(|a| a.name.clone()).unwrap_or(stem);
                (Key::File(path), vec![alias], f.span)
            }
        };
        let key_str = match &key {
            Key::File(p) => format!("file:{}", p.display()),
            Key::Std(m) => format!("std:{m}"),
        };
        if self.stack.contains(&key_str) {
            let d = Diagnostic::error("E0204", span, "import cycle")
                .label("this import leads back to a file that is still being loaded")
                .help("move the shared declarations into a third file that both import");
            self.diags.push(d);
            return;
        }
        let target = match self.by_key.get(&key_str) {
            Some(id) => *id,
            None => match key {
                Key::Std(name) => match stdlib_module(&name) {
                    Some(text) => {
                        let qual = aliases.last().cloned().unwrap_or_default();
                        self.add_module(Key::Std(name.clone()), format!("std/{name}.gw"), text.to_string(), None, qual)
                    }
                    None => {
                        let mut d = Diagnostic::error("E0203", span, format!("no stdlib module `std.{name}`")).label("unknown module");
                        if let Some(s) = did_you_mean(&name, STDLIB.iter().map(|(n, _)| *n)) {
                            d = d.help(format!("did you mean `std.{s}`?"));
                        } else {
                            let all: Vec<String> = STDLIB.iter().map(|(n, _)| format!("std.{n}")).collect();
                            d = d.help(format!("the stdlib modules are {}", all.join(", ")));
                        }
                        self.diags.push(d);
                        return;
                    }
                },
                Key::File(path) => match self.loader.load(&path) {
                    Ok(text) => {
                        let qual = aliases.last().cloned().unwrap_or_default();
                        self.add_module(Key::File(path.clone()), display(&path), text, Some(path), qual)
                    }
                    Err(e) => {
                        let (why, help) = match e {
                            LoadError::NotFound => ("file not found".to_string(), "paths are relative to the importing file"),
                            LoadError::NotUtf8 => {
                                ("file is not valid UTF-8".to_string(), "gwc programs are UTF-8 text files; save the file as UTF-8")
                            }
                            LoadError::Io(m) => (m, "paths are relative to the importing file"),
                        };
                        let d = Diagnostic::error("E0203", span, format!("cannot import `{}`: {why}", path.display()))
                            .label("this import")
                            .help(help);
                        self.diags.push(d);
                        return;
                    }
                },
            },
        };
        for a in aliases {
            self.modules[from.0].imports.insert(a, target);
        }
    }
}
