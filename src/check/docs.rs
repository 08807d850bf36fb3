//! Checks documentation parts: `documentation { }` of the API and `documentation "/path" { }` of
//! a resource, and a route's `summary`, `description`, parameter and response descriptions.

use super::eval::Env;
use super::props::Props;
use super::Cx;
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{DocItem, DocPart, Method, ParamLocation, Path, RequestParam, Route, RouteKey};
use crate::source::Span;
use crate::syntax::ast::{self, Stmt};
use indexmap::IndexMap;
use std::rc::Rc;

impl<'w> Cx<'w> {
    /// The API's and resources' `documentation` blocks, added to the route documentation;
    /// returns the documentation version the stages publish.
    pub(crate) fn api_docs(&mut self, props: &mut Props<'w>, routes: &[Route]) -> Option<String> {
        let mut version = None;
        let mut seen: Vec<(Option<Path>, Span)> = Vec::new();
        for (b, env) in props.blocks("documentation") {
            let path = match b.labels.as_slice() {
                [] => None,
                [l] => match self.doc_resource(l, &env, routes) {
                    Some(p) => Some(p),
                    None => continue,
                },
                [_, extra, ..] => {
                    let d = Diagnostic::error("E0205", extra.span, "`documentation` takes at most one path")
                        .label("extra label")
                        .help("write `documentation { ... }` for the API, or `documentation \"/path\" { ... }` for a resource");
                    self.diags.push(d);
                    continue;
                }
            };
            let what = match &path {
                None => "the API's documentation".to_string(),
                Some(p) => format!("the documentation of `{}`", p.text()),
            };
            let mut p = Props::of_body(&b.body, &env, what);
            let properties = self.doc_properties(&mut p);
            if path.is_none() {
                if let Some(v) = p.get(self, "version") {
                    version = self.literal(&v).filter(|s| {
                        let ok = !s.trim().is_empty() && s.len() <= 64;
                        if !ok {
                            let d = Diagnostic::error("E0302", v.span, "a documentation version is 1 to 64 characters")
                                .label("invalid version")
                                .help("write e.g. `version = \"1.0.0\"`");
                            self.diags.push(d);
                        }
                        ok
                    });
                }
            }
            p.finish(self);
            if let Some((_, first)) = seen.iter().find(|(q, _)| *q == path) {
                let d = Diagnostic::error("E0202", b.kind.span, "documented twice")
                    .label("second `documentation` block")
                    .with_secondary(*first, "first documented here")
                    .help("merge the two blocks");
                self.diags.push(d);
                continue;
            }
            seen.push((path.clone(), b.kind.span));
            if properties.is_empty() {
                if path.is_some() || version.is_none() {
                    let d = Diagnostic::error("E0206", b.kind.span, "`documentation` needs `summary` or `description`")
                        .label("nothing documented")
                        .help("add `description = \"...\"`");
                    self.diags.push(d);
                }
                continue;
            }
            self.route_docs.push(DocPart { method: None, path, item: None, properties, span: b.kind.span });
        }
        version
    }

    /// `summary` and `description`, plain strings.
    pub(crate) fn doc_properties(&mut self, p: &mut Props<'w>) -> IndexMap<String, String> {
        let mut out = IndexMap::new();
        for key in ["summary", "description"] {
            if let Some(s) = p.get(self, key).and_then(|v| self.literal(&v)) {
                out.insert(key.to_string(), s);
            }
        }
        out
    }

    /// The path of `documentation "/pets" { }`: a resource of the API (a route's path or a
    /// prefix of one).
    fn doc_resource(&mut self, label: &ast::Ident, env: &Rc<Env>, routes: &[Route]) -> Option<Path> {
        let full = format!("{}{}", env.prefix, label.name);
        let full = if full.len() > 1 { full.trim_end_matches('/').to_string() } else { full };
        if !full.starts_with('/') {
            let d = Diagnostic::error("E0401", label.span, format!("`{}` is not a path", label.name))
                .label("expected a path")
                .help("write the resource's path, e.g. `documentation \"/pets/{petId}\" { ... }`");
            self.diags.push(d);
            return None;
        }
        let path = self.path(&full, label.span)?;
        let mut resources: Vec<Path> = Vec::new();
        for r in routes {
            if let RouteKey::Http { path: rp, .. } = &r.key {
                for n in 0..=rp.segments.len() {
                    let prefix = Path { segments: rp.segments[..n].to_vec() };
                    if !resources.contains(&prefix) {
                        resources.push(prefix);
                    }
                }
            }
        }
        if resources.contains(&path) {
            return Some(path);
        }
        let texts: Vec<String> = resources.iter().map(Path::text).collect();
        let mut d = Diagnostic::error("E0431", label.span, format!("the API has no resource `{}`", path.text()))
            .label("documents a path no route uses");
        d = match did_you_mean(&path.text(), texts.iter().map(String::as_str)) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help("a resource is the path of a route, or a prefix of one; check the path"),
        };
        self.diags.push(d);
        None
    }

    /// A route's `documentation { path.id = "..."  query.limit = "..."  header.X-Trace = "..." }`:
    /// descriptions of its declared request parameters.
    pub(crate) fn param_docs(&mut self, b: &'w ast::Block, env: &Rc<Env>, params: &[RequestParam]) -> Vec<(DocItem, String, Span)> {
        let mut out: Vec<(DocItem, String, Span)> = Vec::new();
        for s in &b.body.stmts {
            let Stmt::Attr(a) = s else {
                let d = Diagnostic::error("E0205", b.kind.span, "a route's `documentation` holds `LOCATION.NAME = \"description\"` entries")
                    .label("not a parameter description")
                    .help("write e.g. `documentation { query.limit = \"How many pets to return\" }`; the route's own text is `summary` and `description`");
                self.diags.push(d);
                continue;
            };
            let location = match a.key.name.split_once('.') {
                Some(("path", n)) => Some((ParamLocation::Path, n)),
                Some(("query", n)) => Some((ParamLocation::Query, n)),
                Some(("header", n)) => Some((ParamLocation::Header, n)),
                _ => None,
            };
            let Some((location, name)) = location.filter(|(_, n)| !n.is_empty()) else {
                let mut d = Diagnostic::error("E0205", a.key.span, format!("`{}` is not a request parameter", a.key.name))
                    .label("expected `path.NAME`, `query.NAME` or `header.NAME`");
                d = match a.key.name.as_str() {
                    "summary" | "description" => d.help(format!("write `{}` on the route itself, outside `documentation`", a.key.name)),
                    _ => d.help("a route's `documentation` describes its request parameters: `query.limit = \"...\"`"),
                };
                self.diags.push(d);
                continue;
            };
            let declared = params.iter().find(|p| {
                p.location == location && if location == ParamLocation::Header { p.name.eq_ignore_ascii_case(name) } else { p.name == name }
            });
            let Some(param) = declared else {
                let word = match location {
                    ParamLocation::Path => "path variable",
                    ParamLocation::Query => "query parameter",
                    ParamLocation::Header => "header",
                };
                let d = Diagnostic::error("E0405", a.key.span, format!("the route declares no {word} `{name}`"))
                    .label("documents an undeclared parameter")
                    .help(match location {
                        ParamLocation::Path => format!("path variables come from the path: add `{{{name}}}` to it"),
                        _ => format!("declare it on the route: `{} {name}`", a.key.name.split_once('.').map_or("", |(l, _)| l)),
                    });
                self.diags.push(d);
                continue;
            };
            let item = DocItem::Parameter(location, param.name.clone());
            if out.iter().any(|(i, _, _)| *i == item) {
                let d = Diagnostic::error("E0202", a.key.span, format!("`{}` is documented twice", a.key.name)).label("documented again");
                self.diags.push(d);
                continue;
            }
            let v = self.eval(&a.value, env);
            if let Some(text) = self.literal(&v) {
                out.push((item, text, a.key.span));
            }
        }
        out
    }
}

/// The documentation parts of one route: the method (`summary`, `description`) and its
/// parameters and responses.
pub(crate) fn route_parts(
    method: Method,
    path: &Path,
    route: IndexMap<String, String>,
    items: Vec<(DocItem, String, Span)>,
    span: Span,
) -> Vec<DocPart> {
    let mut out = Vec::new();
    if !route.is_empty() {
        out.push(DocPart { method: Some(method), path: Some(path.clone()), item: None, properties: route, span });
    }
    for (item, text, span) in items {
        let properties = IndexMap::from([("description".to_string(), text)]);
        out.push(DocPart { method: Some(method), path: Some(path.clone()), item: Some(item), properties, span });
    }
    out
}
