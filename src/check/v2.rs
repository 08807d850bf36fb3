//! Checks HTTP and WebSocket APIs (API Gateway v2): the settings, routes, authorizers and stages
//! both kinds share; `http.rs` and `websocket.rs` hold what only one kind has.

use super::eval::{Env, Value, V};
use super::kinds::{kind_name, unsupported, Place, AUTHORIZER_KINDS};
use super::props::Props;
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{
    Api, ApiKind, ApiV2, Auth, Authorizer, AuthorizerKind, AuthorizerV2, Endpoint, EndpointKind, IdentitySource, LogLevel, Method, Route,
    RouteKey, RouteV2,
};
use crate::source::Span;
use crate::syntax::ast::{self, Stmt};
use std::collections::BTreeMap;
use std::rc::Rc;

fn route_key_text(k: &RouteKey) -> String {
    k.text()
}

impl<'w> Cx<'w> {
    /// An `http api` or `websocket api`.
    pub(crate) fn v2_api(&mut self, a: &'w ast::ApiDecl, env: &Rc<Env>, kind: ApiKind) -> Option<Api> {
        let mut stmts = Vec::new();
        let diags_before = self.diags.len();
        self.flatten(&a.body, env, &mut stmts);
        let use_failed = self.diags.len() > diags_before;
        let mut props = Props::new(stmts, if kind == ApiKind::Http { "an HTTP API" } else { "a WebSocket API" });
        self.kind_matrix(&mut props, kind, Place::Api);

        let description = props.get(self, "description").and_then(|v| self.text(&v));
        let tags = self.tags(&mut props);
        let disable_execute_api_endpoint = props.get(self, "disable_execute_api_endpoint").and_then(|v| self.boolean(&v)).unwrap_or(false);
        let default_auth = props.get(self, "auth");
        let api_key_required = props.get(self, "api_key_required").and_then(|v| self.boolean(&v)).unwrap_or(false);
        let mut v2 = ApiV2::default();
        if kind == ApiKind::Websocket {
            v2.route_selection = Some(self.selection(&mut props, "route_selection", "$request.body.action"));
            if let Some(v) = props.get(self, "api_key_selection") {
                v2.api_key_selection = self
                    .option(&v, "API key selection expression", &["$request.header.x-api-key", "$context.authorizer.usageIdentifierKey"])
                    .map(str::to_string);
            }
        }
        let logging_role = props.get(self, "logging_role").and_then(|v| self.logging_role(&v));
        let (authorizers, broken) = self.v2_authorizers(&mut props, kind);
        let cors = if kind == ApiKind::Http { self.http_cors(&mut props) } else { None };
        // HTTP APIs link into subnets (v2 VPC links); WebSocket APIs reach network load balancers
        // through REST-style VPC links, hand out API keys through usage plans, and present REST
        // client certificates to their HTTP backends.
        let mut vpc_links = Vec::new();
        let (mut api_keys, mut usage_plans, mut plan_refs) = (Vec::new(), Vec::new(), super::plans::PlanRefs::default());
        let mut client_certificates = Vec::new();
        if kind == ApiKind::Http {
            v2.vpc_links = self.http_vpc_links(&mut props);
        } else {
            vpc_links = self.vpc_links(&mut props);
            api_keys = self.api_keys(&mut props);
            usage_plans = self.usage_plans(&mut props, &mut plan_refs);
            client_certificates = self.client_certificates(&mut props);
        }

        // Routes: `METHOD /path { }` (HTTP) and `route KEY { }` (`$default`; WebSocket keys).
        let mut routes: Vec<Route> = Vec::new();
        let mut declared_routes = 0;
        for (r, renv) in props.take(|s| if let Stmt::Route(r) = s { Some(r) } else { None }) {
            declared_routes += 1;
            if kind == ApiKind::Websocket {
                let d = Diagnostic::error("E0461", r.method.span.to(r.path.span), "WebSocket routes are not HTTP methods and paths")
                    .label("an HTTP route")
                    .help("write `route $connect { }`, `route $disconnect { }`, `route $default { }` or `route ACTION { }`, where ACTION is what `route_selection` selects");
                self.diags.push(d);
                continue;
            }
            let Some(method) = Method::parse(&r.method.name) else {
                continue;
            };
            let full = format!("{}{}", renv.prefix, r.path.name);
            let full = if full.len() > 1 { full.trim_end_matches('/').to_string() } else { full };
            let Some(path) = self.path(&full, r.path.span) else {
                continue;
            };
            let key = RouteKey::Http { method, path };
            let span = r.method.span.to(r.path.span);
            if let Some(route) =
                self.v2_route(key, span, &r.body, &renv, kind, default_auth.as_ref(), api_key_required, &authorizers, &broken)
            {
                routes.push(route);
            }
        }
        for (b, benv) in props.blocks("route") {
            declared_routes += 1;
            let Some(key) = self.v2_route_key(b, kind) else {
                continue;
            };
            let span = b.kind.span.to(b.labels[0].span);
            if let Some(route) =
                self.v2_route(key, span, &b.body, &benv, kind, default_auth.as_ref(), api_key_required, &authorizers, &broken)
            {
                routes.push(route);
            }
        }
        self.kind_stage_matrix(&mut props, kind);
        let stages = self.stages(&mut props);
        let mut domain_refs = super::domains::DomainRefs::default();
        let domains = self.domains(&mut props, EndpointKind::Regional, &mut domain_refs);
        props.take(|s| if let Stmt::Use(u) = s { Some(u) } else { None });
        props.finish(self);

        let mut seen: BTreeMap<String, Span> = BTreeMap::new();
        for r in &routes {
            let text = route_key_text(&r.key);
            if let Some(first) = seen.get(&text) {
                let d = Diagnostic::error("E0404", r.span, format!("duplicate route `{text}`"))
                    .label("second definition")
                    .with_secondary(*first, "first defined here")
                    .help("merge the two routes, or change the key of one");
                self.diags.push(d);
            } else {
                seen.insert(text, r.span);
            }
        }
        for (i, l) in v2.vpc_links.iter().enumerate() {
            if v2.vpc_links[..i].iter().any(|o| o.name == l.name) {
                let d = Diagnostic::error("E0202", l.span, format!("vpc_link `{}` is declared twice", l.name)).label("second declaration");
                self.diags.push(d);
            }
        }
        for r in &routes {
            if let Some(link) = &r.integration.vpc_link {
                if kind == ApiKind::Http && !v2.vpc_links.iter().any(|l| &l.name == link) {
                    self.unknown_vpc_link(r.integration.span, link, &v2.vpc_links);
                }
                if kind == ApiKind::Websocket && !vpc_links.iter().any(|l: &crate::model::VpcLink| &l.name == link) {
                    self.unknown_ws_vpc_link(r.integration.span, link, &vpc_links);
                }
            }
        }
        let mut api = Api {
            name: a.name.name.clone(),
            kind,
            description,
            endpoint: Endpoint { kind: EndpointKind::Regional, vpc_endpoint_ids: Vec::new() },
            tags,
            binary_media_types: Vec::new(),
            minimum_compression_size: None,
            api_key_source: None,
            disable_execute_api_endpoint,
            routes,
            authorizers,
            stages,
            models: Vec::new(),
            cors,
            gateway_responses: Vec::new(),
            policy: Vec::new(),
            usage_plans,
            api_keys,
            domains,
            vpc_links,
            client_certificates,
            logging_role,
            docs: Vec::new(),
            docs_version: None,
            v2: Some(v2),
            span: a.name.span,
        };
        self.check_stage_variables(&api);
        self.check_default_stage(&api);
        self.v2_domains(&api);
        if kind == ApiKind::Websocket {
            self.check_ws_plans(&api, plan_refs);
            self.check_client_certificate_refs(&api);
        }
        if kind == ApiKind::Websocket && api.logging_role.is_none() {
            if let Some(s) = api
                .stages
                .iter()
                .find(|s| matches!(s.logging, Some(LogLevel::Error | LogLevel::Info)) || s.data_trace || s.access_log.is_some())
            {
                let d = Diagnostic::warning("E0429", s.span, format!("stage `{}` logs, but the API does not say where the account's CloudWatch role comes from", s.name))
                    .label("execution or access logging")
                    .help("add `logging_role = create` (gwc emits the role and the account setting), `logging_role = my_role`, or `logging_role = existing` if the account already has one; without it API Gateway refuses to log");
                self.diags.push(d);
            }
        }
        api.routes.sort_by_cached_key(|r| route_key_text(&r.key));
        api.authorizers.sort_by(|a, b| a.name.cmp(&b.name));
        api.stages.sort_by(|a, b| a.name.cmp(&b.name));
        api.tags.sort_keys();
        for s in &mut api.stages {
            s.tags.sort_keys();
            s.variables.sort_keys();
        }
        if api.routes.is_empty() && declared_routes == 0 && !use_failed {
            let example = if kind == ApiKind::Http {
                "`GET /health { integration = http_proxy(\"https://...\") }`"
            } else {
                "`route $default { integration = lambda_proxy(handler) }`"
            };
            let d = Diagnostic::error("E0410", a.name.span, format!("API `{}` has no routes", api.name))
                .label("no routes")
                .help(format!("add a route such as {example}"));
            self.diags.push(d);
        }
        self.check_template_size(&api);
        if api.stages.is_empty() {
            let help = if kind == ApiKind::Http {
                "add `stage $default {}` (served at the root URL, deployed automatically)"
            } else {
                "add `stage prod {}`: gwc never relies on implicit stages"
            };
            let d = Diagnostic::error("E0411", a.name.span, format!("API `{}` has no stages", api.name)).label("no stages").help(help);
            self.diags.push(d);
        }
        Some(api)
    }

    /// A selection expression property, or its default.
    fn selection(&mut self, props: &mut Props<'w>, key: &'static str, default: &str) -> String {
        match props.get(self, key) {
            Some(v) => match self.literal(&v) {
                Some(s) if s.starts_with('$') || s.starts_with("${") => s,
                Some(_) => {
                    let d = Diagnostic::error("E0301", v.span, "a selection expression starts with `$`")
                        .label("not a selection expression")
                        .help(format!("write e.g. `{key} = \"{default}\"`"));
                    self.diags.push(d);
                    default.to_string()
                }
                None => default.to_string(),
            },
            None => default.to_string(),
        }
    }

    /// Stage properties only REST APIs (or only some kinds) have, reported before stages are read.
    fn kind_stage_matrix(&mut self, props: &mut Props<'w>, kind: ApiKind) {
        let stage_blocks: Vec<(&'w ast::Block, Rc<Env>)> = props
            .items
            .iter()
            .filter_map(|(s, e)| if let Stmt::Block(b) = s { (b.kind.name == "stage").then(|| (b, e.clone())) } else { None })
            .collect();
        for (b, env) in stage_blocks {
            let mut sp = Props::of_body(&b.body, &env, "stage");
            self.kind_matrix(&mut sp, kind, Place::Stage);
            // The remaining statements are read (and reported) by `stages`.
        }
        let _ = kind_name(kind);
    }

    /// `route $default { }`, `route $connect { }`, `route sendMessage { }`.
    fn v2_route_key(&mut self, b: &ast::Block, kind: ApiKind) -> Option<RouteKey> {
        let Some(label) = b.labels.first() else {
            let d = Diagnostic::error("E0206", b.kind.span, "`route` needs a route key").label("no key").help(if kind == ApiKind::Http {
                "write `route $default { ... }`; other routes are `METHOD /path { ... }`"
            } else {
                "write `route $connect { ... }`, `route $default { ... }` or `route ACTION { ... }`"
            });
            self.diags.push(d);
            return None;
        };
        let key = label.name.as_str();
        match kind {
            ApiKind::Http if key == "$default" => Some(RouteKey::Default),
            ApiKind::Http => {
                let d = Diagnostic::error("E0461", label.span, format!("`{key}` is not a route key of an HTTP API"))
                    .label(if key.starts_with('$') { "a WebSocket route key" } else { "not `$default`" })
                    .help(
                        "HTTP routes are `METHOD /path { ... }`, and `route $default { ... }` catches every request no other route matches",
                    );
                self.diags.push(d);
                None
            }
            _ => {
                let ok = matches!(key, "$connect" | "$disconnect" | "$default")
                    || (!key.starts_with('$')
                        && !key.is_empty()
                        && key.len() <= 128
                        && key.chars().all(|c| c.is_ascii_alphanumeric() || "_-.:".contains(c)));
                if !ok {
                    let d = Diagnostic::error("E0461", label.span, format!("`{key}` is not a WebSocket route key"))
                        .label("unknown route key")
                        .help("WebSocket route keys are `$connect`, `$disconnect`, `$default`, or an action name that `route_selection` selects (letters, digits, `_-.:`)");
                    self.diags.push(d);
                    return None;
                }
                Some(RouteKey::Websocket(key.to_string()))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn v2_route(
        &mut self,
        key: RouteKey,
        span: Span,
        body: &'w ast::Body,
        env: &Rc<Env>,
        kind: ApiKind,
        default_auth: Option<&V>,
        default_key_required: bool,
        authorizers: &[Authorizer],
        broken: &[String],
    ) -> Option<Route> {
        let text = route_key_text(&key);
        let mut props = Props::of_body(body, env, format!("route `{text}`"));
        self.kind_matrix(&mut props, kind, Place::Route);
        let operation_name = props.get(self, "operation_name").and_then(|v| self.literal(&v));
        let connect = key == RouteKey::Websocket("$connect".into());
        let auth_v = props.get(self, "auth");
        let auth = match (&auth_v, default_auth) {
            (Some(v), _) => self.auth(v, authorizers, broken),
            // On a WebSocket API the API-wide `auth` is the `$connect` route's.
            (None, Some(v)) if kind == ApiKind::Http || connect => self.auth(v, authorizers, broken),
            _ => Auth::None { explicit: false },
        };
        if kind == ApiKind::Websocket && !connect && !matches!(auth, Auth::None { .. }) {
            let at = auth_v.as_ref().map_or(span, |v| v.span);
            let d = Diagnostic::error("E0460", at, format!("WebSocket route `{text}` cannot be authorized"))
                .label("auth on a route other than `$connect`")
                .help("a WebSocket API authorizes the connection once: move `auth` to `route $connect { }`");
            self.diags.push(d);
        }
        let api_key_required = match props.get(self, "api_key_required") {
            Some(v) => self.boolean(&v).unwrap_or(false),
            None => default_key_required && kind == ApiKind::Websocket && connect,
        };
        let throttle = props.block(self, "throttle").map(|(b, benv)| self.throttle(b, &benv));
        let mut v2 = RouteV2::default();
        if kind == ApiKind::Websocket {
            for (b, _) in props.blocks("response") {
                if let Some(k) = self.ws_response_key(b) {
                    v2.route_responses.push(k);
                }
            }
        }
        let integration = self.v2_integration(&mut props, kind, &key, span);
        props.finish(self);
        Some(Route {
            key,
            operation_name,
            params: Vec::new(),
            auth,
            api_key_required,
            integration: integration?,
            responses: Vec::new(),
            throttle,
            body: None,
            validator: None,
            cache: None,
            generated: None,
            v2: Some(v2),
            span,
        })
    }

    /// The authorizers of an HTTP or WebSocket API (and the names of broken ones).
    fn v2_authorizers(&mut self, props: &mut Props<'w>, kind: ApiKind) -> (Vec<Authorizer>, Vec<String>) {
        let mut out: Vec<Authorizer> = Vec::new();
        let mut broken = Vec::new();
        for (b, env) in props.blocks("authorizer") {
            match self.v2_authorizer(b, &env, kind) {
                Some(a) if out.iter().any(|p| p.name == a.name) || a.name == "none" || a.name == "iam" => {
                    let d = Diagnostic::error("E0202", a.span, format!("authorizer `{}` is declared twice or reserved", a.name))
                        .label("choose another name");
                    self.diags.push(d);
                }
                Some(a) => out.push(a),
                None => broken.extend(b.labels.first().map(|l| l.name.clone())),
            }
        }
        (out, broken)
    }

    fn v2_authorizer(&mut self, b: &'w ast::Block, env: &Rc<Env>, kind: ApiKind) -> Option<Authorizer> {
        let types = if kind == ApiKind::Http { "jwt, request" } else { "request" };
        let (Some(name), Some(ty)) = (b.labels.first(), &b.block_kind) else {
            let d = Diagnostic::error("E0206", b.kind.span, "authorizer needs a name and a type")
                .label("incomplete authorizer")
                .help(format!("write `authorizer NAME: TYPE {{ ... }}`; types: {types}"));
            self.diags.push(d);
            return None;
        };
        if let Some((_, has)) = AUTHORIZER_KINDS.iter().find(|(k, _)| *k == ty.name) {
            if !has.contains(&kind) {
                self.diags.push(unsupported(
                    ty.span,
                    &format!("`{}` authorizers are", ty.name),
                    &format!("{} authorizers", ty.name),
                    kind,
                    has,
                ));
                return None;
            }
        }
        let options: &[&str] = if kind == ApiKind::Http { &["jwt", "request"] } else { &["request"] };
        let ty_word = self.option(&V { value: Value::Word(ty.name.clone()), span: ty.span }, "authorizer type", options)?;
        let mut p = Props::of_body(&b.body, env, format!("a {ty_word} authorizer"));
        let identity_v = p.get(self, "identity");
        let mut identity = Vec::new();
        if let Some(v) = &identity_v {
            let items = match &v.value {
                Value::List(_) => self.list(v),
                _ => vec![v.clone()],
            };
            for i in items {
                if let Some(src) = self.v2_identity_source(&i, kind) {
                    identity.push(src);
                }
            }
        }
        let (kind_model, ttl_seconds, credentials, v2) = if ty_word == "jwt" {
            let issuer = match p.get(self, "issuer") {
                Some(v) => self.text(&v),
                None => {
                    let d = Diagnostic::error("E0206", name.span, format!("jwt authorizer `{}` needs `issuer`", name.name))
                        .label("no issuer")
                        .help("add `issuer = \"https://cognito-idp.REGION.amazonaws.com/POOL_ID\"` (the `iss` of the tokens)");
                    self.diags.push(d);
                    None
                }
            };
            let audiences: Vec<_> = match p.get(self, "audiences") {
                Some(v) => self.list(&v).iter().filter_map(|a| self.text(a)).collect(),
                None => Vec::new(),
            };
            if audiences.is_empty() {
                let d = Diagnostic::error("E0206", name.span, format!("jwt authorizer `{}` needs `audiences`", name.name))
                    .label("no audiences")
                    .help("add `audiences = [\"CLIENT_ID\"]`: API Gateway accepts tokens whose `aud` (or `client_id`) is one of them");
                self.diags.push(d);
            }
            if identity.is_empty() {
                identity.push(IdentitySource::Header("Authorization".into()));
            }
            (AuthorizerKind::Jwt { issuer: issuer?, audiences, identity }, None, None, AuthorizerV2::default())
        } else {
            let function = match p.get(self, "function") {
                Some(v) => self.function(&v),
                None => {
                    let d = Diagnostic::error("E0206", name.span, format!("request authorizer `{}` needs `function`", name.name))
                        .label("no function")
                        .help("add `function = my_authorizer_function`");
                    self.diags.push(d);
                    None
                }
            };
            let credentials = p.get(self, "role").and_then(|v| self.role(&v));
            let ttl = p.get(self, "ttl").and_then(|v| self.seconds(&v, "authorizer result TTL", 0, 3600));
            let mut v2 = AuthorizerV2::default();
            if kind == ApiKind::Http {
                v2.payload_format = Some(
                    p.get(self, "payload")
                        .and_then(|v| self.option(&v, "payload format version", &["1.0", "2.0"]))
                        .unwrap_or("2.0")
                        .to_string(),
                );
                if let Some(v) = p.get(self, "simple_responses") {
                    v2.simple_responses = self.boolean(&v).unwrap_or(false);
                    if v2.simple_responses && v2.payload_format.as_deref() == Some("1.0") {
                        let d = Diagnostic::error("E0301", v.span, "simple responses need payload format 2.0")
                            .label("payload is 1.0")
                            .help("remove `payload = \"1.0\"`, or `simple_responses`");
                        self.diags.push(d);
                    }
                }
            }
            if identity.is_empty() && ttl != Some(0) {
                let d = Diagnostic::error(
                    "E0206",
                    name.span,
                    format!("request authorizer `{}` needs `identity` when results are cached", name.name),
                )
                .label("no identity sources")
                .help("add `identity = [header.Authorization]` (the cache key), or `ttl = 0s` to turn caching off");
                self.diags.push(d);
            }
            (AuthorizerKind::Request { function: function?, identity }, ttl, credentials, v2)
        };
        p.finish(self);
        Some(Authorizer { name: name.name.clone(), kind: kind_model, ttl_seconds, credentials, v2: Some(v2), span: name.span })
    }

    fn v2_identity_source(&mut self, v: &V, kind: ApiKind) -> Option<IdentitySource> {
        if let Value::Word(w) = &v.value {
            if let Some((head, name)) = w.split_once('.') {
                let src = match head {
                    "header" => IdentitySource::Header(name.to_string()),
                    "query" => IdentitySource::Query(name.to_string()),
                    "stage_variables" if kind == ApiKind::Http => IdentitySource::StageVariable(name.to_string()),
                    "context" if kind == ApiKind::Http => IdentitySource::Context(name.to_string()),
                    _ => {
                        return self.bad_identity(v, kind);
                    }
                };
                return Some(src);
            }
        }
        if let Value::Error = v.value {
            return None;
        }
        self.bad_identity(v, kind)
    }

    fn bad_identity(&mut self, v: &V, kind: ApiKind) -> Option<IdentitySource> {
        let help = if kind == ApiKind::Http {
            "use `header.NAME`, `query.NAME`, `stage_variables.NAME` or `context.NAME`"
        } else {
            "a WebSocket `$connect` request offers `header.NAME` and `query.NAME`"
        };
        let d = Diagnostic::error("E0301", v.span, "expected an identity source").label("not an identity source").help(help);
        self.diags.push(d);
        None
    }

    /// Custom domains of HTTP and WebSocket APIs are regional; mutual TLS is HTTP-only; every
    /// mapping names a stage of the API.
    fn v2_domains(&mut self, api: &Api) {
        for d in &api.domains {
            if d.endpoint == EndpointKind::Edge {
                let d = super::kinds::unsupported(d.span, "an edge domain is", "edge-optimized custom domains", api.kind, &[ApiKind::Rest]);
                self.diags.push(d.help("remove `endpoint = edge`: HTTP and WebSocket API domains are regional"));
            }
            if d.mutual_tls.is_some() && api.kind == ApiKind::Websocket {
                let d = super::kinds::unsupported(d.span, "mutual TLS is", "mutual TLS", api.kind, &[ApiKind::Rest, ApiKind::Http]);
                self.diags.push(d);
            }
            for m in &d.mappings {
                if !api.stages.iter().any(|s| s.name == m.stage) {
                    let names: Vec<&str> = api.stages.iter().map(|s| s.name.as_str()).collect();
                    let mut e = Diagnostic::error("E0201", m.span, format!("unknown stage `{}`", m.stage)).label("no stage with this name");
                    e = match crate::diag::did_you_mean(&m.stage, names.iter().copied()) {
                        Some(s) => e.help(format!("did you mean `{s}`?")),
                        None => e.help(format!("the API's stages: {}", names.join(", "))),
                    };
                    self.diags.push(e);
                }
            }
        }
    }
}
