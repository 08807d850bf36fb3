//! Lowers a REST API: RestApi, the Resource tree, Methods, Authorizers, Lambda permissions, a
//! content-hashed Deployment that depends on every Method, explicit Stages and Outputs.

use super::{sub_string, text, text_list};
use crate::emit::names::{pascal, LogicalIds};
use crate::model::{
    Api, ApiKeySource, Auth, AuthorizerKind, AwsTarget, EndpointKind, IdentitySource, Integration, IntegrationKind, MappingValue, Method,
    Path, Program, Route, RouteKey, Stage, Text,
};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

pub use crate::emit::names::deployment_hash;

mod body;
mod docs;
mod extras;
mod models;

struct Names {
    ids: LogicalIds,
    /// The RestApi's logical ID (`RestApi`, unless a parameter already has that name).
    api: String,
}

impl Names {
    fn new(program: &Program, api: &Api) -> Names {
        let mut ids = LogicalIds::default();
        for p in program.params.keys() {
            ids.reserve(super::param_id(p));
        }
        ids.want("api", "RestApi");
        for path in resource_paths(api) {
            ids.want(format!("resource:{}", path.text()), format!("{}Resource", path_name(&path)));
        }
        for r in &api.routes {
            if let RouteKey::Http { method, path } = &r.key {
                let (text, base) = (path.text(), format!("{}{}", path_name(path), pascal(&method.as_str().to_lowercase())));
                ids.want(format!("method:{} {text}", method.as_str()), format!("{base}Method"));
                ids.want(format!("permission:{} {text}", method.as_str()), format!("{base}Permission"));
            }
        }
        for a in &api.authorizers {
            ids.want(format!("authorizer:{}", a.name), format!("{}Authorizer", pascal(&a.name)));
            ids.want(format!("authorizer-permission:{}", a.name), format!("{}AuthorizerPermission", pascal(&a.name)));
        }
        for s in &api.stages {
            ids.want(format!("stage:{}", s.name), format!("{}Stage", pascal(&s.name)));
            // Per-stage permissions exist only for functions chosen by a stage variable.
            for r in api.routes.iter().filter(|r| by_stage_variable(program, r.integration.kind.function())) {
                if let RouteKey::Http { method, path } = &r.key {
                    let base = format!("{}{}", path_name(path), pascal(&method.as_str().to_lowercase()));
                    ids.want(
                        format!("permission:{} {} {}", method.as_str(), path.text(), s.name),
                        format!("{base}Permission{}", pascal(&s.name)),
                    );
                }
            }
            for a in api.authorizers.iter().filter(|a| by_stage_variable(program, a.kind.function())) {
                ids.want(
                    format!("authorizer-permission:{} {}", a.name, s.name),
                    format!("{}AuthorizerPermission{}", pascal(&a.name), pascal(&s.name)),
                );
            }
        }
        models::want(&mut ids, api);
        extras::want(&mut ids, api);
        docs::want(&mut ids, api);
        ids.assign();
        let api = ids.get("api");
        Names { ids, api }
    }
    fn resource(&self, path: &Path) -> String {
        self.ids.get(&format!("resource:{}", path.text()))
    }
    fn method(&self, m: Method, path: &Path) -> String {
        self.ids.get(&format!("method:{} {}", m.as_str(), path.text()))
    }
    /// The permission of a route; `stage` for per-stage permissions.
    fn permission(&self, m: Method, path: &Path, stage: Option<&str>) -> String {
        match stage {
            Some(s) => self.ids.get(&format!("permission:{} {} {s}", m.as_str(), path.text())),
            None => self.ids.get(&format!("permission:{} {}", m.as_str(), path.text())),
        }
    }
    fn authorizer_permission(&self, name: &str, stage: Option<&str>) -> String {
        match stage {
            Some(s) => self.ids.get(&format!("authorizer-permission:{name} {s}")),
            None => self.ids.get(&format!("authorizer-permission:{name}")),
        }
    }
    fn authorizer(&self, name: &str) -> String {
        self.ids.get(&format!("authorizer:{name}"))
    }
    fn stage(&self, name: &str) -> String {
        self.ids.get(&format!("stage:{name}"))
    }
}

/// Whether a function (of a route or authorizer) is chosen by a stage variable.
fn by_stage_variable(program: &Program, function: Option<&str>) -> bool {
    function.and_then(|f| program.functions.get(f)).is_some_and(|f| f.arn.stage_variables().next().is_some())
}

/// `Pets`, `PetsPetId`, `Root` for `/`.
fn path_name(p: &Path) -> String {
    if p.segments.is_empty() {
        return "Root".into();
    }
    // The same as joining each segment's `pascal`: segments are split at `/`, as `pascal` splits.
    pascal(&p.text())
}

/// Every path prefix that needs an `AWS::ApiGateway::Resource`, sorted.
fn resource_paths(api: &Api) -> Vec<Path> {
    // Prefixes as slices (the same order as `Path`s): each is copied once, not once per route.
    let mut set = std::collections::BTreeSet::new();
    for r in &api.routes {
        if let RouteKey::Http { path, .. } = &r.key {
            for n in 1..=path.segments.len() {
                set.insert(&path.segments[..n]);
            }
        }
    }
    set.into_iter().map(|s| Path { segments: s.to_vec() }).collect()
}

fn reference(id: &str) -> Value {
    json!({ "Ref": id })
}

fn resource_id(names: &Names, path: &Path) -> Value {
    if path.segments.is_empty() {
        json!({ "Fn::GetAtt": [names.api, "RootResourceId"] })
    } else {
        reference(&names.resource(path))
    }
}

fn tags(tags: &IndexMap<String, Text>) -> Value {
    Value::Array(tags.iter().map(|(k, v)| json!({ "Key": k, "Value": text(v) })).collect())
}

pub(super) fn lower(program: &Program, api: &Api) -> (Map<String, Value>, Map<String, Value>) {
    let names = Names::new(program, api);
    let mut res = Map::new();
    res.insert(names.api.clone(), rest_api(program, api));
    for path in resource_paths(api) {
        let parent = Path { segments: path.segments[..path.segments.len() - 1].to_vec() };
        let part = path.segments.last().map(|s| s.text()).unwrap_or_default();
        let r = json!({
            "Type": "AWS::ApiGateway::Resource",
            "Properties": { "RestApiId": reference(&names.api), "ParentId": resource_id(&names, &parent), "PathPart": part },
        });
        res.insert(names.resource(&path), r);
    }
    for a in &api.authorizers {
        let mut p = Map::new();
        p.insert("RestApiId".into(), reference(&names.api));
        p.insert("Name".into(), json!(a.name));
        match &a.kind {
            AuthorizerKind::Token { function, header, validation } => {
                p.insert("Type".into(), json!("TOKEN"));
                p.insert("AuthorizerUri".into(), lambda_uri(program, function));
                p.insert("IdentitySource".into(), json!(format!("method.request.header.{header}")));
                if let Some(v) = validation {
                    p.insert("IdentityValidationExpression".into(), json!(v));
                }
            }
            AuthorizerKind::Request { function, identity } => {
                p.insert("Type".into(), json!("REQUEST"));
                p.insert("AuthorizerUri".into(), lambda_uri(program, function));
                if !identity.is_empty() {
                    p.insert("IdentitySource".into(), json!(identity.iter().map(identity_source).collect::<Vec<_>>().join(", ")));
                }
            }
            AuthorizerKind::Cognito { user_pools, header } => {
                p.insert("Type".into(), json!("COGNITO_USER_POOLS"));
                p.insert("ProviderARNs".into(), text_list(program, user_pools));
                p.insert("IdentitySource".into(), json!(format!("method.request.header.{header}")));
            }
            // REST APIs have no JWT authorizers (the checker reports E0408).
            AuthorizerKind::Jwt { .. } => {}
        }
        if let Some(ttl) = a.ttl_seconds {
            p.insert("AuthorizerResultTtlInSeconds".into(), json!(ttl));
        }
        if let Some(c) = &a.credentials {
            p.insert("AuthorizerCredentials".into(), text(c));
        }
        res.insert(names.authorizer(&a.name), json!({ "Type": "AWS::ApiGateway::Authorizer", "Properties": p }));
        if let (Some(f), None) = (a.kind.function(), &a.credentials) {
            let source = format!(
                "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{}}}/authorizers/${{{}}}",
                names.api,
                names.authorizer(&a.name)
            );
            if function_arn(program, f).stage_variables().next().is_none() {
                res.insert(names.authorizer_permission(&a.name, None), permission(program, f, &source, &IndexMap::new()));
            } else {
                // The function depends on the stage: each stage's function must let API Gateway in.
                for s in &api.stages {
                    res.insert(names.authorizer_permission(&a.name, Some(&s.name)), permission(program, f, &source, &s.variables));
                }
            }
        }
    }
    let mut method_ids = Vec::new();
    for r in &api.routes {
        let RouteKey::Http { method, path } = &r.key else { continue };
        let id = names.method(*method, path);
        res.insert(id.clone(), method_resource(program, api, &names, r, *method, path));
        method_ids.push(id);
        if let Some(f) = r.integration.kind.function() {
            if r.integration.credentials.is_none() {
                add_route_permissions(&mut res, program, api, &names, f, *method, path);
            }
        }
    }
    models::lower(program, api, &names, &mut res);
    let mut outputs = Map::new();
    extras::lower(program, api, &names, &mut res, &mut outputs);
    docs::lower(api, &names, &mut res);
    // Gateway responses are part of what a deployment snapshots.
    method_ids.extend(extras::gateway_response_ids(&names, api));
    let hash = deployment_hash(program, api);
    let deployment_id = format!("Deployment{}", &hash[..10]);
    let mut deployment = json!({
        "Type": "AWS::ApiGateway::Deployment",
        "DependsOn": method_ids,
        "Properties": { "RestApiId": reference(&names.api), "Description": format!("gwc deployment {hash}") },
    });
    if api.stages.iter().any(|s| s.canary.is_some()) {
        // A canary stage keeps serving the previous deployment: it must outlive this template.
        deployment["DeletionPolicy"] = json!("Retain");
        deployment["UpdateReplacePolicy"] = json!("Retain");
    }
    res.insert(deployment_id.clone(), deployment);
    outputs.insert("ApiId".into(), json!({ "Description": format!("Id of the REST API {}", api.name), "Value": reference(&names.api) }));
    for s in &api.stages {
        let mut st = stage(api, &names, s, &deployment_id);
        docs::stage(api, &names, &mut st);
        res.insert(names.stage(&s.name), st);
        if s.canary.is_some() {
            outputs.insert(
                format!("{}DeploymentId", names.stage(&s.name).trim_end_matches("Stage")),
                json!({
                    "Description": format!("Deployment of this update, served by the canary of stage {}; pass it as the stable deployment of the next update to keep it", s.name),
                    "Value": reference(&deployment_id),
                }),
            );
        }
        if !api.disable_execute_api_endpoint {
            outputs.insert(
                format!("{}InvokeUrl", names.stage(&s.name).trim_end_matches("Stage")),
                json!({
                    "Description": format!("Invoke URL of stage {}", s.name),
                    "Value": { "Fn::Sub": format!("https://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/${{{}}}", names.api, names.stage(&s.name)) },
                }),
            );
        }
    }
    (res, outputs)
}

/// Body mode: the RestApi carries the OpenAPI definition as `Body` instead of the Resources,
/// Methods, Authorizers, Models, validators, gateway responses and documentation parts;
/// `params` are the template's parameters.
pub(super) fn lower_body(program: &Program, api: &Api, params: &Map<String, Value>) -> (Map<String, Value>, Map<String, Value>) {
    let (mut res, outputs) = lower(program, api);
    body::apply(&mut res, &crate::emit::openapi::document(program, api), params);
    (res, outputs)
}

fn rest_api(program: &Program, api: &Api) -> Value {
    let mut p = Map::new();
    p.insert("Name".into(), json!(api.name));
    if let Some(d) = &api.description {
        p.insert("Description".into(), text(d));
    }
    let ty = match api.endpoint.kind {
        EndpointKind::Edge => "EDGE",
        EndpointKind::Regional => "REGIONAL",
        EndpointKind::Private => "PRIVATE",
    };
    let mut ep = Map::new();
    ep.insert("Types".into(), json!([ty]));
    if !api.endpoint.vpc_endpoint_ids.is_empty() {
        ep.insert("VpcEndpointIds".into(), text_list(program, &api.endpoint.vpc_endpoint_ids));
    }
    p.insert("EndpointConfiguration".into(), Value::Object(ep));
    if !api.policy.is_empty() {
        p.insert("Policy".into(), extras::policy(program, &api.policy));
    } else if api.endpoint.kind == EndpointKind::Private {
        // A private API cannot deploy without a policy; let only the declared endpoints in.
        let ids = text_list(program, &api.endpoint.vpc_endpoint_ids);
        p.insert("Policy".into(), crate::emit::documents::private_endpoint_policy(ids));
    }
    if !api.binary_media_types.is_empty() {
        p.insert("BinaryMediaTypes".into(), json!(api.binary_media_types));
    }
    if let Some(n) = api.minimum_compression_size {
        p.insert("MinimumCompressionSize".into(), json!(n));
    }
    if let Some(src) = api.api_key_source {
        p.insert("ApiKeySourceType".into(), json!(if src == ApiKeySource::Header { "HEADER" } else { "AUTHORIZER" }));
    }
    if api.disable_execute_api_endpoint {
        p.insert("DisableExecuteApiEndpoint".into(), json!(true));
    }
    if !api.tags.is_empty() {
        p.insert("Tags".into(), tags(&api.tags));
    }
    json!({ "Type": "AWS::ApiGateway::RestApi", "Properties": p })
}

fn identity_source(s: &IdentitySource) -> String {
    match s {
        IdentitySource::Header(h) => format!("method.request.header.{h}"),
        IdentitySource::Query(q) => format!("method.request.querystring.{q}"),
        IdentitySource::StageVariable(v) => format!("stageVariables.{v}"),
        IdentitySource::Context(c) => format!("context.{c}"),
    }
}

fn function_arn<'a>(program: &'a Program, f: &str) -> Text {
    program.functions.get(f).map(|f| f.arn.clone()).unwrap_or_default()
}

fn lambda_uri(program: &Program, f: &str) -> Value {
    let arn = sub_string(&function_arn(program, f));
    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/{arn}/invocations") })
}

fn permission(program: &Program, f: &str, source_arn: &str, vars: &IndexMap<String, Text>) -> Value {
    let arn = function_arn(program, f).with_stage_variables(vars);
    json!({
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "Action": "lambda:InvokeFunction",
            "FunctionName": text(&arn),
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": { "Fn::Sub": source_arn },
        },
    })
}

/// One permission per route, scoped to `{api}/*/{METHOD}/{path}`; when the function is chosen by
/// a stage variable, one per stage with that stage's value, scoped to the stage.
fn add_route_permissions(res: &mut Map<String, Value>, program: &Program, api: &Api, names: &Names, f: &str, method: Method, path: &Path) {
    let verb = if method == Method::ANY { "*" } else { method.as_str() };
    let arn = function_arn(program, f);
    let source = |stage: &str| {
        format!(
            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{}}}/{stage}/{verb}/{}",
            names.api,
            path.arn_pattern()
        )
    };
    if arn.stage_variables().next().is_none() {
        res.insert(names.permission(method, path, None), permission(program, f, &source("*"), &IndexMap::new()));
        return;
    }
    for s in &api.stages {
        res.insert(names.permission(method, path, Some(&s.name)), permission(program, f, &source(&s.name), &s.variables));
    }
}

fn mapping(v: &MappingValue) -> Value {
    match v {
        MappingValue::Static(s) => json!(format!("'{}'", s.replace('\'', "\\'"))),
        MappingValue::Expr(e) => json!(e),
    }
}

fn method_resource(program: &Program, _api: &Api, names: &Names, r: &Route, method: Method, path: &Path) -> Value {
    let mut p = Map::new();
    p.insert("RestApiId".into(), reference(&names.api));
    p.insert("ResourceId".into(), resource_id(names, path));
    p.insert("HttpMethod".into(), json!(method.as_str()));
    match &r.auth {
        Auth::None { .. } => {
            p.insert("AuthorizationType".into(), json!("NONE"));
        }
        Auth::Iam => {
            p.insert("AuthorizationType".into(), json!("AWS_IAM"));
        }
        Auth::Authorizer { name, scopes } => {
            let cognito = _api.authorizers.iter().any(|a| &a.name == name && matches!(a.kind, AuthorizerKind::Cognito { .. }));
            p.insert("AuthorizationType".into(), json!(if cognito { "COGNITO_USER_POOLS" } else { "CUSTOM" }));
            p.insert("AuthorizerId".into(), reference(&names.authorizer(name)));
            if !scopes.is_empty() {
                p.insert("AuthorizationScopes".into(), json!(scopes));
            }
        }
    }
    if r.api_key_required {
        p.insert("ApiKeyRequired".into(), json!(true));
    }
    if let Some(op) = &r.operation_name {
        p.insert("OperationName".into(), json!(op));
    }
    if !r.params.is_empty() {
        let mut rp = Map::new();
        for q in &r.params {
            rp.insert(format!("method.request.{}.{}", q.location.mapping_word(), q.name), json!(q.required));
        }
        p.insert("RequestParameters".into(), Value::Object(rp));
    }
    models::method_properties(names, r, &mut p);
    let mut integ = integration(program, &r.integration);
    if let Some(c) = r.cache.as_ref().filter(|c| c.enabled && !c.keys.is_empty()) {
        integ["CacheKeyParameters"] =
            json!(c.keys.iter().map(|(l, n)| format!("method.request.{}.{n}", l.mapping_word())).collect::<Vec<_>>());
    }
    if let Some(l) = &r.integration.vpc_link {
        integ["ConnectionType"] = json!("VPC_LINK");
        integ["ConnectionId"] = reference(&extras::vpc_link_id(names, l));
    }
    p.insert("Integration".into(), integ);
    if !r.responses.is_empty() {
        let responses: Vec<Value> = r
            .responses
            .iter()
            .map(|m| {
                let mut o = Map::new();
                o.insert("StatusCode".into(), json!(m.status.to_string()));
                if !m.headers.is_empty() {
                    let h: Map<String, Value> = m.headers.iter().map(|h| (format!("method.response.header.{h}"), json!(false))).collect();
                    o.insert("ResponseParameters".into(), Value::Object(h));
                }
                if let Some(m) = models::response_models(names, &m.models) {
                    o.insert("ResponseModels".into(), m);
                }
                Value::Object(o)
            })
            .collect();
        p.insert("MethodResponses".into(), Value::Array(responses));
    }
    json!({ "Type": "AWS::ApiGateway::Method", "Properties": p })
}

fn integration(program: &Program, i: &Integration) -> Value {
    let mut p = Map::new();
    match &i.kind {
        IntegrationKind::LambdaProxy { function } | IntegrationKind::Lambda { function } => {
            p.insert("Type".into(), json!(if i.kind.is_proxy() { "AWS_PROXY" } else { "AWS" }));
            p.insert("IntegrationHttpMethod".into(), json!("POST"));
            p.insert("Uri".into(), lambda_uri(program, function));
        }
        IntegrationKind::Http { url, method, proxy } => {
            p.insert("Type".into(), json!(if *proxy { "HTTP_PROXY" } else { "HTTP" }));
            p.insert("IntegrationHttpMethod".into(), json!(method.as_str()));
            p.insert("Uri".into(), text(url));
        }
        IntegrationKind::Aws { service, region, target, method } => {
            p.insert("Type".into(), json!("AWS"));
            p.insert("IntegrationHttpMethod".into(), json!(method.as_str()));
            let region = region.clone().unwrap_or_else(|| "${AWS::Region}".into());
            let target = match target {
                AwsTarget::Action(a) => format!("action/{a}"),
                AwsTarget::Path(pa) => format!("path/{pa}"),
            };
            p.insert("Uri".into(), json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:apigateway:{region}:{service}:{target}") }));
        }
        IntegrationKind::Mock => {
            p.insert("Type".into(), json!("MOCK"));
        }
    }
    if let Some(c) = &i.credentials {
        p.insert("Credentials".into(), text(c));
    }
    if let Some(t) = i.timeout_ms {
        p.insert("TimeoutInMillis".into(), json!(t));
    }
    if !i.request_parameters.is_empty() {
        let m: Map<String, Value> = i.request_parameters.iter().map(|(k, v)| (k.clone(), mapping(v))).collect();
        p.insert("RequestParameters".into(), Value::Object(m));
    }
    if !i.request_templates.is_empty() {
        p.insert("RequestTemplates".into(), json!(i.request_templates));
    }
    if let Some(pt) = i.passthrough {
        let word = pt.api_word();
        p.insert("PassthroughBehavior".into(), json!(word));
    }
    if !i.responses.is_empty() {
        let rs: Vec<Value> = i
            .responses
            .iter()
            .map(|r| {
                let mut o = Map::new();
                o.insert("StatusCode".into(), json!(r.status.to_string()));
                if let Some(pat) = &r.pattern {
                    o.insert("SelectionPattern".into(), json!(pat));
                }
                if !r.headers.is_empty() {
                    let h: Map<String, Value> =
                        r.headers.iter().map(|(k, v)| (format!("method.response.header.{k}"), mapping(v))).collect();
                    o.insert("ResponseParameters".into(), Value::Object(h));
                }
                if !r.templates.is_empty() {
                    o.insert("ResponseTemplates".into(), json!(r.templates));
                }
                Value::Object(o)
            })
            .collect();
        p.insert("IntegrationResponses".into(), Value::Array(rs));
    }
    Value::Object(p)
}

/// `/pets/{id}` → `/~1pets~1{id}` as MethodSettings expects; the root resource is plain `/`.
pub fn method_settings_path(path: &Path) -> String {
    if path.segments.is_empty() {
        return "/".to_string();
    }
    format!("/{}", path.text().replace('/', "~1"))
}

fn stage(api: &Api, names: &Names, s: &Stage, deployment_id: &str) -> Value {
    let mut p = Map::new();
    p.insert("RestApiId".into(), reference(&names.api));
    p.insert("DeploymentId".into(), reference(deployment_id));
    p.insert("StageName".into(), json!(s.name));
    if let Some(d) = &s.description {
        p.insert("Description".into(), text(d));
    }
    if !s.variables.is_empty() {
        let v: Map<String, Value> = s.variables.iter().map(|(k, v)| (k.clone(), text(v))).collect();
        p.insert("Variables".into(), Value::Object(v));
    }
    if s.tracing {
        p.insert("TracingEnabled".into(), json!(true));
    }
    if let Some(a) = &s.access_log {
        p.insert("AccessLogSetting".into(), json!({ "DestinationArn": text(&a.destination), "Format": a.format }));
    }
    let base = |o: &mut Map<String, Value>| {
        if let Some(l) = s.logging {
            o.insert("LoggingLevel".into(), json!(l.api_word()));
        }
        if s.data_trace {
            o.insert("DataTraceEnabled".into(), json!(true));
        }
        if s.metrics {
            o.insert("MetricsEnabled".into(), json!(true));
        }
    };
    let mut settings = Vec::new();
    let mut all = Map::new();
    all.insert("ResourcePath".into(), json!("/*"));
    all.insert("HttpMethod".into(), json!("*"));
    base(&mut all);
    if let Some(t) = &s.throttle {
        throttle(&mut all, t.rate, t.burst);
    }
    if all.len() > 2 {
        settings.push(Value::Object(all));
    }
    for r in &api.routes {
        let RouteKey::Http { method, path } = &r.key else { continue };
        let mut o = Map::new();
        o.insert("ResourcePath".into(), json!(method_settings_path(path)));
        o.insert("HttpMethod".into(), json!(if *method == Method::ANY { "*" } else { method.as_str() }));
        base(&mut o);
        let cached = extras::cache_settings(s, r, &mut o);
        if let Some(t) = &r.throttle {
            let stage_t = s.throttle.unwrap_or(crate::model::Throttle { rate: None, burst: None });
            throttle(&mut o, t.rate.or(stage_t.rate), t.burst.or(stage_t.burst));
        } else if !cached {
            continue;
        }
        settings.push(Value::Object(o));
    }
    if !settings.is_empty() {
        p.insert("MethodSettings".into(), Value::Array(settings));
    }
    if !s.tags.is_empty() {
        p.insert("Tags".into(), tags(&s.tags));
    }
    extras::stage_properties(api, names, s, deployment_id, &mut p);
    if extras::needs_account(api, s) {
        // API Gateway refuses logging settings until the account has a CloudWatch role.
        return json!({ "Type": "AWS::ApiGateway::Stage", "DependsOn": [extras::account_id(names)], "Properties": p });
    }
    json!({ "Type": "AWS::ApiGateway::Stage", "Properties": p })
}

fn throttle(o: &mut Map<String, Value>, rate: Option<f64>, burst: Option<u64>) {
    if let Some(r) = rate {
        o.insert("ThrottlingRateLimit".into(), json!(r));
    }
    if let Some(b) = burst {
        o.insert("ThrottlingBurstLimit".into(), json!(b));
    }
}

/// The logical ID of the VPC link `name` of a REST API (OpenAPI refers to it as `${ID}`).
pub(crate) fn vpc_link_logical_id(program: &Program, api: &Api, name: &str) -> String {
    extras::vpc_link_id(&Names::new(program, api), name)
}

/// Template parameters and conditions that canary stages need.
pub(super) fn canary_parameters(program: &Program, api: &Api) -> (Map<String, Value>, Map<String, Value>) {
    if api.stages.iter().all(|s| s.canary.is_none()) {
        return (Map::new(), Map::new()); // without naming every resource again
    }
    let names = Names::new(program, api);
    extras::canary_parameters(api, &names)
}
