//! Lowers a REST API to `aws_api_gateway_*` resources: the API, its resource tree, methods with
//! their integrations and responses, authorizers, Lambda permissions, a deployment redeployed by
//! the shared content hash, separate stages with method settings, and outputs.

use super::{escape, json_string, lit, marked_list, reference, text, text_list, Resources};
use crate::emit::names::{deployment_hash, pascal, snake, LogicalIds};
use crate::model::{
    Api, ApiKeySource, Auth, AuthorizerKind, AwsTarget, EndpointKind, IdentitySource, IntegrationKind, MappingValue, Method, Path, Program,
    Route, RouteKey, Stage, Text, Throttle,
};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

const REST_API: &str = "aws_api_gateway_rest_api";
const RESOURCE: &str = "aws_api_gateway_resource";
const METHOD: &str = "aws_api_gateway_method";
const INTEGRATION: &str = "aws_api_gateway_integration";
const METHOD_RESPONSE: &str = "aws_api_gateway_method_response";
const INTEGRATION_RESPONSE: &str = "aws_api_gateway_integration_response";
const AUTHORIZER: &str = "aws_api_gateway_authorizer";
const PERMISSION: &str = "aws_lambda_permission";
const DEPLOYMENT: &str = "aws_api_gateway_deployment";
const STAGE: &str = "aws_api_gateway_stage";
const METHOD_SETTINGS: &str = "aws_api_gateway_method_settings";

mod canary;
mod docs;
mod extras;
pub(super) use canary::stable_deployment_variables;
pub(super) use canary::variables as canary_variables;
pub(super) use extras::{client_certificate_id, client_certificates, keys_and_plans, vpc_links};

/// Resource names, unique per resource type (collisions get a hash suffix, as in CloudFormation).
struct Names {
    api: String,
    resources: LogicalIds,
    methods: LogicalIds,
    authorizers: LogicalIds,
    stages: LogicalIds,
}

/// `Pets`, `PetsPetId`, `Root` for `/`.
fn path_name(p: &Path) -> String {
    if p.segments.is_empty() {
        return "Root".into();
    }
    p.segments.iter().map(|s| pascal(&s.text())).collect()
}

fn route_key(m: Method, p: &Path) -> String {
    format!("{} {}", m.as_str(), p.text())
}

impl Names {
    fn new(api: &Api) -> Names {
        let mut n = Names {
            api: snake(&api.name),
            resources: LogicalIds::default(),
            methods: LogicalIds::default(),
            authorizers: LogicalIds::default(),
            stages: LogicalIds::default(),
        };
        for p in resource_paths(api) {
            n.resources.want(p.text(), path_name(&p));
        }
        for r in &api.routes {
            if let RouteKey::Http { method, path } = &r.key {
                n.methods.want(route_key(*method, path), format!("{}{}", path_name(path), pascal(&method.as_str().to_lowercase())));
            }
        }
        for a in &api.authorizers {
            n.authorizers.want(&a.name, pascal(&a.name));
        }
        for s in &api.stages {
            n.stages.want(&s.name, pascal(&s.name));
        }
        n.resources.assign();
        n.methods.assign();
        n.authorizers.assign();
        n.stages.assign();
        n
    }
    fn resource(&self, p: &Path) -> String {
        snake(&self.resources.get(&p.text()))
    }
    fn method(&self, m: Method, p: &Path) -> String {
        snake(&self.methods.get(&route_key(m, p)))
    }
    fn authorizer(&self, name: &str) -> String {
        snake(&self.authorizers.get(name))
    }
    fn stage(&self, name: &str) -> String {
        snake(&self.stages.get(name))
    }
}

/// Every path prefix that needs an `aws_api_gateway_resource`, sorted.
fn resource_paths(api: &Api) -> Vec<Path> {
    let mut set = std::collections::BTreeSet::new();
    for r in &api.routes {
        if let RouteKey::Http { path, .. } = &r.key {
            for n in 1..=path.segments.len() {
                set.insert(Path { segments: path.segments[..n].to_vec() });
            }
        }
    }
    set.into_iter().collect()
}

fn tags(t: &IndexMap<String, Text>) -> Value {
    Value::Object(t.iter().map(|(k, v)| (k.clone(), text(v))).collect())
}

pub(super) fn lower(program: &Program, api: &Api) -> (Map<String, Value>, Map<String, Value>) {
    let names = Names::new(api);
    let mut res = Resources::default();
    let api_id = reference(REST_API, &names.api, "id");
    res.add(REST_API, &names.api, rest_api(program, api));
    for path in resource_paths(api) {
        let parent = Path { segments: path.segments[..path.segments.len() - 1].to_vec() };
        let part = path.segments.last().map(|s| s.text()).unwrap_or_default();
        let body = json!({ "rest_api_id": api_id, "parent_id": resource_id(&names, &parent), "path_part": escape(&part) });
        res.add(RESOURCE, &names.resource(&path), body);
    }
    for a in &api.authorizers {
        authorizer(&mut res, program, api, &names, a);
    }
    let mut deps = Vec::new();
    for r in &api.routes {
        let RouteKey::Http { method, path } = &r.key else { continue };
        route(&mut res, &mut deps, program, api, &names, r, *method, path);
    }
    extras::definition(&mut res, &mut deps, api, &names);
    docs::lower(&mut res, api, &names.api);
    let hash = deployment_hash(program, api);
    let deployment = if api.stages.iter().any(|s| s.canary.is_some()) {
        canary::deployment(api, &names, &hash, deps)
    } else {
        json!({
            "rest_api_id": api_id,
            "description": format!("gwc deployment {hash}"),
            "triggers": { "redeployment": hash },
            "lifecycle": { "create_before_destroy": true },
            "depends_on": deps,
        })
    };
    res.add(DEPLOYMENT, &names.api, deployment);
    let mut outputs = Map::new();
    outputs.insert("api_id".into(), json!({ "description": format!("Id of the REST API {}", api.name), "value": api_id }));
    for s in &api.stages {
        stage(&mut res, api, &names, s, &hash);
        if s.canary.is_some() {
            outputs.insert(format!("{}_deployment", names.stage(&s.name)), canary::output(s, &hash));
        }
        if !api.disable_execute_api_endpoint {
            outputs.insert(
                format!("{}_invoke_url", names.stage(&s.name)),
                json!({ "description": format!("Invoke URL of stage {}", s.name), "value": reference(STAGE, &names.stage(&s.name), "invoke_url") }),
            );
        }
    }
    extras::lower(&mut res, &mut outputs, program, api, &names);
    (res.0, outputs)
}

fn resource_id(names: &Names, path: &Path) -> Value {
    if path.segments.is_empty() {
        reference(REST_API, &names.api, "root_resource_id")
    } else {
        reference(RESOURCE, &names.resource(path), "id")
    }
}

fn rest_api(program: &Program, api: &Api) -> Value {
    let mut p = Map::new();
    p.insert("name".into(), lit(&api.name));
    if let Some(d) = &api.description {
        p.insert("description".into(), text(d));
    }
    let ty = match api.endpoint.kind {
        EndpointKind::Edge => "EDGE",
        EndpointKind::Regional => "REGIONAL",
        EndpointKind::Private => "PRIVATE",
    };
    let mut ep = Map::new();
    ep.insert("types".into(), json!([ty]));
    if !api.endpoint.vpc_endpoint_ids.is_empty() {
        ep.insert("vpc_endpoint_ids".into(), text_list(program, &api.endpoint.vpc_endpoint_ids));
    }
    p.insert("endpoint_configuration".into(), Value::Object(ep));
    if !api.policy.is_empty() {
        let doc = crate::emit::documents::policy_document(&api.policy, &|items: &[Text]| marked_list(program, items));
        p.insert("policy".into(), json!(json_string(&doc)));
    } else if api.endpoint.kind == EndpointKind::Private {
        // A private API cannot deploy without a policy; let only the declared endpoints in.
        let doc = crate::emit::documents::private_endpoint_policy(marked_list(program, &api.endpoint.vpc_endpoint_ids));
        p.insert("policy".into(), json!(json_string(&doc)));
    }
    if !api.binary_media_types.is_empty() {
        p.insert("binary_media_types".into(), Value::Array(api.binary_media_types.iter().map(|b| lit(b)).collect()));
    }
    if let Some(n) = api.minimum_compression_size {
        // The provider takes a string here, so that the setting can be removed again.
        p.insert("minimum_compression_size".into(), json!(n.to_string()));
    }
    if let Some(src) = api.api_key_source {
        p.insert("api_key_source".into(), json!(if src == ApiKeySource::Header { "HEADER" } else { "AUTHORIZER" }));
    }
    if api.disable_execute_api_endpoint {
        p.insert("disable_execute_api_endpoint".into(), json!(true));
    }
    if !api.tags.is_empty() {
        p.insert("tags".into(), tags(&api.tags));
    }
    Value::Object(p)
}

fn identity_source(s: &IdentitySource) -> String {
    match s {
        IdentitySource::Header(h) => format!("method.request.header.{h}"),
        IdentitySource::Query(q) => format!("method.request.querystring.{q}"),
        IdentitySource::StageVariable(v) => format!("stageVariables.{v}"),
        IdentitySource::Context(c) => format!("context.{c}"),
    }
}

pub(super) fn function_arn(program: &Program, f: &str) -> Text {
    program.functions.get(f).map(|f| f.arn.clone()).unwrap_or_default()
}

/// The Lambda invocation URI API Gateway calls.
pub(super) fn lambda_uri(program: &Program, f: &str) -> Value {
    let arn = super::text_str(&function_arn(program, f));
    json!(format!(
        "arn:${{data.aws_partition.current.partition}}:apigateway:${{data.aws_region.current.region}}:lambda:path/2015-03-31/functions/{arn}/invocations"
    ))
}

pub(super) fn permission(program: &Program, f: &str, source_arn: String, vars: &IndexMap<String, Text>) -> Value {
    let arn = function_arn(program, f).with_stage_variables(vars);
    json!({
        "action": "lambda:InvokeFunction",
        "function_name": text(&arn),
        "principal": "apigateway.amazonaws.com",
        "source_arn": source_arn,
    })
}

fn authorizer(res: &mut Resources, program: &Program, api: &Api, names: &Names, a: &crate::model::Authorizer) {
    let name = names.authorizer(&a.name);
    let mut p = Map::new();
    p.insert("rest_api_id".into(), reference(REST_API, &names.api, "id"));
    p.insert("name".into(), lit(&a.name));
    match &a.kind {
        AuthorizerKind::Token { function, header, validation } => {
            p.insert("type".into(), json!("TOKEN"));
            p.insert("authorizer_uri".into(), lambda_uri(program, function));
            p.insert("identity_source".into(), lit(&format!("method.request.header.{header}")));
            if let Some(v) = validation {
                p.insert("identity_validation_expression".into(), lit(v));
            }
        }
        AuthorizerKind::Request { function, identity } => {
            p.insert("type".into(), json!("REQUEST"));
            p.insert("authorizer_uri".into(), lambda_uri(program, function));
            if !identity.is_empty() {
                p.insert("identity_source".into(), lit(&identity.iter().map(identity_source).collect::<Vec<_>>().join(", ")));
            }
        }
        AuthorizerKind::Cognito { user_pools, header } => {
            p.insert("type".into(), json!("COGNITO_USER_POOLS"));
            p.insert("provider_arns".into(), text_list(program, user_pools));
            p.insert("identity_source".into(), lit(&format!("method.request.header.{header}")));
        }
        // REST APIs have no JWT authorizers (the checker reports E0408).
        AuthorizerKind::Jwt { .. } => {}
    }
    if let Some(ttl) = a.ttl_seconds {
        p.insert("authorizer_result_ttl_in_seconds".into(), json!(ttl));
    }
    if let Some(c) = &a.credentials {
        p.insert("authorizer_credentials".into(), text(c));
    }
    res.add(AUTHORIZER, &name, Value::Object(p));
    if let (Some(f), None) = (a.kind.function(), &a.credentials) {
        let source = format!("${{{REST_API}.{}.execution_arn}}/authorizers/${{{AUTHORIZER}.{name}.id}}", names.api);
        if function_arn(program, f).stage_variables().next().is_none() {
            res.add(PERMISSION, &format!("authorizer_{name}"), permission(program, f, source, &IndexMap::new()));
        } else {
            // The function depends on the stage: each stage's function must let API Gateway in.
            for s in &api.stages {
                let key = format!("authorizer_{name}_{}", names.stage(&s.name));
                res.add(PERMISSION, &key, permission(program, f, source.clone(), &s.variables));
            }
        }
    }
}

fn mapping(v: &MappingValue) -> Value {
    match v {
        MappingValue::Static(s) => lit(&format!("'{}'", s.replace('\'', "\\'"))),
        MappingValue::Expr(e) => lit(e),
    }
}

fn templates(t: &IndexMap<String, String>) -> Value {
    Value::Object(t.iter().map(|(k, v)| (k.clone(), lit(v))).collect())
}

/// The method, its integration, method and integration responses, and its Lambda permissions;
/// pushes onto `deps` everything the deployment must wait for.
#[allow(clippy::too_many_arguments)]
fn route(res: &mut Resources, deps: &mut Vec<String>, program: &Program, api: &Api, names: &Names, r: &Route, method: Method, path: &Path) {
    let name = names.method(method, path);
    let api_id = reference(REST_API, &names.api, "id");
    let mut m = Map::new();
    m.insert("rest_api_id".into(), api_id.clone());
    m.insert("resource_id".into(), resource_id(names, path));
    m.insert("http_method".into(), json!(method.as_str()));
    match &r.auth {
        Auth::None { .. } => {
            m.insert("authorization".into(), json!("NONE"));
        }
        Auth::Iam => {
            m.insert("authorization".into(), json!("AWS_IAM"));
        }
        Auth::Authorizer { name: a, scopes } => {
            let cognito = api.authorizers.iter().any(|x| &x.name == a && matches!(x.kind, AuthorizerKind::Cognito { .. }));
            m.insert("authorization".into(), json!(if cognito { "COGNITO_USER_POOLS" } else { "CUSTOM" }));
            m.insert("authorizer_id".into(), reference(AUTHORIZER, &names.authorizer(a), "id"));
            if !scopes.is_empty() {
                m.insert("authorization_scopes".into(), Value::Array(scopes.iter().map(|s| lit(s)).collect()));
            }
        }
    }
    if r.api_key_required {
        m.insert("api_key_required".into(), json!(true));
    }
    if let Some(op) = &r.operation_name {
        m.insert("operation_name".into(), lit(op));
    }
    if !r.params.is_empty() {
        let rp: Map<String, Value> =
            r.params.iter().map(|q| (format!("method.request.{}.{}", q.location.mapping_word(), q.name), json!(q.required))).collect();
        m.insert("request_parameters".into(), Value::Object(rp));
    }
    extras::method_properties(r, &mut m);
    res.add(METHOD, &name, Value::Object(m));
    deps.push(format!("{METHOD}.{name}"));

    // The method's parts refer to the method's attributes, so Terraform orders them after it.
    let on_method = |o: &mut Map<String, Value>| {
        o.insert("rest_api_id".into(), api_id.clone());
        o.insert("resource_id".into(), reference(METHOD, &name, "resource_id"));
        o.insert("http_method".into(), reference(METHOD, &name, "http_method"));
    };
    let i = &r.integration;
    let mut p = Map::new();
    on_method(&mut p);
    match &i.kind {
        IntegrationKind::LambdaProxy { function } | IntegrationKind::Lambda { function } => {
            p.insert("type".into(), json!(if i.kind.is_proxy() { "AWS_PROXY" } else { "AWS" }));
            p.insert("integration_http_method".into(), json!("POST"));
            p.insert("uri".into(), lambda_uri(program, function));
        }
        IntegrationKind::Http { url, method, proxy } => {
            p.insert("type".into(), json!(if *proxy { "HTTP_PROXY" } else { "HTTP" }));
            p.insert("integration_http_method".into(), json!(method.as_str()));
            p.insert("uri".into(), text(url));
        }
        IntegrationKind::Aws { service, region, target, method } => {
            p.insert("type".into(), json!("AWS"));
            p.insert("integration_http_method".into(), json!(method.as_str()));
            let region = region.as_deref().map(escape).unwrap_or_else(|| "${data.aws_region.current.region}".into());
            let target = match target {
                AwsTarget::Action(a) => format!("action/{}", escape(a)),
                AwsTarget::Path(pa) => format!("path/{}", escape(pa)),
            };
            p.insert(
                "uri".into(),
                json!(format!("arn:${{data.aws_partition.current.partition}}:apigateway:{region}:{}:{target}", escape(service))),
            );
        }
        IntegrationKind::Mock => {
            p.insert("type".into(), json!("MOCK"));
        }
    }
    if let Some(c) = &i.credentials {
        p.insert("credentials".into(), text(c));
    }
    if let Some(t) = i.timeout_ms {
        p.insert("timeout_milliseconds".into(), json!(t));
    }
    if !i.request_parameters.is_empty() {
        p.insert("request_parameters".into(), Value::Object(i.request_parameters.iter().map(|(k, v)| (k.clone(), mapping(v))).collect()));
    }
    if !i.request_templates.is_empty() {
        p.insert("request_templates".into(), templates(&i.request_templates));
    }
    if let Some(pt) = i.passthrough {
        let word = pt.api_word();
        p.insert("passthrough_behavior".into(), json!(word));
    }
    extras::integration_properties(r, &mut p);
    res.add(INTEGRATION, &name, Value::Object(p));
    deps.push(format!("{INTEGRATION}.{name}"));

    for mr in &r.responses {
        let mut o = Map::new();
        on_method(&mut o);
        o.insert("status_code".into(), json!(mr.status.to_string()));
        if !mr.headers.is_empty() {
            let h: Map<String, Value> = mr.headers.iter().map(|h| (format!("method.response.header.{h}"), json!(false))).collect();
            o.insert("response_parameters".into(), Value::Object(h));
        }
        if let Some(models) = extras::response_models(&mr.models) {
            o.insert("response_models".into(), models);
        }
        let key = format!("{name}_{}", mr.status);
        res.add(METHOD_RESPONSE, &key, Value::Object(o));
        deps.push(format!("{METHOD_RESPONSE}.{key}"));
    }
    for ir in &i.responses {
        let mut o = Map::new();
        on_method(&mut o);
        // The status must exist as a method response, and the integration must exist first.
        let key = format!("{name}_{}", ir.status);
        let has_method_response = r.responses.iter().any(|mr| mr.status == ir.status);
        o.insert(
            "status_code".into(),
            if has_method_response { reference(METHOD_RESPONSE, &key, "status_code") } else { json!(ir.status.to_string()) },
        );
        if let Some(pat) = &ir.pattern {
            o.insert("selection_pattern".into(), lit(pat));
        }
        if !ir.headers.is_empty() {
            let h: Map<String, Value> = ir.headers.iter().map(|(k, v)| (format!("method.response.header.{k}"), mapping(v))).collect();
            o.insert("response_parameters".into(), Value::Object(h));
        }
        if !ir.templates.is_empty() {
            o.insert("response_templates".into(), templates(&ir.templates));
        }
        o.insert("depends_on".into(), json!([format!("{INTEGRATION}.{name}")]));
        let mut key = key;
        // Two responses of one status (different patterns) need distinct names.
        if res.0.get(INTEGRATION_RESPONSE).and_then(|m| m.get(&key)).is_some() {
            key = format!("{key}_{}", &crate::emit::names::content_hash(&ir.pattern)[..8]);
        }
        res.add(INTEGRATION_RESPONSE, &key, Value::Object(o));
        deps.push(format!("{INTEGRATION_RESPONSE}.{key}"));
    }

    if let Some(f) = i.kind.function() {
        if i.credentials.is_none() {
            let verb = if method == Method::ANY { "*" } else { method.as_str() };
            let source =
                |stage: &str| format!("${{{REST_API}.{}.execution_arn}}/{stage}/{verb}/{}", names.api, escape(&path.arn_pattern()));
            if function_arn(program, f).stage_variables().next().is_none() {
                res.add(PERMISSION, &name, permission(program, f, source("*"), &IndexMap::new()));
            } else {
                for s in &api.stages {
                    res.add(PERMISSION, &format!("{name}_{}", names.stage(&s.name)), permission(program, f, source(&s.name), &s.variables));
                }
            }
        }
    }
}

/// `method_path` of `aws_api_gateway_method_settings`: the resource path without its leading
/// slash, then the method (`pets/{id}/GET`); `*` for ANY.
pub fn method_path(method: Method, path: &Path) -> String {
    let verb = if method == Method::ANY { "*" } else { method.as_str() };
    format!("{}/{verb}", path.text().trim_start_matches('/'))
}

fn stage(res: &mut Resources, api: &Api, names: &Names, s: &Stage, hash: &str) {
    let name = names.stage(&s.name);
    let api_id = reference(REST_API, &names.api, "id");
    let mut p = Map::new();
    p.insert("rest_api_id".into(), api_id.clone());
    if api.stages.iter().any(|s| s.canary.is_some()) {
        canary::stage_properties(&names.api, &name, s, hash, &mut p);
    } else {
        p.insert("deployment_id".into(), reference(DEPLOYMENT, &names.api, "id"));
    }
    p.insert("stage_name".into(), lit(&s.name));
    if let Some(d) = &s.description {
        p.insert("description".into(), text(d));
    }
    if !s.variables.is_empty() {
        p.insert("variables".into(), tags(&s.variables));
    }
    if s.tracing {
        p.insert("xray_tracing_enabled".into(), json!(true));
    }
    if let Some(a) = &s.access_log {
        p.insert("access_log_settings".into(), json!({ "destination_arn": text(&a.destination), "format": lit(&a.format) }));
    }
    if !s.tags.is_empty() {
        p.insert("tags".into(), tags(&s.tags));
    }
    extras::stage_properties(s, &mut p);
    docs::stage(api, &names.api, &mut p);
    if extras::needs_account(api, s) {
        // API Gateway refuses logging settings until the account has a CloudWatch role.
        p.insert("depends_on".into(), json!([format!("{}.{}", super::account::ACCOUNT, names.api)]));
    }
    res.add(STAGE, &name, Value::Object(p));

    let base = |o: &mut Map<String, Value>| {
        if let Some(l) = s.logging {
            o.insert("logging_level".into(), json!(l.api_word()));
        }
        if s.data_trace {
            o.insert("data_trace_enabled".into(), json!(true));
        }
        if s.metrics {
            o.insert("metrics_enabled".into(), json!(true));
        }
    };
    let settings = |method_path: String, settings: Map<String, Value>| {
        json!({
            "rest_api_id": api_id,
            "stage_name": reference(STAGE, &name, "stage_name"),
            "method_path": escape(&method_path),
            "settings": settings,
        })
    };
    let mut all = Map::new();
    base(&mut all);
    if let Some(t) = &s.throttle {
        throttle(&mut all, t.rate, t.burst);
    }
    invalidation(&mut all, s);
    if !all.is_empty() {
        res.add(METHOD_SETTINGS, &format!("{name}_all"), settings("*/*".into(), all));
    }
    for r in &api.routes {
        let RouteKey::Http { method, path } = &r.key else { continue };
        let mut o = Map::new();
        base(&mut o);
        // Caching applies where the stage has a cache cluster and the route says how to cache.
        let cached = match (&s.cache, &r.cache) {
            (Some(sc), Some(rc)) => {
                o.insert("caching_enabled".into(), json!(rc.enabled));
                if rc.enabled {
                    if let Some(ttl) = rc.ttl_seconds.or(sc.ttl_seconds) {
                        o.insert("cache_ttl_in_seconds".into(), json!(ttl));
                    }
                    if sc.encrypted {
                        o.insert("cache_data_encrypted".into(), json!(true));
                    }
                    invalidation(&mut o, s);
                }
                true
            }
            _ => false,
        };
        if let Some(t) = &r.throttle {
            let stage_t = s.throttle.unwrap_or(Throttle { rate: None, burst: None });
            throttle(&mut o, t.rate.or(stage_t.rate), t.burst.or(stage_t.burst));
        } else if !cached {
            continue;
        }
        res.add(METHOD_SETTINGS, &format!("{name}_{}", names.method(*method, path)), settings(method_path(*method, path), o));
    }
}

/// A stage cache's invalidation policy, in the stage's `*/*` settings and every cached route's.
fn invalidation(o: &mut Map<String, Value>, s: &Stage) {
    if let Some(inv) = s.cache.as_ref().and_then(|c| c.invalidation) {
        o.insert("require_authorization_for_cache_control".into(), json!(inv.require_authorization));
        if let Some(u) = inv.unauthorized {
            o.insert("unauthorized_cache_control_header_strategy".into(), json!(u.api_word()));
        }
    }
}

fn throttle(o: &mut Map<String, Value>, rate: Option<f64>, burst: Option<u64>) {
    if let Some(r) = rate {
        o.insert("throttling_rate_limit".into(), json!(r));
    }
    if let Some(b) = burst {
        o.insert("throttling_burst_limit".into(), json!(b));
    }
}
