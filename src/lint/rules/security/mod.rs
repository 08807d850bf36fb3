//! SEC: authentication, transport security, exposure and secrets.

use crate::lint::registry::RuleMeta;

pub mod api_key_only_auth;
pub mod api_key_source_authorizer_unused;
pub mod api_without_authorizer;
pub mod authorizer_cache_shared;
pub mod authorizer_unused;
pub mod backend_client_certificate_missing;
pub mod cache_key_missing_identity;
pub mod cache_unencrypted;
pub mod cognito_route_without_scopes;
pub mod cors_wildcard_origin;
pub mod data_trace_enabled;
pub mod default_endpoint_enabled;
pub mod domain_tls_policy_weak;
pub mod endpoint_not_private;
pub mod integration_http_plaintext;
pub mod passthrough_when_no_match;
pub mod preflight_route_not_mock;
pub mod preflight_route_with_auth;
pub mod private_api_policy_without_vpce;
pub mod private_integration_without_tls;
pub mod resource_policy_open;
pub mod resource_policy_private_ip;
pub mod route_not_cognito_authorized;
pub mod route_without_api_key;
pub mod route_without_auth;
pub mod stage_variable_secret;
pub mod stage_without_waf;
pub mod token_authorizer_without_validation;

pub(crate) static RULES: &[&RuleMeta] = &[
    &route_without_auth::RULE,
    &api_key_only_auth::RULE,
    &preflight_route_with_auth::RULE,
    &preflight_route_not_mock::RULE,
    &api_without_authorizer::RULE,
    &authorizer_unused::RULE,
    &integration_http_plaintext::RULE,
    &data_trace_enabled::RULE,
    &stage_variable_secret::RULE,
    &token_authorizer_without_validation::RULE,
    &authorizer_cache_shared::RULE,
    &passthrough_when_no_match::RULE,
    &route_not_cognito_authorized::RULE,
    &route_without_api_key::RULE,
    &endpoint_not_private::RULE,
    &cognito_route_without_scopes::RULE,
    &cors_wildcard_origin::RULE,
    &stage_without_waf::RULE,
    &cache_unencrypted::RULE,
    &cache_key_missing_identity::RULE,
    &resource_policy_open::RULE,
    &resource_policy_private_ip::RULE,
    &private_api_policy_without_vpce::RULE,
    &domain_tls_policy_weak::RULE,
    &default_endpoint_enabled::RULE,
    &backend_client_certificate_missing::RULE,
    &api_key_source_authorizer_unused::RULE,
    &private_integration_without_tls::RULE,
];
