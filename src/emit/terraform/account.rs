//! The account's CloudWatch Logs role setting (`logging_role`), shared by every API kind.

use super::{lit, reference, text, Resources};
use crate::model::{Api, LoggingRole};
use serde_json::json;

pub(super) const ACCOUNT: &str = "aws_api_gateway_account";
const ROLE: &str = "aws_iam_role";
const ROLE_POLICY: &str = "aws_iam_role_policy_attachment";

/// The `aws_api_gateway_account` (named `name`) and, for `logging_role = create`, its role;
/// returns the account's address when the API sets it.
pub(super) fn lower(res: &mut Resources, api: &Api, name: &str) -> Option<String> {
    match &api.logging_role {
        Some(LoggingRole::Create) => {
            let role = format!("{name}_cloudwatch");
            let assume = json!({
                "Version": "2012-10-17",
                "Statement": [{ "Effect": "Allow", "Principal": { "Service": "apigateway.amazonaws.com" }, "Action": "sts:AssumeRole" }],
            });
            res.add(ROLE, &role, json!({ "assume_role_policy": lit(&serde_json::to_string(&assume).unwrap_or_default()) }));
            res.add(
                ROLE_POLICY,
                &role,
                json!({
                    "role": reference(ROLE, &role, "name"),
                    "policy_arn": "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
                }),
            );
            res.add(
                ACCOUNT,
                name,
                json!({ "cloudwatch_role_arn": reference(ROLE, &role, "arn"), "depends_on": [format!("{ROLE_POLICY}.{role}")] }),
            );
        }
        Some(LoggingRole::Role(r)) => {
            res.add(ACCOUNT, name, json!({ "cloudwatch_role_arn": text(r) }));
        }
        Some(LoggingRole::Existing) | None => return None,
    }
    Some(format!("{ACCOUNT}.{name}"))
}
