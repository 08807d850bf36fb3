//! The typed Model: what a checked program means, for every API kind, knowing nothing of syntax.
//!
//! Lints and emitters read only this. Every node keeps the span it came from (skipped when the
//! Model is serialized, so that hashes of the Model change only when meaning changes).

mod features;
mod text;
mod v2;

pub use features::*;
pub use text::{Pseudo, Text, TextPart};
pub use v2::*;

use crate::source::Span;
use indexmap::IndexMap;
use serde::Serialize;

/// A checked program: the parameters and externals it uses and the APIs it declares.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Program {
    pub params: IndexMap<String, Param>,
    pub functions: IndexMap<String, Function>,
    pub apis: Vec<Api>,
}

/// A deploy-time parameter (CloudFormation Parameter, Terraform variable).
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    pub ty: ParamType,
    pub default: Option<serde_json::Value>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    String,
    Number,
    Arn,
    StringList,
}

/// A Lambda function the program invokes.
#[derive(Debug, Clone, Serialize)]
pub struct Function {
    /// The declared name (qualified by module alias when imported).
    pub name: String,
    /// The function ARN (may contain parameters, pseudo parameters and stage variables).
    pub arn: Text,
    #[serde(skip)]
    pub span: Span,
}

/// The three kinds of API Gateway API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiKind {
    Rest,
    Http,
    Websocket,
}

impl ApiKind {
    pub fn word(self) -> &'static str {
        match self {
            ApiKind::Rest => "rest",
            ApiKind::Http => "http",
            ApiKind::Websocket => "websocket",
        }
    }
}

/// One API of any kind.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub name: String,
    pub kind: ApiKind,
    pub description: Option<Text>,
    pub endpoint: Endpoint,
    pub tags: IndexMap<String, Text>,
    pub binary_media_types: Vec<String>,
    /// Minimum compression size in bytes.
    pub minimum_compression_size: Option<u64>,
    pub api_key_source: Option<ApiKeySource>,
    pub disable_execute_api_endpoint: bool,
    pub routes: Vec<Route>,
    pub authorizers: Vec<Authorizer>,
    pub stages: Vec<Stage>,
    // Features beyond the spine; left out of the serialised Model (and so of deployment hashes)
    // while unused.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cors: Option<Cors>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gateway_responses: Vec<GatewayResponse>,
    /// Resource policy statements (a private API without any gets one from `vpc_endpoints`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policy: Vec<PolicyStatement>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub usage_plans: Vec<UsagePlan>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub api_keys: Vec<ApiKey>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpc_links: Vec<VpcLink>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub client_certificates: Vec<ClientCertificate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_role: Option<LoggingRole>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<DocPart>,
    /// The documentation version every stage publishes (REST `AWS::ApiGateway::DocumentationVersion`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs_version: Option<String>,
    /// Settings only HTTP and WebSocket APIs have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v2: Option<ApiV2>,
    #[serde(skip)]
    pub span: Span,
}

/// Where an API's endpoint lives.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    pub kind: EndpointKind,
    /// VPC endpoint ids allowed to reach a private API.
    pub vpc_endpoint_ids: Vec<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EndpointKind {
    Edge,
    Regional,
    Private,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiKeySource {
    Header,
    Authorizer,
}

/// An HTTP method of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Method {
    GET,
    POST,
    PUT,
    DELETE,
    PATCH,
    HEAD,
    OPTIONS,
    ANY,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "GET" => Method::GET,
            "POST" => Method::POST,
            "PUT" => Method::PUT,
            "DELETE" => Method::DELETE,
            "PATCH" => Method::PATCH,
            "HEAD" => Method::HEAD,
            "OPTIONS" => Method::OPTIONS,
            "ANY" => Method::ANY,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Method::GET => "GET",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::DELETE => "DELETE",
            Method::PATCH => "PATCH",
            Method::HEAD => "HEAD",
            Method::OPTIONS => "OPTIONS",
            Method::ANY => "ANY",
        }
    }
}

/// A route path as a list of segments; `/` is the empty list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Path {
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Segment {
    Literal(String),
    /// `{id}`
    Var(String),
    /// `{proxy+}`
    Greedy(String),
}

impl Segment {
    /// The segment as API Gateway writes it (`pets`, `{id}`, `{proxy+}`).
    pub fn text(&self) -> String {
        match self {
            Segment::Literal(s) => s.clone(),
            Segment::Var(v) => format!("{{{v}}}"),
            Segment::Greedy(v) => format!("{{{v}+}}"),
        }
    }
}

impl Path {
    /// `/pets/{id}`
    pub fn text(&self) -> String {
        if self.segments.is_empty() {
            return "/".to_string();
        }
        // One allocation (it names every resource and method of large APIs).
        let mut out = String::with_capacity(16 * self.segments.len());
        for s in &self.segments {
            out.push('/');
            match s {
                Segment::Literal(l) => out.push_str(l),
                Segment::Var(v) => {
                    out.push('{');
                    out.push_str(v);
                    out.push('}');
                }
                Segment::Greedy(v) => {
                    out.push('{');
                    out.push_str(v);
                    out.push_str("+}");
                }
            }
        }
        out
    }
    /// The path variables, in order.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Var(v) | Segment::Greedy(v) => Some(v.as_str()),
            Segment::Literal(_) => None,
        })
    }
    /// The path as an execute-api ARN part: variables become `*` (`pets/*`).
    pub fn arn_pattern(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(l) => l.clone(),
                Segment::Var(_) | Segment::Greedy(_) => "*".to_string(),
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// What a route answers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RouteKey {
    /// `GET /pets/{id}` (REST and HTTP APIs).
    Http { method: Method, path: Path },
    /// `$default` of an HTTP API.
    Default,
    /// `$connect`, `$disconnect`, `$default` or a custom action of a WebSocket API.
    Websocket(String),
}

/// One route (REST: one Method; HTTP and WebSocket: one Route).
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub key: RouteKey,
    pub operation_name: Option<String>,
    /// Declared request parameters (path parameters are always declared, required).
    pub params: Vec<RequestParam>,
    pub auth: Auth,
    pub api_key_required: bool,
    pub integration: Integration,
    pub responses: Vec<MethodResponse>,
    /// Per-route throttle, applied in every stage.
    pub throttle: Option<Throttle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<RequestBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validator: Option<Validator>,
    /// Per-route caching, applied in every stage with a cache cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<RouteCache>,
    /// Set when the checker generated the route (e.g. a CORS preflight).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    /// Settings only HTTP and WebSocket routes have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v2: Option<RouteV2>,
    #[serde(skip)]
    pub span: Span,
}

/// Where a request parameter is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

impl ParamLocation {
    /// The word API Gateway uses in mapping expressions (`path`, `querystring`, `header`).
    pub fn mapping_word(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "querystring",
            ParamLocation::Header => "header",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestParam {
    pub location: ParamLocation,
    pub name: String,
    pub required: bool,
    #[serde(skip)]
    pub span: Span,
}

/// How callers of a route authenticate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Auth {
    /// No authorization (explicit `auth = none`, or nothing said).
    None { explicit: bool },
    /// SigV4 signed requests.
    Iam,
    /// A declared authorizer, with OAuth scopes for Cognito.
    Authorizer { name: String, scopes: Vec<String> },
}

/// An authorizer of an API.
#[derive(Debug, Clone, Serialize)]
pub struct Authorizer {
    pub name: String,
    pub kind: AuthorizerKind,
    /// Result cache TTL in seconds.
    pub ttl_seconds: Option<u32>,
    /// Role API Gateway assumes to invoke the authorizer function.
    pub credentials: Option<Text>,
    /// Settings only HTTP and WebSocket authorizers have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v2: Option<AuthorizerV2>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub enum AuthorizerKind {
    /// Lambda TOKEN authorizer: one header.
    Token { function: String, header: String, validation: Option<String> },
    /// Lambda REQUEST authorizer: several identity sources.
    Request { function: String, identity: Vec<IdentitySource> },
    /// Cognito user pools.
    Cognito { user_pools: Vec<Text>, header: String },
    /// JWT (HTTP APIs): tokens from `issuer` whose audience is one of `audiences`.
    Jwt { issuer: Text, audiences: Vec<Text>, identity: Vec<IdentitySource> },
}

impl AuthorizerKind {
    /// The Lambda function behind a Lambda authorizer.
    pub fn function(&self) -> Option<&str> {
        match self {
            AuthorizerKind::Token { function, .. } | AuthorizerKind::Request { function, .. } => Some(function),
            AuthorizerKind::Cognito { .. } | AuthorizerKind::Jwt { .. } => None,
        }
    }
}

/// An identity source of a REQUEST authorizer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum IdentitySource {
    Header(String),
    Query(String),
    StageVariable(String),
    Context(String),
}

/// The backend of a route.
#[derive(Debug, Clone, Serialize)]
pub struct Integration {
    pub kind: IntegrationKind,
    pub timeout_ms: Option<u32>,
    /// Backend parameter → source, e.g. `path.id` → `method.request.path.petId`.
    pub request_parameters: IndexMap<String, MappingValue>,
    /// Content type → VTL template.
    pub request_templates: IndexMap<String, String>,
    pub passthrough: Option<Passthrough>,
    pub responses: Vec<IntegrationResponse>,
    /// Role API Gateway assumes to call the backend.
    pub credentials: Option<Text>,
    /// The VPC link (by name) of a private integration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_link: Option<String>,
    /// Settings only HTTP and WebSocket integrations have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v2: Option<IntegrationV2>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub enum IntegrationKind {
    /// `AWS_PROXY` to a Lambda function.
    LambdaProxy { function: String },
    /// `AWS` to a Lambda function, with templates.
    Lambda { function: String },
    /// `HTTP_PROXY` or `HTTP` to a URL.
    Http { url: Text, method: Method, proxy: bool },
    /// `AWS` to a service action or path.
    Aws { service: String, region: Option<String>, target: AwsTarget, method: Method },
    /// `MOCK`.
    Mock,
}

impl IntegrationKind {
    pub fn function(&self) -> Option<&str> {
        match self {
            IntegrationKind::LambdaProxy { function } | IntegrationKind::Lambda { function } => Some(function),
            _ => None,
        }
    }
    pub fn is_proxy(&self) -> bool {
        matches!(self, IntegrationKind::LambdaProxy { .. } | IntegrationKind::Http { proxy: true, .. })
    }
}

#[derive(Debug, Clone, Serialize)]
pub enum AwsTarget {
    /// `action/PutItem`
    Action(String),
    /// `path/{bucket}/{key}`
    Path(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Passthrough {
    WhenNoMatch,
    WhenNoTemplates,
    Never,
}

impl Passthrough {
    /// The word API Gateway uses (`WHEN_NO_MATCH`, ...) in every target.
    pub fn api_word(self) -> &'static str {
        match self {
            Passthrough::WhenNoMatch => "WHEN_NO_MATCH",
            Passthrough::WhenNoTemplates => "WHEN_NO_TEMPLATES",
            Passthrough::Never => "NEVER",
        }
    }
}

/// A value mapped into a backend or response parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MappingValue {
    /// A static value (emitted single-quoted).
    Static(String),
    /// A mapping expression such as `method.request.path.id` or `context.requestId`.
    Expr(String),
}

/// Maps backend results to a method response.
#[derive(Debug, Clone, Serialize)]
pub struct IntegrationResponse {
    pub status: u16,
    /// Regex on the backend status or Lambda `errorMessage`; None for the default response.
    pub pattern: Option<String>,
    pub headers: IndexMap<String, MappingValue>,
    pub templates: IndexMap<String, String>,
    #[serde(skip)]
    pub span: Span,
}

/// A declared method response.
#[derive(Debug, Clone, Serialize)]
pub struct MethodResponse {
    pub status: u16,
    pub headers: Vec<String>,
    /// Content type → model name.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub models: IndexMap<String, String>,
    #[serde(skip)]
    pub span: Span,
}

/// Rate and burst limits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Throttle {
    /// Requests per second.
    pub rate: Option<f64>,
    pub burst: Option<u64>,
}

/// A stage of an API.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub name: String,
    pub description: Option<Text>,
    pub variables: IndexMap<String, Text>,
    pub tracing: bool,
    pub logging: Option<LogLevel>,
    pub data_trace: bool,
    pub metrics: bool,
    pub access_log: Option<AccessLog>,
    pub throttle: Option<Throttle>,
    pub tags: IndexMap<String, Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<StageCache>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary: Option<Canary>,
    /// ARN of a regional WAF web ACL associated with the stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_acl: Option<Text>,
    /// Client certificate (by name) presented to HTTP backends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_certificate: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LogLevel {
    Off,
    Error,
    Info,
}

impl LogLevel {
    /// The word API Gateway uses (`OFF`, `ERROR`, `INFO`) in every target.
    pub fn api_word(self) -> &'static str {
        match self {
            LogLevel::Off => "OFF",
            LogLevel::Error => "ERROR",
            LogLevel::Info => "INFO",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AccessLog {
    /// Log group (or Firehose) ARN.
    pub destination: Text,
    /// Single-line format of `$context` variables.
    pub format: String,
}
