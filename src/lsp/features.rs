//! Hover, go to definition, find references, document symbols and formatting.

use super::analysis::{Analysis, Lines};
use super::index::Decl;
use crate::model::RouteKey;
use crate::source::{FileId, Span};
use crate::syntax::ast;
use lsp_types::{DocumentSymbol, Location, SymbolKind, Url};
use serde_json::Value;

/// Where a file of the analysis lives, as a URI; stdlib modules are written once to a
/// read-only copy in the temp folder so that "go to definition" can open them.
pub fn file_uri(a: &Analysis, file: FileId) -> Option<Url> {
    let src = a.sources.get(file);
    match &src.path {
        Some(p) => Url::from_file_path(std::path::absolute(p).ok()?).ok(),
        None => {
            let dir = std::env::temp_dir().join(format!("gwc-{}-stdlib", env!("CARGO_PKG_VERSION")));
            let path = dir.join(src.name.trim_start_matches("std/"));
            if std::fs::read_to_string(&path).ok().as_deref() != Some(src.text.as_str()) {
                std::fs::create_dir_all(&dir).ok()?;
                std::fs::write(&path, &src.text).ok()?;
            }
            Url::from_file_path(path).ok()
        }
    }
}

pub fn location(a: &Analysis, span: Span) -> Option<Location> {
    let lines = Lines::new(&a.sources.get(span.file).text);
    Some(Location { uri: file_uri(a, span.file)?, range: lines.range(span.start as usize, span.end as usize) })
}

pub fn definition(a: &Analysis, offset: usize) -> Option<Location> {
    let d = a.index.at(a.root(), offset)?;
    location(a, a.index.decls[d].name_span)
}

pub fn references(a: &Analysis, offset: usize, include_declaration: bool) -> Vec<Location> {
    let Some(d) = a.index.at(a.root(), offset) else { return Vec::new() };
    let mut spans: Vec<Span> = a.index.references(d).map(|r| r.span).collect();
    if include_declaration {
        spans.insert(0, a.index.decls[d].name_span);
    }
    spans.into_iter().filter_map(|s| location(a, s)).collect()
}

/// Markdown for the name or the route at `offset`.
pub fn hover(a: &Analysis, offset: usize) -> Option<(String, Span)> {
    if let Some(d) = a.index.at(a.root(), offset).filter(|d| a.index.decls[*d].kind != "route") {
        let decl = &a.index.decls[d];
        let span = a
            .index
            .refs
            .iter()
            .find(|r| r.span.file == a.root() && r.span.start as usize <= offset && offset <= r.span.end as usize)
            .map_or(decl.name_span, |r| r.span);
        return Some((describe(a, decl), span));
    }
    route_hover(a, offset)
}

fn describe(a: &Analysis, decl: &Decl) -> String {
    let src = a.sources.get(decl.span.file);
    let text = src.text.get(decl.span.start as usize..decl.span.end as usize).unwrap_or("");
    let first = text.lines().next().unwrap_or("");
    let shown = if text.lines().count() > 1 { format!("{first} …") } else { first.to_string() };
    let what = match decl.kind.as_str() {
        "param" => "deploy-time parameter (a CloudFormation Parameter)".to_string(),
        "function" => "Lambda function".to_string(),
        "log_group" => "CloudWatch Logs log group".to_string(),
        "role" => "IAM role".to_string(),
        "let" => "value".to_string(),
        "template" => "template of statements, instantiated with `use`".to_string(),
        "import" => "imported module".to_string(),
        "api" => "API".to_string(),
        other => format!("`{other}` of API `{}`", decl.api.map(|i| a.index.decls[i].name.as_str()).unwrap_or("?")),
    };
    format!("```gw\n{shown}\n```\n{what}, declared in `{}`", src.name)
}

/// A route: its method and full path, and the CloudFormation resources it lowers to.
fn route_hover(a: &Analysis, offset: usize) -> Option<(String, Span)> {
    let root = a.root();
    let module = &a.ws.modules[a.ws.root.0];
    let route = module.ast.items.iter().find_map(|i| match i {
        ast::Item::Api(api) => api.body.stmts.iter().find_map(|s| match s {
            ast::Stmt::Route(r) if r.method.span.start as usize <= offset && offset <= r.path.span.end as usize => Some((api, r)),
            _ => None,
        }),
        _ => None,
    });
    let Some((api_ast, route)) = route else { return v2_route_hover(a, offset) };
    let head = route.method.span.to(route.path.span);
    let api = a.checked.program.apis.iter().find(|x| x.name == api_ast.name.name)?;
    let model_route = api.routes.iter().find(|r| r.span.file == root && r.span.start == route.span.start)?;
    let RouteKey::Http { method, path } = &model_route.key else { return None };
    if api.kind != crate::model::ApiKind::Rest {
        return Some((v2_route_markdown(a, api, model_route), head));
    }
    let mut md = format!("```gw\n{} {}\n```\nroute of API `{}`", method.as_str(), path.text(), api.name);
    if !a.checked.has_errors() {
        let template = crate::emit::cloudformation::template(&a.checked.program, api);
        let ids = route_resources(&template, method.as_str(), &path.text(), &path.arn_pattern());
        if !ids.is_empty() {
            md.push_str("\n\nCloudFormation resources:\n");
            for (id, ty) in ids {
                md.push_str(&format!("- `{id}` ({ty})\n"));
            }
        }
    }
    Some((md, head))
}

/// `route $connect { }` (and `route $default { }`) of an HTTP or WebSocket API.
fn v2_route_hover(a: &Analysis, offset: usize) -> Option<(String, Span)> {
    let module = &a.ws.modules[a.ws.root.0];
    let (api_ast, head) = module.ast.items.iter().find_map(|i| match i {
        ast::Item::Api(api) => api.body.stmts.iter().find_map(|s| match s {
            ast::Stmt::Block(b) if b.kind.name == "route" => {
                let head = b.kind.span.to(b.labels.first().map_or(b.kind.span, |l| l.span));
                (head.start as usize <= offset && offset <= head.end as usize).then_some((api, head))
            }
            _ => None,
        }),
        _ => None,
    })?;
    let api = a.checked.program.apis.iter().find(|x| x.name == api_ast.name.name)?;
    let model_route = api.routes.iter().find(|r| r.span.file == head.file && r.span.start == head.start)?;
    Some((v2_route_markdown(a, api, model_route), head))
}

/// An HTTP or WebSocket route and the CloudFormation resources it lowers to: its Route,
/// Integration, route and integration responses, and the Lambda permissions scoped to it.
fn v2_route_markdown(a: &Analysis, api: &crate::model::Api, route: &crate::model::Route) -> String {
    let key = route.key.text();
    let mut md = format!("```gw\n{key}\n```\nroute of {} API `{}`", api.kind.word(), api.name);
    if a.checked.has_errors() {
        return md;
    }
    let template = crate::emit::cloudformation::template(&a.checked.program, api);
    let Some(res) = template.get("Resources").and_then(Value::as_object) else { return md };
    let ty = |v: &Value| v.get("Type").and_then(Value::as_str).unwrap_or("").to_string();
    let mut out: Vec<(String, String)> = Vec::new();
    for (id, r) in res {
        if ty(r) != "AWS::ApiGatewayV2::Route" || r["Properties"]["RouteKey"].as_str() != Some(key.as_str()) {
            continue;
        }
        out.push((id.clone(), ty(r)));
        let target = r["Properties"]["Target"]["Fn::Sub"].as_str().unwrap_or("");
        let integration = target.trim_start_matches("integrations/${").trim_end_matches('}').to_string();
        for (other, o) in res {
            let refers = |prop: &str, to: &str| o["Properties"][prop].get("Ref").and_then(Value::as_str) == Some(to);
            match ty(o).as_str() {
                "AWS::ApiGatewayV2::Integration" if *other == integration => out.push((other.clone(), ty(o))),
                "AWS::ApiGatewayV2::RouteResponse" if refers("RouteId", id) => out.push((other.clone(), ty(o))),
                "AWS::ApiGatewayV2::IntegrationResponse" if refers("IntegrationId", &integration) => out.push((other.clone(), ty(o))),
                _ => {}
            }
        }
    }
    let scope = match &route.key {
        RouteKey::Http { method, path } => {
            format!("/{}/{}", if method.as_str() == "ANY" { "*" } else { method.as_str() }, path.arn_pattern())
        }
        other => format!("/{}", other.text()),
    };
    for (id, r) in res {
        let arn = r["Properties"]["SourceArn"]["Fn::Sub"].as_str().unwrap_or("");
        if ty(r) == "AWS::Lambda::Permission" && arn.ends_with(&scope) {
            out.push((id.clone(), ty(r)));
        }
    }
    if !out.is_empty() {
        md.push_str("\n\nCloudFormation resources:\n");
        for (id, t) in out {
            md.push_str(&format!("- `{id}` ({t})\n"));
        }
    }
    md
}

/// The Method of a route, the Resources of its path and the Lambda permissions scoped to it.
fn route_resources(template: &Value, method: &str, path: &str, arn: &str) -> Vec<(String, String)> {
    let Some(res) = template.get("Resources").and_then(Value::as_object) else { return Vec::new() };
    let ty = |v: &Value| v.get("Type").and_then(Value::as_str).unwrap_or("").to_string();
    // The path of an AWS::ApiGateway::Resource, and the chain of Resource IDs leading to it.
    let resource_path = |id: &str| -> (String, Vec<String>) {
        let (mut parts, mut chain, mut cur) = (Vec::new(), Vec::new(), id.to_string());
        while let Some(r) = res.get(&cur) {
            let props = &r["Properties"];
            parts.push(props["PathPart"].as_str().unwrap_or("").to_string());
            chain.push(cur.clone());
            match props["ParentId"].get("Ref").and_then(Value::as_str) {
                Some(parent) if chain.len() < 64 => cur = parent.to_string(),
                _ => break,
            }
        }
        parts.reverse();
        chain.reverse();
        (format!("/{}", parts.join("/")), chain)
    };
    let mut out = Vec::new();
    for (id, r) in res {
        if ty(r) != "AWS::ApiGateway::Method" || r["Properties"]["HttpMethod"].as_str() != Some(method) {
            continue;
        }
        let (p, chain) = match r["Properties"]["ResourceId"].get("Ref").and_then(Value::as_str) {
            Some(rid) => resource_path(rid),
            None => ("/".to_string(), Vec::new()),
        };
        if p == path {
            out.push((id.clone(), ty(r)));
            out.extend(chain.into_iter().map(|c| (c, "AWS::ApiGateway::Resource".to_string())));
        }
    }
    let needle = format!("/{}/{arn}", if method == "ANY" { "*" } else { method });
    for (id, r) in res {
        if ty(r) == "AWS::Lambda::Permission" && r["Properties"]["SourceArn"].to_string().contains(&needle) {
            out.push((id.clone(), ty(r)));
        }
    }
    out
}

/// APIs (with their routes, stages and other named blocks), templates and declarations.
#[allow(deprecated)] // DocumentSymbol::deprecated is a required field
pub fn symbols(a: &Analysis) -> Vec<DocumentSymbol> {
    let module = &a.ws.modules[a.ws.root.0];
    let lines = Lines::new(&a.sources.get(module.file).text);
    let sym = |name: String, detail: &str, kind: SymbolKind, span: Span, sel: Span, children: Vec<DocumentSymbol>| DocumentSymbol {
        name,
        detail: Some(detail.to_string()),
        kind,
        tags: None,
        deprecated: None,
        range: lines.range(span.start as usize, span.end as usize),
        selection_range: lines.range(sel.start as usize, sel.end as usize),
        children: (!children.is_empty()).then_some(children),
    };
    let mut out = Vec::new();
    for item in &module.ast.items {
        out.push(match item {
            ast::Item::Import(i) => {
                let t = match &i.target {
                    ast::ImportTarget::Module(t) | ast::ImportTarget::File(t) => t,
                };
                sym(t.name.clone(), "import", SymbolKind::MODULE, i.span, t.span, vec![])
            }
            ast::Item::Param(p) => sym(p.name.name.clone(), "param", SymbolKind::CONSTANT, p.span, p.name.span, vec![]),
            ast::Item::Template(t) => sym(t.name.name.clone(), "template", SymbolKind::FUNCTION, t.span, t.name.span, vec![]),
            ast::Item::Binding(b) => {
                let kind = if b.keyword.name == "function" { SymbolKind::FUNCTION } else { SymbolKind::VARIABLE };
                sym(b.name.name.clone(), &b.keyword.name, kind, b.span, b.name.span, vec![])
            }
            ast::Item::Api(api) => {
                let mut children = Vec::new();
                for s in &api.body.stmts {
                    match s {
                        ast::Stmt::Route(r) => {
                            let name = format!("{} {}", r.method.name, r.path.name);
                            children.push(sym(name, "route", SymbolKind::METHOD, r.span, r.method.span.to(r.path.span), vec![]));
                        }
                        ast::Stmt::Block(b) => {
                            let Some(label) = b.labels.first() else { continue };
                            let kind = if b.kind.name == "stage" { SymbolKind::EVENT } else { SymbolKind::OBJECT };
                            children.push(sym(label.name.clone(), &b.kind.name, kind, b.span, label.span, vec![]));
                        }
                        _ => {}
                    }
                }
                sym(api.name.name.clone(), &format!("{} api", api.kind.name), SymbolKind::CLASS, api.span, api.name.span, children)
            }
        });
    }
    out
}
