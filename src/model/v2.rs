//! Model types that only HTTP and WebSocket APIs (API Gateway v2) have.

use super::Text;
use crate::source::Span;
use indexmap::IndexMap;
use serde::Serialize;

/// Settings of an HTTP or WebSocket API beyond what every kind has.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApiV2 {
    /// WebSocket: how a message picks its route (`$request.body.action`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_selection: Option<String>,
    /// WebSocket: where the API key is read (`$request.header.x-api-key`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_selection: Option<String>,
    /// HTTP: VPC links into subnets, for private integrations (ALB, NLB, Cloud Map).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpc_links: Vec<VpcLinkV2>,
}

/// An HTTP API's VPC link: elastic network interfaces in these subnets.
#[derive(Debug, Clone, Serialize)]
pub struct VpcLinkV2 {
    pub name: String,
    pub subnets: Vec<Text>,
    pub security_groups: Vec<Text>,
    #[serde(skip)]
    pub span: Span,
}

/// Route settings of HTTP and WebSocket APIs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RouteV2 {
    /// WebSocket two-way routes: the route responses (`$default`), which send the integration's
    /// result back to the client.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub route_responses: Vec<String>,
}

/// Integration settings of HTTP and WebSocket APIs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IntegrationV2 {
    /// HTTP Lambda proxy: `1.0` or `2.0` (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_format: Option<String>,
    /// HTTP AWS service integrations: `SQS-SendMessage`, `EventBridge-PutEvents`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// HTTP private integrations: the TLS server name the backend's certificate is checked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_server_name: Option<String>,
    /// HTTP: backend status → response parameter mapping (`overwrite:header.x` → value).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub response_parameters: IndexMap<String, IndexMap<String, Text>>,
    /// WebSocket: the expression that picks a request template (`\$default` when unset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_selection: Option<String>,
    /// HTTP: request parameter mapping (`append:header.X` → value; subtype parameters such as
    /// `QueueUrl` → value).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, Text>,
    /// WebSocket two-way routes: how backend results become the message sent back.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<IntegrationResponseV2>,
}

/// A WebSocket integration response, keyed by `$default` or a `/regex/` of the backend status.
#[derive(Debug, Clone, Serialize)]
pub struct IntegrationResponseV2 {
    pub key: String,
    /// Template selection value → VTL template.
    pub templates: IndexMap<String, String>,
    pub template_selection: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// Authorizer settings of HTTP and WebSocket APIs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AuthorizerV2 {
    /// HTTP Lambda authorizers: `1.0` or `2.0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_format: Option<String>,
    /// HTTP Lambda authorizers with payload 2.0: answer `{"isAuthorized": true}`.
    pub simple_responses: bool,
}

impl super::RouteKey {
    /// The route key as API Gateway writes it (`GET /pets/{id}`, `$default`, `$connect`).
    pub fn text(&self) -> String {
        match self {
            super::RouteKey::Http { method, path } => {
                format!("{} {}", method.as_str(), path.text())
            }
            super::RouteKey::Default => "$default".to_string(),
            super::RouteKey::Websocket(w) => w.clone(),
        }
    }
}
