//! `x-amazon-apigateway-documentation` as the language's `documentation`: the API's (with its version), resources', methods', request parameters' and method responses' parts.

use super::write::{is_seg, plain};
use super::Importer;
use indexmap::IndexMap;
use serde_json::Value;

/// The documentation of one method: its `summary` and `description`, its parameters'
/// (`query.q`-style key, text, part pointer) and its responses' (status, text, part pointer).
#[derive(Debug, Clone, Default)]
pub(super) struct RouteDocs {
    pub props: Vec<(String, String)>,
    /// The pointer of the METHOD part, marked when the route is written.
    pub props_ptr: Option<String>,
    pub params: Vec<(String, String, String)>,
    pub responses: Vec<(u16, String, String)>,
}

const BASE: &str = "/x-amazon-apigateway-documentation";

impl Importer<'_> {
    /// The API's and resources' parts as `documentation` statements; the methods' as
    /// [`RouteDocs`] by (path, METHOD), which the routes write (and mark) themselves.
    pub(super) fn documentation(&mut self) -> IndexMap<(String, String), RouteDocs> {
        let mut out: IndexMap<(String, String), RouteDocs> = IndexMap::new();
        let parts = format!("{BASE}/documentationParts");
        let paths = self.keys("/paths");
        let mut api_props: Option<Vec<(String, String)>> = None;
        let mut resources: Vec<String> = Vec::new();
        for i in 0..self.len(&parts) {
            let p = format!("{parts}/{i}");
            let loc = self.at(&format!("{p}/location")).and_then(Value::as_object).cloned().unwrap_or_default();
            let field = |k: &str| loc.get(k).and_then(Value::as_str).map(str::to_string);
            let ty = field("type").unwrap_or_default();
            let props = self.at(&format!("{p}/properties")).and_then(Value::as_object).cloned().unwrap_or_default();
            let texts: Option<Vec<(String, String)>> = props
                .iter()
                .map(|(k, v)| v.as_str().filter(|_| k == "summary" || k == "description").map(|s| (k.clone(), s.to_string())))
                .collect();
            let Some(mut texts) = texts.filter(|t| !t.is_empty()) else {
                self.unsupported(&p, "a documentation part with properties other than `summary` and `description` strings");
                continue;
            };
            texts.sort_by_key(|(k, _)| if k == "summary" { 0 } else { 1 });
            let keys: Vec<&str> = loc.keys().map(String::as_str).collect();
            let only = |want: &[&str]| keys.iter().all(|k| want.contains(k));
            let method = field("method").map(|m| m.to_ascii_uppercase());
            match (ty.as_str(), field("path"), method) {
                ("API", _, _) if only(&["type"]) && api_props.is_none() => {
                    self.mark(&p);
                    api_props = Some(texts);
                }
                ("RESOURCE", Some(path), _) if only(&["type", "path"]) => {
                    let prefix = format!("{}/", path.trim_end_matches('/'));
                    if !paths.iter().any(|r| *r == path || r.starts_with(&prefix)) {
                        self.unsupported(&p, format!("the documentation of `{path}`, which no route's path has"));
                        continue;
                    }
                    self.mark(&p);
                    let body: Vec<String> = texts.iter().map(|(k, v)| format!("{k} = {}", plain(v))).collect();
                    resources.push(format!("documentation {} {{ {} }}", plain(&path), body.join("  ")));
                }
                ("METHOD", Some(path), Some(m)) if only(&["type", "path", "method"]) => {
                    let d = out.entry((path, m)).or_default();
                    d.props = texts;
                    d.props_ptr = Some(p);
                }
                (t @ ("QUERY_PARAMETER" | "PATH_PARAMETER" | "REQUEST_HEADER"), Some(path), Some(m))
                    if only(&["type", "path", "method", "name"]) && texts.len() == 1 && texts[0].0 == "description" =>
                {
                    let name = field("name").unwrap_or_default();
                    let loc = match t {
                        "QUERY_PARAMETER" => "query",
                        "PATH_PARAMETER" => "path",
                        _ => "header",
                    };
                    if !is_seg(&name) {
                        self.unsupported(&p, format!("the documentation of the parameter `{name}`"));
                        continue;
                    }
                    out.entry((path, m)).or_default().params.push((format!("{loc}.{name}"), texts[0].1.clone(), p));
                }
                ("RESPONSE", Some(path), Some(m))
                    if only(&["type", "path", "method", "statusCode"]) && texts.len() == 1 && texts[0].0 == "description" =>
                {
                    match field("statusCode").and_then(|s| s.parse::<u16>().ok()).filter(|s| (100..=599).contains(s)) {
                        Some(status) => out.entry((path, m)).or_default().responses.push((status, texts[0].1.clone(), p)),
                        None => self.unsupported(&p, "the documentation of a response that is not one status code"),
                    }
                }
                _ => self.unsupported(&p, format!("a documentation part of type `{ty}` with this location")),
            }
        }
        let api_props_none = api_props.is_none();
        let version = self.at(&format!("{BASE}/version")).and_then(Value::as_str).map(str::to_string);
        if let Some(mut props) = api_props {
            if let Some(v) = version {
                self.mark(&format!("{BASE}/version"));
                props.push(("version".into(), v));
            }
            let body: Vec<String> = props.iter().map(|(k, v)| format!("{k} = {}", plain(v))).collect();
            self.api.push(String::new());
            self.api.push(format!("documentation {{ {} }}", body.join("  ")));
        }
        if !resources.is_empty() && api_props_none {
            self.api.push(String::new());
        }
        self.api.extend(resources);
        out
    }

    /// The route's `documentation { query.q = "..." }` for the parameters it declares
    /// (`declared`: location, name); the others are reported.
    pub(super) fn parameter_docs(
        &mut self,
        docs: &[(String, String, String)],
        path: &str,
        declared: &[(String, String, bool)],
    ) -> Vec<String> {
        let mut items = Vec::new();
        for (key, text, p) in docs {
            let (loc, name) = key.split_once('.').unwrap_or(("", key));
            let known = match loc {
                "path" => path.contains(&format!("{{{name}}}")) || path.contains(&format!("{{{name}+}}")),
                _ => declared.iter().any(|(l, n, _)| l == loc && (n == name || (loc == "header" && n.eq_ignore_ascii_case(name)))),
            };
            if known {
                self.mark(p);
                items.push(format!("{key} = {}", plain(text)));
            } else {
                self.unsupported(p, format!("the documentation of `{key}`, which the method does not declare"));
            }
        }
        if items.is_empty() {
            Vec::new()
        } else {
            vec![format!("documentation {{ {} }}", items.join("  "))]
        }
    }
}
