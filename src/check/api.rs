//! Checks one API declaration: its settings, the templates it uses, and whole-API rules
//! (paths, duplicate routes, stage variables, stages).

use super::eval::{Env, Value, V};
use super::load::ModuleId;
use super::props::Props;
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{Api, ApiKeySource, ApiKind, Auth, Endpoint, EndpointKind, Method, RouteKey, Segment, Text};
use crate::source::Span;
use crate::syntax::ast::{self, Stmt};
use indexmap::IndexMap;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Deepest chain of templates using templates.
const MAX_TEMPLATE_DEPTH: usize = 16;

/// API-wide defaults that routes inherit.
pub(crate) struct ApiDefaults {
    pub auth: Option<(V, Rc<Env>)>,
    pub api_key_required: bool,
    /// Authorizers declared with errors: routes using them report nothing more.
    pub broken_authorizers: Vec<String>,
    /// The API's models, for `body: MODEL` and response models.
    pub models: Vec<crate::model::Model>,
    /// The API-wide `validate` setting.
    pub validate: Option<V>,
}

impl<'w> Cx<'w> {
    pub(crate) fn api(&mut self, a: &'w ast::ApiDecl, env: &Rc<Env>) -> Option<Api> {
        let kind = match a.kind.name.as_str() {
            "rest" => ApiKind::Rest,
            "http" => ApiKind::Http,
            _ => ApiKind::Websocket,
        };
        if !valid_api_name(&a.name.name) {
            let d = Diagnostic::error("E0301", a.name.span, "API names are letters, digits and underscores, starting with a letter")
                .label("invalid name")
                .help(match a.name.name.trim_start_matches(|c: char| !c.is_ascii_alphabetic()) {
                    "" => "rename it, e.g. `my_api`".to_string(),
                    rest => format!("rename it, e.g. `{rest}`"),
                });
            self.diags.push(d);
        }
        self.kind = Some(kind);
        if kind != ApiKind::Rest {
            return self.v2_api(a, env, kind);
        }
        let mut stmts = Vec::new();
        let diags_before = self.diags.len();
        self.flatten(&a.body, env, &mut stmts);
        // A `use` that failed may have been meant to supply the routes.
        let use_failed = self.diags.len() > diags_before;
        let mut props = Props::new(stmts, format!("a {} API", kind.word()));

        let description = props.get(self, "description").and_then(|v| self.text(&v));
        let endpoint_kind = props
            .get(self, "endpoint")
            .and_then(|v| self.option(&v, "endpoint type", &["edge", "regional", "private"]))
            .map(|w| match w {
                "edge" => EndpointKind::Edge,
                "private" => EndpointKind::Private,
                _ => EndpointKind::Regional,
            })
            .unwrap_or(EndpointKind::Edge);
        let vpc_endpoints_v = props.get(self, "vpc_endpoints");
        let vpc_endpoint_ids = match &vpc_endpoints_v {
            Some(v) => self.list(v).iter().filter_map(|i| self.text(i)).collect(),
            None => Vec::new(),
        };
        if let Some(v) = &vpc_endpoints_v {
            if endpoint_kind != EndpointKind::Private {
                let d = Diagnostic::error("E0301", v.span, "`vpc_endpoints` applies only to private APIs")
                    .label("API is not private")
                    .help("add `endpoint = private`, or remove `vpc_endpoints`");
                self.diags.push(d);
            }
        } else if endpoint_kind == EndpointKind::Private
            && !props.items.iter().any(|(s, _)| matches!(s, Stmt::Block(b) if b.kind.name == "policy"))
        {
            let span = props.key_span("endpoint").unwrap_or(a.name.span);
            let d = Diagnostic::error("E0412", span, "a private API needs `vpc_endpoints`")
                .label("private endpoint")
                .help("add `vpc_endpoints = [\"vpce-...\"]`: gwc generates the resource policy that lets only those endpoints in");
            self.diags.push(d);
        }
        let tags = self.tags(&mut props);
        let binary_media_types = props
            .get(self, "binary_media_types")
            .map(|v| self.list(&v).iter().filter_map(|i| self.literal(i)).collect())
            .unwrap_or_default();
        let minimum_compression_size =
            props.get(self, "minimum_compression").and_then(|v| self.size_bytes(&v, "minimum compression size", 0.0, 10_485_760.0));
        let api_key_source = props
            .get(self, "api_key_source")
            .and_then(|v| self.option(&v, "API key source", &["header", "authorizer"]))
            .map(|w| if w == "header" { ApiKeySource::Header } else { ApiKeySource::Authorizer });
        let disable_execute_api_endpoint = props.get(self, "disable_execute_api_endpoint").and_then(|v| self.boolean(&v)).unwrap_or(false);
        let default_auth = props.items.iter().find_map(|(s, e)| match s {
            Stmt::Attr(at) if at.key.name == "auth" => Some(e.clone()),
            _ => None,
        });
        let auth_v = props.get(self, "auth");
        let api_key_required = props.get(self, "api_key_required").and_then(|v| self.boolean(&v)).unwrap_or(false);

        let (authorizers, broken_authorizers) = self.authorizers(&mut props);
        let models = self.models(&mut props);
        let validate = props.get(self, "validate");
        let defaults = ApiDefaults { auth: auth_v.zip(default_auth), api_key_required, broken_authorizers, models, validate };
        self.route_docs.clear();
        let route_stmts = props.take(|s| if let Stmt::Route(r) = s { Some(r) } else { None });
        let declared_routes = route_stmts.len();
        let mut routes = Vec::new();
        let mut use_sites = Vec::new();
        for (r, renv) in route_stmts {
            if let Some(route) = self.route(r, &renv, &defaults, &authorizers) {
                routes.push(route);
                use_sites.push(renv.use_site);
            }
        }
        let docs_version = self.api_docs(&mut props, &routes);
        let stages = self.stages(&mut props);
        let cors = self.cors(&mut props);
        let gateway_responses = self.gateway_responses(&mut props);
        let policy = self.policy(&mut props);
        let api_keys = self.api_keys(&mut props);
        let mut plan_refs = super::plans::PlanRefs::default();
        let usage_plans = self.usage_plans(&mut props, &mut plan_refs);
        let mut domain_refs = super::domains::DomainRefs::default();
        let domains = self.domains(&mut props, endpoint_kind, &mut domain_refs);
        let vpc_links = self.vpc_links(&mut props);
        let client_certificates = self.client_certificates(&mut props);
        let logging_role = props.get(self, "logging_role").and_then(|v| self.logging_role(&v));
        props.take(|s| if let Stmt::Use(u) = s { Some(u) } else { None });
        self.kind_matrix(&mut props, kind, super::kinds::Place::Api);
        props.finish(self);

        let api = Api {
            name: a.name.name.clone(),
            kind,
            description,
            endpoint: Endpoint { kind: endpoint_kind, vpc_endpoint_ids },
            tags,
            binary_media_types,
            minimum_compression_size,
            api_key_source,
            disable_execute_api_endpoint,
            routes,
            authorizers,
            stages,
            models: defaults.models,
            cors,
            gateway_responses,
            policy,
            usage_plans,
            api_keys,
            domains,
            vpc_links,
            client_certificates,
            logging_role,
            docs: std::mem::take(&mut self.route_docs),
            docs_version,
            v2: None,
            span: a.name.span,
        };
        self.check_paths(&api, &use_sites);
        self.check_stage_variables(&api);
        self.check_default_stage(&api);
        let mut api = api;
        self.check_caching(&api);
        self.check_plans(&api, plan_refs);
        self.check_references(&api, domain_refs);
        self.apply_cors(&mut api);
        canonicalize(&mut api);
        api.docs.sort_by_cached_key(|d| (d.path.as_ref().map(|p| p.text()), d.method, d.item.clone()));
        if api.routes.is_empty() && declared_routes == 0 && !use_failed {
            let d = Diagnostic::error("E0410", a.name.span, format!("API `{}` has no routes", api.name))
                .label("no routes")
                .help("add a route such as `GET /health { integration = mock() }`; API Gateway cannot deploy a REST API without methods");
            self.diags.push(d);
        }
        if api.stages.is_empty() {
            let d = Diagnostic::error("E0411", a.name.span, format!("API `{}` has no stages", api.name))
                .label("no stages")
                .help("add `stage prod {}`: gwc never relies on implicit stages");
            self.diags.push(d);
        }
        self.check_template_size(&api);
        Some(api)
    }

    /// `tags { key = "value" }` or `tags = { ... }`.
    pub(crate) fn tags(&mut self, props: &mut Props) -> IndexMap<String, Text> {
        let mut tags = IndexMap::new();
        let mut entries: Vec<(ast::Ident, V)> = Vec::new();
        if let Some(v) = props.get(self, "tags") {
            match v.value {
                Value::Object(items) => entries.extend(items),
                _ => self.type_error(&v, "an object `{ key = \"value\" }`"),
            }
        }
        if let Some((b, env)) = props.block(self, "tags") {
            for s in &b.body.stmts {
                match s {
                    Stmt::Attr(at) => entries.push((at.key.clone(), self.eval(&at.value, &env))),
                    other => {
                        let d = Diagnostic::error("E0205", stmt_span(other), "only `key = \"value\"` entries belong in `tags`")
                            .label("not a tag");
                        self.diags.push(d);
                    }
                }
            }
        }
        for (k, v) in entries {
            if let Some(t) = self.text(&v) {
                if tags.insert(k.name.clone(), t).is_some() {
                    let d = Diagnostic::error("E0202", k.span, format!("tag `{}` is set twice", k.name)).label("duplicate tag");
                    self.diags.push(d);
                }
            }
        }
        tags
    }
}

impl<'w> Cx<'w> {
    /// Expands `use TEMPLATE(...)` statements into the statements they stand for.
    pub(crate) fn flatten(&mut self, body: &'w ast::Body, env: &Rc<Env>, out: &mut Vec<(&'w Stmt, Rc<Env>)>) {
        self.flatten_in(body, env, out, &mut Vec::new());
    }

    /// `expanding`: the templates whose bodies are being expanded, outermost first.
    fn flatten_in(
        &mut self,
        body: &'w ast::Body,
        env: &Rc<Env>,
        out: &mut Vec<(&'w Stmt, Rc<Env>)>,
        expanding: &mut Vec<(ModuleId, String)>,
    ) {
        for s in &body.stmts {
            out.push((s, env.clone()));
            if let Stmt::Use(u) = s {
                if let Some((tbody, tenv, key)) = self.instantiate(u, env, expanding) {
                    expanding.push(key);
                    self.flatten_in(tbody, &tenv, out, expanding);
                    expanding.pop();
                }
            }
        }
    }

    fn instantiate(
        &mut self,
        u: &ast::Use,
        env: &Rc<Env>,
        expanding: &[(ModuleId, String)],
    ) -> Option<(&'w ast::Body, Rc<Env>, (ModuleId, String))> {
        let (m, name) = match self.resolve(env.module, &u.template.name, u.template.span) {
            super::eval::Resolved::Symbol(m, name) => (m, name),
            super::eval::Resolved::NotDeclared => {
                self.unknown_name(u.template.span, &u.template.name, "template", |k| k == "template");
                return None;
            }
            super::eval::Resolved::Reported => return None,
        };
        let Some(super::Symbol::Template(t)) = self.symbols[m.0].get(&name).copied() else {
            let d = Diagnostic::error("E0301", u.template.span, format!("`{}` is not a template", u.template.name)).label("not a template");
            self.diags.push(d);
            return None;
        };
        // A template that uses itself, directly or through others, never ends; without this, a
        // template with two such uses would expand 2^MAX_TEMPLATE_DEPTH times before the depth
        // limit stopped it.
        if expanding.iter().any(|(em, en)| *em == m && *en == name) {
            let d = Diagnostic::error("E0208", u.span, format!("template `{}` uses itself", t.name.name))
                .label("template use")
                .with_secondary(t.name.span, "template declared here")
                .help("a template cannot use itself, directly or through another template; break the cycle");
            self.diags.push(d);
            return None;
        }
        if env.depth >= MAX_TEMPLATE_DEPTH {
            let d = Diagnostic::error("E0208", u.span, format!("templates nest more than {MAX_TEMPLATE_DEPTH} deep"))
                .label("template use")
                .help("a template probably uses itself; break the cycle");
            self.diags.push(d);
            return None;
        }
        let mut vars = IndexMap::new();
        let mut positional = 0usize;
        for arg in &u.args {
            let pname = match &arg.name {
                Some(n) => {
                    if !t.params.iter().any(|p| p.name == n.name) {
                        let mut d = Diagnostic::error("E0207", n.span, format!("template `{}` has no parameter `{}`", t.name.name, n.name))
                            .label("unknown parameter");
                        let names: Vec<&str> = t.params.iter().map(|p| p.name.as_str()).collect();
                        d = match crate::diag::did_you_mean(&n.name, names.iter().copied()) {
                            Some(s) => d.help(format!("did you mean `{s}`?")),
                            None => d.help(format!("its parameters are: {}", names.join(", "))),
                        };
                        self.diags.push(d);
                        continue;
                    }
                    n.name.clone()
                }
                None => match t.params.get(positional) {
                    Some(p) => {
                        positional += 1;
                        p.name.clone()
                    }
                    None => {
                        let names: Vec<&str> = t.params.iter().map(|p| p.name.as_str()).collect();
                        let d = Diagnostic::error("E0207", arg.value.span, format!("too many arguments to template `{}`", t.name.name))
                            .label("extra argument")
                            .with_secondary(t.name.span, format!("takes {} parameters", t.params.len()))
                            .help(format!("`{}` takes {}; remove the extra argument", t.name.name, names.join(", ")));
                        self.diags.push(d);
                        continue;
                    }
                },
            };
            let v = self.eval(&arg.value, env);
            if vars.insert(pname.clone(), v).is_some() {
                let d = Diagnostic::error("E0207", arg.value.span, format!("parameter `{pname}` is given twice")).label("given again");
                self.diags.push(d);
            }
        }
        let missing: Vec<&str> = t.params.iter().filter(|p| !vars.contains_key(&p.name)).map(|p| p.name.as_str()).collect();
        if !missing.is_empty() {
            let d = Diagnostic::error(
                "E0207",
                u.span,
                format!("template `{}` needs {}", t.name.name, missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")),
            )
            .label("missing arguments")
            .with_secondary(t.name.span, "template declared here")
            .help(format!("add {}", missing.iter().map(|m| format!("`{m}: ...`")).collect::<Vec<_>>().join(", ")));
            self.diags.push(d);
            return None;
        }
        let mut prefix = env.prefix.clone();
        if let Some(at) = &u.at {
            prefix.push_str(at.name.trim_end_matches('/'));
        }
        let tenv = Rc::new(Env { module: m, vars, depth: env.depth + 1, prefix, use_site: env.use_site.or(Some(u.span)) });
        Some((&t.body, tenv, (m, name)))
    }
}

fn stmt_span(s: &Stmt) -> Span {
    match s {
        Stmt::Attr(a) => a.span,
        Stmt::Block(b) => b.span,
        Stmt::Route(r) => r.span,
        Stmt::Use(u) => u.span,
        Stmt::RequestParam(p) => p.span,
        Stmt::Field(f) => f.span,
    }
}

/// Puts order-free declarations in a canonical order, so that reordering a program changes
/// neither its output nor its deployment hash.
fn canonicalize(api: &mut Api) {
    // Cached: the key allocates, and a comparison sort would build it O(n log n) times.
    api.routes.sort_by_cached_key(|r| route_order(&r.key));
    api.authorizers.sort_by(|a, b| a.name.cmp(&b.name));
    api.stages.sort_by(|a, b| a.name.cmp(&b.name));
    api.tags.sort_keys();
    for s in &mut api.stages {
        s.tags.sort_keys();
        s.variables.sort_keys();
    }
}

fn route_order(k: &RouteKey) -> (String, String) {
    match k {
        RouteKey::Http { method, path } => (path.text(), method.as_str().to_string()),
        RouteKey::Default => ("$default".into(), String::new()),
        RouteKey::Websocket(w) => (w.clone(), String::new()),
    }
}

fn valid_api_name(n: &str) -> bool {
    n.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Cx<'_> {
    /// Duplicate routes and conflicting variables between sibling path segments. `use_sites`
    /// holds, per route, the `use` it came from (reported instead of the template's text).
    fn check_paths(&mut self, api: &Api, use_sites: &[Option<Span>]) {
        // Each tree position (the literal/variable shape of the path so far) → the variable name
        // first used there, so `/{id}` and `/{name}` under the same parent conflict.
        let mut var_at: BTreeMap<Vec<String>, (String, Span)> = BTreeMap::new();
        let mut seen: BTreeMap<(Method, Vec<String>), Span> = BTreeMap::new();
        for (i, r) in api.routes.iter().enumerate() {
            let RouteKey::Http { method, path } = &r.key else { continue };
            let use_site = use_sites.get(i).copied().flatten();
            let at = use_site.unwrap_or(r.span);
            let via = if use_site.is_some() { " (through this template use)" } else { "" };
            let mut shape = Vec::new();
            for seg in &path.segments {
                match seg {
                    Segment::Literal(l) => shape.push(format!("L{l}")),
                    Segment::Var(_) | Segment::Greedy(_) => {
                        // `{id}` and `{id+}` are different children too: compare as written.
                        let v = &seg.text();
                        let v = &v[1..v.len() - 1];
                        match var_at.get(&shape) {
                            Some((first, first_span)) if first != v => {
                                let d = Diagnostic::error(
                                    "E0403",
                                    at,
                                    format!("path variable `{{{v}}}` conflicts with `{{{first}}}` at the same position"),
                                )
                                .label(format!("uses `{{{v}}}`{via}"))
                                .with_secondary(*first_span, format!("uses `{{{first}}}`"))
                                .help(format!("API Gateway allows one variable per position: rename `{{{v}}}` to `{{{first}}}`"));
                                self.diags.push(d);
                            }
                            Some(_) => {}
                            None => {
                                var_at.insert(shape.clone(), (v.to_string(), at));
                            }
                        }
                        let greedy = matches!(seg, Segment::Greedy(_));
                        shape.push(if greedy { "G".to_string() } else { "V".to_string() });
                    }
                }
            }
            if let Some(first) = seen.get(&(*method, shape.clone())) {
                let d = Diagnostic::error("E0404", at, format!("duplicate route `{} {}`", method.as_str(), path.text()))
                    .label(format!("second definition{via}"))
                    .with_secondary(*first, "first defined here")
                    .help("merge the two routes, or change the method or path of one");
                self.diags.push(d);
            } else {
                seen.insert((*method, shape), at);
            }
        }
        let _ = Auth::Iam;
    }

    /// Every stage variable used in a backend must be declared by a stage; those that select a
    /// Lambda function must be declared by every stage (each stage gets its own permission).
    pub(crate) fn check_stage_variables(&mut self, api: &Api) {
        use crate::model::{IdentitySource, IntegrationKind, MappingValue};
        let declared: Vec<&str> = api.stages.iter().flat_map(|s| s.variables.keys().map(String::as_str)).collect();
        // (variable, selects a function, where it is used, what uses it)
        let mut used: Vec<(String, bool, Span, &str)> = Vec::new();
        let mapped = |m: &MappingValue| match m {
            MappingValue::Expr(e) => e.strip_prefix("stageVariables.").map(str::to_string),
            MappingValue::Static(_) => None,
        };
        for r in &api.routes {
            let i = &r.integration;
            if let IntegrationKind::Http { url, .. } = &i.kind {
                used.extend(url.stage_variables().map(|v| (v.to_string(), false, i.span, "integration")));
            }
            if let Some(f) = i.kind.function().and_then(|f| self.program.functions.get(f)) {
                used.extend(f.arn.stage_variables().map(|v| (v.to_string(), true, i.span, "integration")));
            }
            let responses = i.responses.iter().flat_map(|ir| ir.headers.values());
            for v in i.request_parameters.values().chain(responses).filter_map(mapped) {
                used.push((v, false, i.span, "integration"));
            }
        }
        for a in &api.authorizers {
            if let Some(f) = a.kind.function().and_then(|f| self.program.functions.get(f)) {
                used.extend(f.arn.stage_variables().map(|v| (v.to_string(), true, a.span, "authorizer")));
            }
            if let crate::model::AuthorizerKind::Request { identity, .. } = &a.kind {
                for src in identity {
                    if let IdentitySource::StageVariable(v) = src {
                        used.push((v.clone(), false, a.span, "authorizer"));
                    }
                }
            }
        }
        for (var, per_stage, span, user) in used {
            if !declared.contains(&var.as_str()) {
                let d = Diagnostic::error("E0409", span, format!("stage variable `{var}` is not declared by any stage"))
                    .label(format!("used by this {user}"))
                    .help(format!("add `variables {{ {var} = \"...\" }}` to each stage"));
                self.diags.push(d);
            } else if per_stage {
                for s in &api.stages {
                    if !s.variables.contains_key(&var) {
                        let d = Diagnostic::error(
                            "E0415",
                            s.span,
                            format!("stage `{}` does not set `{var}`, which selects a Lambda function", s.name),
                        )
                        .label("missing stage variable")
                        .with_secondary(span, format!("function of this {user} chosen by the variable"))
                        .help(format!("add `{var} = \"...\"` to this stage's `variables`"));
                        self.diags.push(d);
                    }
                }
            }
        }
    }
}
