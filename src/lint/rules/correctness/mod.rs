//! COR: programs that deploy but do not do what they say.

use crate::lint::registry::RuleMeta;

pub mod any_route_overlaps_methods;
pub mod api_without_description;
pub mod binary_media_type_wildcard;
pub mod cache_on_mutating_route;
pub mod canary_full_traffic;
pub mod cors_max_age_large;
pub mod cors_methods_incomplete;
pub mod operation_name_duplicate;
pub mod operation_name_missing;
pub mod path_segment_not_kebab_case;
pub mod path_variable_unmapped;
pub mod request_parameter_unused;
pub mod request_validation_missing;
pub mod required_tags_missing;
pub mod stage_variable_missing_in_stage;
pub mod stage_variable_unused;

pub(crate) static RULES: &[&RuleMeta] = &[
    &path_variable_unmapped::RULE,
    &any_route_overlaps_methods::RULE,
    &stage_variable_unused::RULE,
    &stage_variable_missing_in_stage::RULE,
    &operation_name_duplicate::RULE,
    &path_segment_not_kebab_case::RULE,
    &operation_name_missing::RULE,
    &request_parameter_unused::RULE,
    &api_without_description::RULE,
    &required_tags_missing::RULE,
    &binary_media_type_wildcard::RULE,
    &canary_full_traffic::RULE,
    &cache_on_mutating_route::RULE,
    &request_validation_missing::RULE,
    &cors_max_age_large::RULE,
    &cors_methods_incomplete::RULE,
];
