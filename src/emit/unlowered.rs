//! What a target cannot write: one coded diagnostic, never a silent drop.
//!
//! Every emitter asks this module, before it writes anything, whether it can write an API (the
//! CloudFormation target through `gwc build`). Every target lowers every Model feature it
//! describes: OpenAPI is the API definition an import reads, so stages, deployments, canaries,
//! usage plans, keys, domains and account settings lie outside it by definition
//! (`tests/parity.rs` lists them with reasons). The refusals left are a WebSocket API as OpenAPI
//! (E0502) and a stage cache's invalidation policy as CloudFormation (E0505: `MethodSetting` has
//! no property for it), and, as Terraform, a parameter whose variable is one the target makes for
//! a canary stage (E0506). E0500 (a feature a target did not lower yet; last, canaries in
//! Terraform) and E0501 (an API kind a target did not write yet) are retired.

use crate::diag::Diagnostic;
use crate::model::{Api, ApiKind, Program};

/// A target that may refuse part of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    CloudFormation,
    Terraform,
    OpenApi,
}

/// The diagnostics that keep `api` from being written as `target`: E0502 for a WebSocket API as
/// OpenAPI, E0505 for each stage cache `invalidation` as CloudFormation, E0506 for a parameter
/// named like a canary's Terraform variable. Empty when the target writes everything of the API
/// it is meant to describe.
pub fn diagnostics(target: Target, program: &Program, api: &Api) -> Vec<Diagnostic> {
    match (target, api.kind) {
        (Target::Terraform, _) => crate::emit::terraform::variable_clashes(program, api),
        (Target::OpenApi, ApiKind::Websocket) => {
            vec![Diagnostic::error("E0502", api.span, format!("WebSocket API `{}` has no OpenAPI form", api.name))
                .label("a WebSocket API")
                .help("OpenAPI describes request-response APIs only; build this API with `--target cloudformation` (the default)")]
        }
        (Target::CloudFormation, _) => api.stages.iter().filter_map(|s| Some((s, s.cache.as_ref()?.invalidation?))).map(|(s, inv)| {
            let mut ops = vec![format!("op=replace,path=/*/*/caching/requireAuthorizationForCacheControl,value={}", inv.require_authorization)];
            if let Some(u) = inv.unauthorized {
                ops.push(format!("op=replace,path=/*/*/caching/unauthorizedCacheControlHeaderStrategy,value={}", u.api_word()));
            }
            Diagnostic::error("E0505", inv.span, format!("CloudFormation cannot set the cache invalidation policy of stage `{}`", s.name))
                .label("no `MethodSetting` property for this")
                .help(format!(
                    "build with `--target terraform` (`aws_api_gateway_method_settings` sets it), or remove `invalidation` and set it after deploying: `aws apigateway update-stage --rest-api-id ID --stage-name {} --patch-operations {}`",
                    s.name,
                    ops.join(" ")
                ))
        }).collect(),
        _ => Vec::new(),
    }
}
