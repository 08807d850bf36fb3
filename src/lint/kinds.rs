//! Which rules apply to which API kind: a rule about a feature only some kinds have (usage
//! plans, request validation, execution logs, ...) says nothing about the others.

use crate::model::ApiKind;

const REST: &[ApiKind] = &[ApiKind::Rest];
const REST_WS: &[ApiKind] = &[ApiKind::Rest, ApiKind::Websocket];
const REST_HTTP: &[ApiKind] = &[ApiKind::Rest, ApiKind::Http];
const HTTP: &[ApiKind] = &[ApiKind::Http];

/// Rules that apply only to some kinds (every other rule applies to every kind).
const ONLY: &[(&str, &[ApiKind])] = &[
    ("SEC002", REST_WS),   // API keys
    ("SEC008", REST_WS),   // execution logs (data trace)
    ("SEC013", REST),      // Cognito authorizers
    ("SEC014", REST_WS),   // API keys
    ("SEC015", REST),      // private endpoints
    ("SEC018", REST),      // WAF
    ("SEC026", REST),      // client certificates
    ("SEC027", REST),      // API key sources
    ("SEC028", HTTP),      // HTTP API private integrations
    ("LIM001", REST),      // the REST resource tree
    ("OPS004", REST),      // usage plans
    ("OPS005", REST),      // usage plans
    ("OPS006", REST),      // API keys in usage plans
    ("OBS003", REST_WS),   // execution logs
    ("OBS005", REST),      // X-Ray tracing
    ("OBS006", REST_WS),   // execution logs
    ("COR008", REST),      // declared request parameters
    ("COR011", REST),      // binary media types
    ("COR012", REST),      // canaries
    ("COR013", REST),      // caching
    ("COR014", REST),      // request validation
    ("CST001", REST),      // compression
    ("CST002", REST_HTTP), // authorizer result caching
    ("CST004", REST),      // declared request parameters (paging)
    ("CST005", REST),      // caching
];

/// Whether the rule `code` can say anything about an API of `kind`.
pub(crate) fn applies(code: &str, kind: ApiKind) -> bool {
    ONLY.iter().find(|(c, _)| *c == code).is_none_or(|(_, kinds)| kinds.contains(&kind))
}
