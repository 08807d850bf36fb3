//! OPS: throttling and operability.

use crate::lint::registry::RuleMeta;

pub mod api_key_unattached;
pub mod single_stage;
pub mod stage_without_throttle;
pub mod stage_without_usage_plan;
pub mod throttle_blocks_traffic;
pub mod usage_plan_without_limits;

pub(crate) static RULES: &[&RuleMeta] = &[
    &stage_without_throttle::RULE,
    &throttle_blocks_traffic::RULE,
    &single_stage::RULE,
    &stage_without_usage_plan::RULE,
    &usage_plan_without_limits::RULE,
    &api_key_unattached::RULE,
];
