//! LIM: API Gateway quotas and limits.

use crate::lint::registry::RuleMeta;

pub mod authorizers_per_api;
pub mod mapping_template_too_large;
pub mod resources_per_api;
pub mod route_throttle_above_stage;
pub mod stage_variables_per_stage;
pub mod stages_per_api;
pub mod tags_over_limit;
pub mod throttle_above_account_limit;
pub mod throttle_burst_below_rate;

pub(crate) static RULES: &[&RuleMeta] = &[
    &resources_per_api::RULE,
    &stages_per_api::RULE,
    &authorizers_per_api::RULE,
    &stage_variables_per_stage::RULE,
    &throttle_above_account_limit::RULE,
    &route_throttle_above_stage::RULE,
    &throttle_burst_below_rate::RULE,
    &tags_over_limit::RULE,
    &mapping_template_too_large::RULE,
];
