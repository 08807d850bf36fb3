//! Model types of the API features beyond routes: models and validation, CORS, gateway responses,
//! resource policies, caching, usage plans and keys, custom domains, canaries, VPC links.

use super::{EndpointKind, MappingValue, Method, ParamLocation, Path, Text, Throttle};
use crate::source::Span;
use indexmap::IndexMap;
use serde::Serialize;

/// A named body schema (REST `AWS::ApiGateway::Model`, OpenAPI `components.schemas`).
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub name: String,
    pub description: Option<String>,
    /// Content type the model describes (`application/json` unless given).
    pub content_type: String,
    pub schema: Schema,
    #[serde(skip)]
    pub span: Span,
}

/// A JSON Schema (draft 4) node.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Schema {
    pub ty: SchemaType,
    pub description: Option<String>,
    /// Object properties in declaration order.
    pub properties: IndexMap<String, Schema>,
    pub required: Vec<String>,
    /// Whether an object accepts properties it does not declare.
    pub additional_properties: bool,
    pub items: Option<Box<Schema>>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub format: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// Allowed values (`enum`).
    pub values: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub enum SchemaType {
    #[default]
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    /// Another model of the same API, by name.
    Ref(String),
}

impl Schema {
    /// The draft-04 JSON of this node; `reference` turns a model name into its `$ref` value.
    pub fn to_json(&self, reference: &dyn Fn(&str) -> serde_json::Value) -> serde_json::Value {
        use serde_json::{json, Map, Value};
        let mut o = Map::new();
        let ty = match &self.ty {
            SchemaType::Ref(name) => {
                o.insert("$ref".into(), reference(name));
                return Value::Object(o);
            }
            SchemaType::String => "string",
            SchemaType::Integer => "integer",
            SchemaType::Number => "number",
            SchemaType::Boolean => "boolean",
            SchemaType::Object => "object",
            SchemaType::Array => "array",
        };
        o.insert("type".into(), json!(ty));
        if let Some(d) = &self.description {
            o.insert("description".into(), json!(d));
        }
        if self.ty == SchemaType::Object {
            let props: Map<String, Value> = self.properties.iter().map(|(k, v)| (k.clone(), v.to_json(reference))).collect();
            o.insert("properties".into(), Value::Object(props));
            if !self.required.is_empty() {
                o.insert("required".into(), json!(self.required));
            }
            o.insert("additionalProperties".into(), json!(self.additional_properties));
        }
        if let Some(i) = &self.items {
            o.insert("items".into(), i.to_json(reference));
        }
        let num = |n: f64| {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                json!(n as i64)
            } else {
                json!(n)
            }
        };
        for (k, v) in
            [("minLength", self.min_length), ("maxLength", self.max_length), ("minItems", self.min_items), ("maxItems", self.max_items)]
        {
            if let Some(v) = v {
                o.insert(k.into(), json!(v));
            }
        }
        if let Some(p) = &self.pattern {
            o.insert("pattern".into(), json!(p));
        }
        if let Some(f) = &self.format {
            o.insert("format".into(), json!(f));
        }
        if let Some(m) = self.minimum {
            o.insert("minimum".into(), num(m));
        }
        if let Some(m) = self.maximum {
            o.insert("maximum".into(), num(m));
        }
        if !self.values.is_empty() {
            o.insert("enum".into(), Value::Array(self.values.clone()));
        }
        Value::Object(o)
    }

    /// The models this schema refers to, in order.
    pub fn refs(&self, out: &mut Vec<String>) {
        if let SchemaType::Ref(n) = &self.ty {
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
        for p in self.properties.values() {
            p.refs(out);
        }
        if let Some(i) = &self.items {
            i.refs(out);
        }
    }
}

/// The request body a route accepts.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    pub content_type: String,
    /// The model (by name) the body must match.
    pub model: String,
}

/// What API Gateway validates before calling the backend. Emitters share one validator per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validator {
    Body,
    Params,
    BodyAndParams,
}

impl Validator {
    pub fn validates_body(self) -> bool {
        matches!(self, Validator::Body | Validator::BodyAndParams)
    }
    pub fn validates_params(self) -> bool {
        matches!(self, Validator::Params | Validator::BodyAndParams)
    }
}

/// Why the checker generated a route the program does not spell out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Generated {
    /// The OPTIONS preflight of a CORS-enabled REST path (MOCK, never authorized).
    CorsPreflight,
}

/// CORS settings of an API. For REST APIs the checker has already lowered them into the Model:
/// preflight routes, response headers and DEFAULT_4XX/5XX gateway responses.
#[derive(Debug, Clone, Serialize)]
pub struct Cors {
    pub origins: Vec<String>,
    /// Allowed methods; empty means "the methods of each path".
    pub methods: Vec<Method>,
    pub headers: Vec<String>,
    pub expose_headers: Vec<String>,
    pub max_age_seconds: Option<u32>,
    pub credentials: bool,
    #[serde(skip)]
    pub span: Span,
}

/// A customised error response of API Gateway itself (`DEFAULT_4XX`, `UNAUTHORIZED`, ...).
#[derive(Debug, Clone, Serialize)]
pub struct GatewayResponse {
    /// The response type as API Gateway spells it (`DEFAULT_4XX`).
    pub kind: String,
    pub status: Option<u16>,
    /// Header → value (`'static'`, `context.x`, `method.request.header.x`, `stageVariables.x`).
    pub headers: IndexMap<String, MappingValue>,
    pub templates: IndexMap<String, String>,
    #[serde(skip)]
    pub span: Span,
}

/// One statement of a REST API's resource policy.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyStatement {
    pub allow: bool,
    /// `None`: anyone (`"*"`); otherwise AWS principals (account IDs, ARNs).
    pub principals: Option<Vec<Text>>,
    /// IAM actions (`execute-api:Invoke`).
    pub actions: Vec<String>,
    /// Resources in API Gateway's short form (`execute-api:/*`).
    pub resources: Vec<String>,
    pub conditions: Vec<PolicyCondition>,
    #[serde(skip)]
    pub span: Span,
}

/// `operator: { key: values }` in a policy statement's `Condition`.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyCondition {
    /// `IpAddress`, `NotIpAddress`, `StringEquals`, `StringNotEquals`.
    pub operator: String,
    /// `aws:SourceIp`, `aws:SourceVpce`, `aws:SourceVpc`.
    pub key: String,
    pub values: Vec<Text>,
}

/// A stage's cache cluster.
#[derive(Debug, Clone, Serialize)]
pub struct StageCache {
    /// Size in GB as API Gateway spells it (`0.5`, `1.6`, `6.1`, ...).
    pub size: String,
    pub encrypted: bool,
    /// TTL of routes that cache without their own `ttl`.
    pub ttl_seconds: Option<u32>,
    /// Who may invalidate a cached entry with `Cache-Control: max-age=0`; `None` keeps API
    /// Gateway's settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalidation: Option<CacheInvalidation>,
}

/// A stage cache's per-request invalidation policy (`requireAuthorizationForCacheControl`,
/// `unauthorizedCacheControlHeaderStrategy`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CacheInvalidation {
    /// Whether an invalidating request needs `execute-api:InvalidateCache` (API Gateway's default).
    pub require_authorization: bool,
    /// What an unauthorized invalidating request gets; only with `require_authorization`.
    pub unauthorized: Option<UnauthorizedInvalidation>,
    #[serde(skip)]
    pub span: Span,
}

/// `unauthorizedCacheControlHeaderStrategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnauthorizedInvalidation {
    /// `FAIL_WITH_403`.
    Fail,
    /// `SUCCEED_WITH_RESPONSE_HEADER`: served from the cache, with a warning header.
    SucceedWithHeader,
    /// `SUCCEED_WITHOUT_RESPONSE_HEADER`: served from the cache silently.
    SucceedWithoutHeader,
}

impl UnauthorizedInvalidation {
    /// The word API Gateway uses.
    pub fn api_word(self) -> &'static str {
        match self {
            UnauthorizedInvalidation::Fail => "FAIL_WITH_403",
            UnauthorizedInvalidation::SucceedWithHeader => "SUCCEED_WITH_RESPONSE_HEADER",
            UnauthorizedInvalidation::SucceedWithoutHeader => "SUCCEED_WITHOUT_RESPONSE_HEADER",
        }
    }
}

/// Per-route caching, applied in every stage that has a cache cluster.
#[derive(Debug, Clone, Serialize)]
pub struct RouteCache {
    pub enabled: bool,
    pub ttl_seconds: Option<u32>,
    /// Request parameters that vary the cache entry (declared route parameters).
    pub keys: Vec<(ParamLocation, String)>,
}

/// A canary on a stage: part of the traffic goes to the newest deployment.
#[derive(Debug, Clone, Serialize)]
pub struct Canary {
    /// Percent of the stage's traffic, 0 to 100.
    pub percent: f64,
    /// Stage variables that differ for the canary.
    pub variables: IndexMap<String, Text>,
    pub use_stage_cache: bool,
}

/// A usage plan: throttle and quota for the API keys it lists, on some stages.
#[derive(Debug, Clone, Serialize)]
pub struct UsagePlan {
    pub name: String,
    pub description: Option<Text>,
    pub stages: Vec<String>,
    pub throttle: Option<Throttle>,
    pub quota: Option<Quota>,
    /// Per-route throttles inside the plan (`/pets/GET`), for every listed stage.
    pub route_throttles: Vec<(Method, Path, Throttle)>,
    /// API keys (by name) attached to the plan.
    pub keys: Vec<String>,
    pub tags: IndexMap<String, Text>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quota {
    pub limit: u64,
    pub period: QuotaPeriod,
    pub offset: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QuotaPeriod {
    Day,
    Week,
    Month,
}

impl QuotaPeriod {
    pub fn word(self) -> &'static str {
        match self {
            QuotaPeriod::Day => "DAY",
            QuotaPeriod::Week => "WEEK",
            QuotaPeriod::Month => "MONTH",
        }
    }
}

/// An API key; its value comes from a parameter (or API Gateway generates one).
#[derive(Debug, Clone, Serialize)]
pub struct ApiKey {
    pub name: String,
    pub value: Option<Text>,
    pub description: Option<Text>,
    pub enabled: bool,
    pub customer_id: Option<Text>,
    pub tags: IndexMap<String, Text>,
    #[serde(skip)]
    pub span: Span,
}

/// A custom domain name and the stages mapped under it.
#[derive(Debug, Clone, Serialize)]
pub struct Domain {
    pub name: Text,
    /// `Edge` or `Regional`.
    pub endpoint: EndpointKind,
    pub certificate: Text,
    /// `TLS_1_0` or `TLS_1_2`.
    pub security_policy: Option<String>,
    pub mutual_tls: Option<MutualTls>,
    pub mappings: Vec<BasePathMapping>,
    pub tags: IndexMap<String, Text>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct MutualTls {
    /// `s3://bucket/key` of the PEM truststore.
    pub truststore_uri: Text,
    pub truststore_version: Option<Text>,
    /// Needed when the server certificate is imported or from a private CA.
    pub ownership_certificate: Option<Text>,
}

/// `api.example.com/BASE` → a stage of this API.
#[derive(Debug, Clone, Serialize)]
pub struct BasePathMapping {
    /// None maps the domain root.
    pub base_path: Option<String>,
    pub stage: String,
    #[serde(skip)]
    pub span: Span,
}

/// A VPC link to network load balancers, for private integrations.
#[derive(Debug, Clone, Serialize)]
pub struct VpcLink {
    pub name: String,
    pub description: Option<Text>,
    /// NLB ARNs.
    pub targets: Vec<Text>,
    #[serde(skip)]
    pub span: Span,
}

/// A client certificate API Gateway presents to HTTP backends.
#[derive(Debug, Clone, Serialize)]
pub struct ClientCertificate {
    pub name: String,
    pub description: Option<Text>,
    #[serde(skip)]
    pub span: Span,
}

/// The account-level CloudWatch Logs role execution and access logging need.
#[derive(Debug, Clone, Serialize)]
pub enum LoggingRole {
    /// Already configured for the account and Region: nothing is emitted.
    Existing,
    /// gwc emits the role (with the managed push-to-CloudWatch policy) and the Account setting.
    Create,
    /// gwc emits the Account setting with this role.
    Role(Text),
}

/// Documentation of one API entity (REST `AWS::ApiGateway::DocumentationPart`): the API
/// (no method, no path), a resource (a path), a method, or a request parameter or response of one.
#[derive(Debug, Clone, Serialize)]
pub struct DocPart {
    /// The route's method; None for the API and for resources.
    pub method: Option<Method>,
    /// None for the API itself; otherwise the resource's or route's path.
    pub path: Option<Path>,
    /// A request parameter or a response of the route.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<DocItem>,
    /// `summary`, `description`, ... as documented by API Gateway.
    pub properties: IndexMap<String, String>,
    #[serde(skip)]
    pub span: Span,
}

/// The part of a route a documentation part describes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum DocItem {
    Parameter(ParamLocation, String),
    Response(u16),
}

impl DocPart {
    /// API Gateway's location type: `API`, `RESOURCE`, `METHOD`, `PATH_PARAMETER`,
    /// `QUERY_PARAMETER`, `REQUEST_HEADER` or `RESPONSE`.
    pub fn location_type(&self) -> &'static str {
        match (&self.path, self.method, &self.item) {
            (None, _, _) => "API",
            (Some(_), None, _) => "RESOURCE",
            (Some(_), Some(_), None) => "METHOD",
            (Some(_), Some(_), Some(DocItem::Parameter(ParamLocation::Path, _))) => "PATH_PARAMETER",
            (Some(_), Some(_), Some(DocItem::Parameter(ParamLocation::Query, _))) => "QUERY_PARAMETER",
            (Some(_), Some(_), Some(DocItem::Parameter(ParamLocation::Header, _))) => "REQUEST_HEADER",
            (Some(_), Some(_), Some(DocItem::Response(_))) => "RESPONSE",
        }
    }
    /// The location's `name` (of a parameter or header).
    pub fn name(&self) -> Option<&str> {
        match &self.item {
            Some(DocItem::Parameter(_, n)) => Some(n),
            _ => None,
        }
    }
    /// The location's `statusCode` (of a response).
    pub fn status(&self) -> Option<u16> {
        match &self.item {
            Some(DocItem::Response(s)) => Some(*s),
            _ => None,
        }
    }
    /// A key unique per part of an API: `API`, `RESOURCE /pets`, `QUERY_PARAMETER GET /pets limit`.
    pub fn key(&self) -> String {
        let mut k = self.location_type().to_string();
        if let Some(m) = self.method {
            k.push(' ');
            k.push_str(m.as_str());
        }
        if let Some(p) = &self.path {
            k.push(' ');
            k.push_str(&p.text());
        }
        if let Some(n) = self.name() {
            k.push(' ');
            k.push_str(n);
        }
        if let Some(s) = self.status() {
            k.push_str(&format!(" {s}"));
        }
        k
    }
}
