//! The CloudFormation client: configuration from the AWS chain, and SDK errors as plain messages.

use super::{Error, Target};
use aws_config::{retry::RetryConfig, timeout::TimeoutConfig, BehaviorVersion, Region};
use aws_sdk_cloudformation::config::http::HttpResponse;
use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::Client;
use std::time::Duration;

/// Builds a client from the usual AWS chain (environment, shared config and credentials files,
/// SSO, web identity, container and instance metadata), with the command line's overrides.
pub async fn connect(target: &Target) -> Result<Client, Error> {
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).retry_config(RetryConfig::standard().with_max_attempts(3)).timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(30))
                .operation_timeout(Duration::from_secs(90))
                .build(),
        );
    if let Some(p) = &target.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &target.region {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(u) = &target.endpoint_url {
        loader = loader.endpoint_url(u);
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return Err(Error::usage("no AWS region: pass --region, or set AWS_REGION (or a region in the AWS profile)"));
    }
    Ok(Client::new(&config))
}

/// What an SDK call failure means for the user: a service error keeps CloudFormation's code
/// and message (exit 1); an unreachable endpoint, missing credentials or a timeout is exit 2.
pub fn sdk_error<E>(what: &str, err: SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match &err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            match (e.code(), e.message()) {
                (None, None) => Error::failed(format!(
                    "{what}: the endpoint answered HTTP {} with no CloudFormation error in it",
                    se.raw().status().as_u16()
                )),
                (code, msg) => Error::failed(format!("{what}: {}: {}", code.unwrap_or("error"), msg.unwrap_or("(no message)"))),
            }
        }
        SdkError::TimeoutError(_) => Error::usage(format!("{what}: the CloudFormation endpoint did not answer in time")),
        SdkError::DispatchFailure(_) => Error::usage(format!("{what}: cannot reach the CloudFormation endpoint: {}", chain(&err))),
        SdkError::ResponseError(_) => {
            Error::usage(format!("{what}: cannot reach the CloudFormation endpoint (the connection broke off): {}", chain(&err)))
        }
        SdkError::ConstructionFailure(_) => Error::usage(format!("{what}: {}", chain(&err))),
        _ => {
            let why = chain(&err);
            if why.contains("credentials") {
                Error::usage(format!("{what}: {why}"))
            } else {
                Error::failed(format!("{what}: {why}"))
            }
        }
    }
}

/// An error and its sources on one line, without repeats (never a Debug dump).
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let s = e.to_string();
        if !s.is_empty() && !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = e.source();
    }
    let mut text = parts.join(": ");
    if text.contains("credentials") && text.contains("provider") {
        text.push_str(" (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile, or sign in with `aws sso login`)");
    }
    text
}

/// Is this "the stack does not exist" (a ValidationError from DescribeStacks)?
pub fn is_missing_stack<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    match err {
        SdkError::ServiceError(se) => se.err().message().is_some_and(|m| m.contains("does not exist")),
        _ => false,
    }
}
