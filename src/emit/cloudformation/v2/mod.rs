//! Lowers an HTTP or WebSocket API (API Gateway v2): Api, Authorizers, Routes, Integrations,
//! Lambda permissions scoped to the API, VPC links, Stages (HTTP: deployed automatically;
//! WebSocket: an explicit content-hashed Deployment that depends on every route), WebSocket API
//! keys, usage plans, VPC links and client certificates (`plans.rs`), and Outputs.

mod plans;
mod routes;

use super::{sub_string, text};
use crate::emit::names::{deployment_hash, pascal, LogicalIds};
use crate::model::{Api, ApiKind, AuthorizerKind, IdentitySource, LoggingRole, Program, RouteKey, Stage, Text};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

pub(super) struct Names {
    ids: LogicalIds,
    api: String,
}

/// `GetOrdersId`, `Default`, `Connect`, `SendMessage`: the readable base of a route's IDs.
fn route_base(k: &RouteKey) -> String {
    match k {
        RouteKey::Http { method, path } => {
            let p: String =
                if path.segments.is_empty() { "Root".into() } else { path.segments.iter().map(|s| pascal(&s.text())).collect() };
            format!("{p}{}", pascal(&method.as_str().to_lowercase()))
        }
        RouteKey::Default => "Default".into(),
        RouteKey::Websocket(w) => pascal(w),
    }
}

fn route_key(k: &RouteKey) -> String {
    k.text()
}

impl Names {
    fn new(program: &Program, api: &Api) -> Names {
        let mut ids = LogicalIds::default();
        for p in program.params.keys() {
            ids.reserve(super::param_id(p));
        }
        ids.want("api", "Api");
        for r in &api.routes {
            let (k, base) = (route_key(&r.key), route_base(&r.key));
            for suffix in ["Route", "Integration", "Permission", "RouteResponse"] {
                ids.want(format!("{suffix}:{k}"), format!("{base}{suffix}"));
            }
            if let Some(i) = r.integration.v2.as_ref() {
                for (n, resp) in i.responses.iter().enumerate() {
                    ids.want(
                        format!("IntegrationResponse:{k}:{}", resp.key),
                        format!("{base}IntegrationResponse{}", if n == 0 { String::new() } else { n.to_string() }),
                    );
                }
            }
            for s in &api.stages {
                ids.want(format!("Permission:{k}:{}", s.name), format!("{base}Permission{}", pascal(&stage_word(&s.name))));
            }
        }
        for a in &api.authorizers {
            ids.want(format!("Authorizer:{}", a.name), format!("{}Authorizer", pascal(&a.name)));
            ids.want(format!("AuthorizerPermission:{}", a.name), format!("{}AuthorizerPermission", pascal(&a.name)));
            for s in &api.stages {
                ids.want(
                    format!("AuthorizerPermission:{}:{}", a.name, s.name),
                    format!("{}AuthorizerPermission{}", pascal(&a.name), pascal(&stage_word(&s.name))),
                );
            }
        }
        for s in &api.stages {
            ids.want(format!("Stage:{}", s.name), format!("{}Stage", pascal(&stage_word(&s.name))));
        }
        for l in api.v2.iter().flat_map(|v| &v.vpc_links) {
            ids.want(format!("VpcLink:{}", l.name), format!("{}VpcLink", pascal(&l.name)));
        }
        for d in &api.domains {
            let base = pascal(&domain_key(d));
            ids.want(format!("Domain:{}", domain_key(d)), format!("{base}Domain"));
            for m in &d.mappings {
                let key = m.base_path.as_deref().unwrap_or("");
                ids.want(format!("ApiMapping:{} {key}", domain_key(d)), format!("{base}{}ApiMapping", pascal(key)));
            }
        }
        ids.want("account", "ApiGatewayAccount");
        ids.want("logging-role", "ApiGatewayLoggingRole");
        plans::want(&mut ids, api);
        ids.assign();
        let api_id = ids.get("api");
        Names { ids, api: api_id }
    }
    pub(super) fn get(&self, what: &str, key: &str) -> String {
        self.ids.get(&format!("{what}:{key}"))
    }
}

/// `$default` → `default` (for logical IDs and output names).
fn stage_word(s: &str) -> String {
    s.trim_start_matches('$').to_string()
}

pub(super) fn reference(id: &str) -> Value {
    json!({ "Ref": id })
}

fn tag_map(tags: &IndexMap<String, Text>) -> Value {
    Value::Object(tags.iter().map(|(k, v)| (k.clone(), text(v))).collect())
}

pub(super) fn function_arn(program: &Program, f: &str) -> Text {
    program.functions.get(f).map(|f| f.arn.clone()).unwrap_or_default()
}

/// The invocation URI of a Lambda function (the full form every kind accepts).
pub(super) fn lambda_uri(program: &Program, f: &str) -> Value {
    let arn = sub_string(&function_arn(program, f));
    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/{arn}/invocations") })
}

/// Lambda permissions for `f`, scoped to `{api}/STAGE/{scope}`; one per stage when the function
/// is chosen by a stage variable.
pub(super) fn permissions(res: &mut Map<String, Value>, program: &Program, api: &Api, names: &Names, f: &str, id_key: &str, scope: &str) {
    let arn = function_arn(program, f);
    let permission = |arn: &Text, source: String| {
        json!({
            "Type": "AWS::Lambda::Permission",
            "Properties": {
                "Action": "lambda:InvokeFunction",
                "FunctionName": text(arn),
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": { "Fn::Sub": format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{}}}/{source}", names.api) },
            },
        })
    };
    let (what, key) = id_key.split_once(':').unwrap_or((id_key, ""));
    if arn.stage_variables().next().is_none() {
        res.insert(names.get(what, key), permission(&arn, scope.replace("{stage}", "*")));
        return;
    }
    for s in &api.stages {
        let stage = if s.name == "$default" { "$default".to_string() } else { s.name.clone() };
        res.insert(
            names.get(what, &format!("{key}:{}", s.name)),
            permission(&arn.with_stage_variables(&s.variables), scope.replace("{stage}", &stage)),
        );
    }
}

pub(super) fn lower(program: &Program, api: &Api) -> (Map<String, Value>, Map<String, Value>) {
    let names = Names::new(program, api);
    let mut res = Map::new();
    res.insert(names.api.clone(), api_resource(api));
    for l in api.v2.iter().flat_map(|v| &v.vpc_links) {
        let mut p = Map::new();
        p.insert("Name".into(), json!(format!("{}-{}", api.name, l.name)));
        p.insert("SubnetIds".into(), super::text_list(program, &l.subnets));
        if !l.security_groups.is_empty() {
            p.insert("SecurityGroupIds".into(), super::text_list(program, &l.security_groups));
        }
        res.insert(names.get("VpcLink", &l.name), json!({ "Type": "AWS::ApiGatewayV2::VpcLink", "Properties": p }));
    }
    for a in &api.authorizers {
        authorizer(&mut res, program, api, &names, a);
    }
    let account = account(&mut res, api, &names);
    let (route_ids, deployed) = routes::lower(&mut res, program, api, &names);
    let mut outputs = Map::new();
    domains(&mut res, &mut outputs, api, &names);
    outputs.insert("ApiId".into(), json!({ "Description": format!("Id of the {} API {}", if api.kind == ApiKind::Http { "HTTP" } else { "WebSocket" }, api.name), "Value": reference(&names.api) }));
    let deployment_id = (api.kind == ApiKind::Websocket).then(|| {
        let hash = deployment_hash(program, api);
        let id = format!("Deployment{}", &hash[..10]);
        res.insert(
            id.clone(),
            json!({
                "Type": "AWS::ApiGatewayV2::Deployment",
                "DependsOn": deployed,
                "Properties": { "ApiId": reference(&names.api), "Description": format!("gwc deployment {hash}") },
            }),
        );
        id
    });
    for s in &api.stages {
        let mut st = stage(api, &names, s, deployment_id.as_deref());
        let mut depends: Vec<String> = Vec::new();
        if deployment_id.is_none() {
            // An auto-deployed stage deploys what exists when it is created, and its route
            // settings must name existing routes: it waits for every route.
            depends.extend(route_ids.iter().cloned());
        }
        let logs = matches!(s.logging, Some(crate::model::LogLevel::Error | crate::model::LogLevel::Info))
            || s.data_trace
            || s.access_log.is_some();
        if let (Some(a), true) = (&account, logs) {
            // API Gateway refuses logging settings until the account has a CloudWatch role.
            depends.push(a.clone());
        }
        if !depends.is_empty() {
            st["DependsOn"] = json!(depends);
        }
        res.insert(names.get("Stage", &s.name), st);
        if !api.disable_execute_api_endpoint {
            let (scheme, path) = match (api.kind, s.name.as_str()) {
                (ApiKind::Websocket, _) => ("wss", format!("/${{{}}}", names.get("Stage", &s.name))),
                (_, "$default") => ("https", "/".to_string()),
                _ => ("https", format!("/${{{}}}", names.get("Stage", &s.name))),
            };
            outputs.insert(
                format!("{}{}", pascal(&stage_word(&s.name)), if api.kind == ApiKind::Websocket { "WebSocketUrl" } else { "InvokeUrl" }),
                json!({
                    "Description": format!("URL of stage {}", s.name),
                    "Value": { "Fn::Sub": format!("{scheme}://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}{path}", names.api) },
                }),
            );
        }
    }
    plans::lower(&mut res, program, api, &names);
    (res, outputs)
}

fn api_resource(api: &Api) -> Value {
    let mut p = Map::new();
    p.insert("Name".into(), json!(api.name));
    p.insert("ProtocolType".into(), json!(if api.kind == ApiKind::Http { "HTTP" } else { "WEBSOCKET" }));
    if let Some(d) = &api.description {
        p.insert("Description".into(), text(d));
    }
    if let Some(v2) = &api.v2 {
        if let Some(r) = &v2.route_selection {
            p.insert("RouteSelectionExpression".into(), json!(r));
        }
        if let Some(k) = &v2.api_key_selection {
            p.insert("ApiKeySelectionExpression".into(), json!(k));
        }
    }
    if let Some(c) = &api.cors {
        let mut o = Map::new();
        o.insert("AllowOrigins".into(), json!(c.origins));
        if !c.methods.is_empty() {
            o.insert(
                "AllowMethods".into(),
                json!(c.methods.iter().map(|m| if m.as_str() == "ANY" { "*" } else { m.as_str() }).collect::<Vec<_>>()),
            );
        }
        if !c.headers.is_empty() {
            o.insert("AllowHeaders".into(), json!(c.headers));
        }
        if !c.expose_headers.is_empty() {
            o.insert("ExposeHeaders".into(), json!(c.expose_headers));
        }
        if let Some(m) = c.max_age_seconds {
            o.insert("MaxAge".into(), json!(m));
        }
        if c.credentials {
            o.insert("AllowCredentials".into(), json!(true));
        }
        p.insert("CorsConfiguration".into(), Value::Object(o));
    }
    if api.disable_execute_api_endpoint {
        p.insert("DisableExecuteApiEndpoint".into(), json!(true));
    }
    if !api.tags.is_empty() {
        p.insert("Tags".into(), tag_map(&api.tags));
    }
    json!({ "Type": "AWS::ApiGatewayV2::Api", "Properties": p })
}

fn identity(kind: ApiKind, s: &IdentitySource) -> String {
    match (kind, s) {
        (ApiKind::Websocket, IdentitySource::Header(h)) => format!("route.request.header.{h}"),
        (ApiKind::Websocket, IdentitySource::Query(q)) => format!("route.request.querystring.{q}"),
        (_, IdentitySource::Header(h)) => format!("$request.header.{h}"),
        (_, IdentitySource::Query(q)) => format!("$request.querystring.{q}"),
        (_, IdentitySource::StageVariable(v)) => format!("$stageVariables.{v}"),
        (_, IdentitySource::Context(c)) => format!("$context.{c}"),
    }
}

fn authorizer(res: &mut Map<String, Value>, program: &Program, api: &Api, names: &Names, a: &crate::model::Authorizer) {
    let mut p = Map::new();
    p.insert("ApiId".into(), reference(&names.api));
    p.insert("Name".into(), json!(a.name));
    match &a.kind {
        AuthorizerKind::Jwt { issuer, audiences, identity: ids } => {
            p.insert("AuthorizerType".into(), json!("JWT"));
            p.insert("IdentitySource".into(), json!(ids.iter().map(|i| identity(api.kind, i)).collect::<Vec<_>>()));
            p.insert("JwtConfiguration".into(), json!({ "Issuer": text(issuer), "Audience": super::text_list(program, audiences) }));
        }
        AuthorizerKind::Request { function, identity: ids } => {
            p.insert("AuthorizerType".into(), json!("REQUEST"));
            p.insert("AuthorizerUri".into(), lambda_uri(program, function));
            if !ids.is_empty() {
                p.insert("IdentitySource".into(), json!(ids.iter().map(|i| identity(api.kind, i)).collect::<Vec<_>>()));
            }
            if let Some(v2) = &a.v2 {
                if let Some(f) = &v2.payload_format {
                    p.insert("AuthorizerPayloadFormatVersion".into(), json!(f));
                }
                if v2.simple_responses {
                    p.insert("EnableSimpleResponses".into(), json!(true));
                }
            }
            if api.kind == ApiKind::Http {
                if let Some(ttl) = a.ttl_seconds {
                    p.insert("AuthorizerResultTtlInSeconds".into(), json!(ttl));
                }
            }
            if let Some(c) = &a.credentials {
                p.insert("AuthorizerCredentialsArn".into(), text(c));
            }
        }
        // Not authorizer types of HTTP or WebSocket APIs (the checker reports E0408).
        AuthorizerKind::Token { .. } | AuthorizerKind::Cognito { .. } => {}
    }
    let id = names.get("Authorizer", &a.name);
    res.insert(id.clone(), json!({ "Type": "AWS::ApiGatewayV2::Authorizer", "Properties": p }));
    if let (Some(f), None) = (a.kind.function(), &a.credentials) {
        permissions(res, program, api, names, f, &format!("AuthorizerPermission:{}", a.name), &format!("authorizers/${{{id}}}"));
    }
}

fn stage(api: &Api, names: &Names, s: &Stage, deployment: Option<&str>) -> Value {
    let mut p = Map::new();
    p.insert("ApiId".into(), reference(&names.api));
    p.insert("StageName".into(), json!(s.name));
    match deployment {
        Some(d) => {
            p.insert("DeploymentId".into(), reference(d));
        }
        None => {
            p.insert("AutoDeploy".into(), json!(true));
        }
    }
    if let Some(d) = &s.description {
        p.insert("Description".into(), text(d));
    }
    if !s.variables.is_empty() {
        p.insert("StageVariables".into(), Value::Object(s.variables.iter().map(|(k, v)| (k.clone(), text(v))).collect()));
    }
    if let Some(c) = &s.client_certificate {
        // WebSocket stages only (the checker reports E0408 on HTTP APIs).
        p.insert("ClientCertificateId".into(), reference(&names.get("ClientCertificate", c)));
    }
    let base = |o: &mut Map<String, Value>| {
        if s.metrics {
            o.insert("DetailedMetricsEnabled".into(), json!(true));
        }
        if api.kind == ApiKind::Websocket {
            if let Some(l) = s.logging {
                o.insert("LoggingLevel".into(), json!(l.api_word()));
            }
            if s.data_trace {
                o.insert("DataTraceEnabled".into(), json!(true));
            }
        }
    };
    let mut defaults = Map::new();
    base(&mut defaults);
    if let Some(t) = &s.throttle {
        throttle(&mut defaults, t.rate, t.burst);
    }
    if !defaults.is_empty() {
        p.insert("DefaultRouteSettings".into(), Value::Object(defaults));
    }
    let mut per_route = Map::new();
    for r in &api.routes {
        let Some(t) = &r.throttle else { continue };
        let mut o = Map::new();
        base(&mut o);
        let st = s.throttle.unwrap_or(crate::model::Throttle { rate: None, burst: None });
        throttle(&mut o, t.rate.or(st.rate), t.burst.or(st.burst));
        per_route.insert(route_key(&r.key), Value::Object(o));
    }
    if !per_route.is_empty() {
        p.insert("RouteSettings".into(), Value::Object(per_route));
    }
    if let Some(a) = &s.access_log {
        p.insert("AccessLogSettings".into(), json!({ "DestinationArn": text(&a.destination), "Format": a.format }));
    }
    if !s.tags.is_empty() {
        p.insert("Tags".into(), tag_map(&s.tags));
    }
    json!({ "Type": "AWS::ApiGatewayV2::Stage", "Properties": p })
}

fn throttle(o: &mut Map<String, Value>, rate: Option<f64>, burst: Option<u64>) {
    if let Some(r) = rate {
        o.insert("ThrottlingRateLimit".into(), json!(r));
    }
    if let Some(b) = burst {
        o.insert("ThrottlingBurstLimit".into(), json!(b));
    }
}

/// The account's CloudWatch Logs role setting, when the API says gwc owns it (`logging_role`).
fn account(res: &mut Map<String, Value>, api: &Api, names: &Names) -> Option<String> {
    let arn = match &api.logging_role {
        Some(LoggingRole::Create) => {
            let role = names.ids.get("logging-role");
            res.insert(
                role.clone(),
                json!({
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "AssumeRolePolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [{ "Effect": "Allow", "Principal": { "Service": "apigateway.amazonaws.com" }, "Action": "sts:AssumeRole" }],
                        },
                        "ManagedPolicyArns": [{ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs" }],
                    },
                }),
            );
            json!({ "Fn::GetAtt": [role, "Arn"] })
        }
        Some(LoggingRole::Role(r)) => text(r),
        Some(LoggingRole::Existing) | None => return None,
    };
    let id = names.ids.get("account");
    res.insert(id.clone(), json!({ "Type": "AWS::ApiGateway::Account", "Properties": { "CloudWatchRoleArn": arn } }));
    Some(id)
}

/// `api.example.com` (or the domain's parameters) as an ID base.
fn domain_key(d: &crate::model::Domain) -> String {
    d.name
        .parts
        .iter()
        .map(|p| match p {
            crate::model::TextPart::Lit(l) => l.clone(),
            crate::model::TextPart::Param(n) => n.clone(),
            _ => String::new(),
        })
        .collect()
}

/// Custom domains (`AWS::ApiGatewayV2::DomainName`, regional) and their API mappings, which
/// refer to their Stage resources so they never race them.
fn domains(res: &mut Map<String, Value>, outputs: &mut Map<String, Value>, api: &Api, names: &Names) {
    for d in &api.domains {
        let id = names.get("Domain", &domain_key(d));
        let mut conf = Map::new();
        conf.insert("CertificateArn".into(), text(&d.certificate));
        conf.insert("EndpointType".into(), json!("REGIONAL"));
        if let Some(sp) = &d.security_policy {
            conf.insert("SecurityPolicy".into(), json!(sp));
        }
        let mut p = Map::new();
        p.insert("DomainName".into(), text(&d.name));
        if let Some(m) = &d.mutual_tls {
            let mut o = Map::new();
            o.insert("TruststoreUri".into(), text(&m.truststore_uri));
            if let Some(v) = &m.truststore_version {
                o.insert("TruststoreVersion".into(), text(v));
            }
            p.insert("MutualTlsAuthentication".into(), Value::Object(o));
            if let Some(c) = &m.ownership_certificate {
                conf.insert("OwnershipVerificationCertificateArn".into(), text(c));
            }
        }
        p.insert("DomainNameConfigurations".into(), json!([Value::Object(conf)]));
        if !d.tags.is_empty() {
            p.insert("Tags".into(), tag_map(&d.tags));
        }
        res.insert(id.clone(), json!({ "Type": "AWS::ApiGatewayV2::DomainName", "Properties": p }));
        for m in &d.mappings {
            let mut mp = Map::new();
            mp.insert("ApiId".into(), reference(&names.api));
            mp.insert("DomainName".into(), reference(&id));
            mp.insert("Stage".into(), reference(&names.get("Stage", &m.stage)));
            if let Some(b) = &m.base_path {
                mp.insert("ApiMappingKey".into(), json!(b));
            }
            let key = m.base_path.as_deref().unwrap_or("");
            res.insert(
                names.get("ApiMapping", &format!("{} {key}", domain_key(d))),
                json!({ "Type": "AWS::ApiGatewayV2::ApiMapping", "Properties": mp }),
            );
        }
        outputs.insert(
            format!("{id}Target"),
            json!({ "Description": format!("DNS target (alias) for {}", domain_key(d)), "Value": { "Fn::GetAtt": [id, "RegionalDomainName"] } }),
        );
        outputs.insert(
            format!("{id}HostedZoneId"),
            json!({ "Description": format!("Hosted zone of the alias target of {}", domain_key(d)), "Value": { "Fn::GetAtt": [id, "RegionalHostedZoneId"] } }),
        );
    }
}

/// The logical ID of the VPC link `name` of an HTTP API (OpenAPI refers to it as `${ID}`).
pub(crate) fn vpc_link_logical_id(program: &Program, api: &Api, name: &str) -> String {
    Names::new(program, api).get("VpcLink", name)
}
