//! CST: cost and performance.

use crate::lint::registry::RuleMeta;

pub mod authorizer_cache_disabled;
pub mod compression_disabled;
pub mod list_route_without_paging;
pub mod rest_where_http_suffices;
pub mod stage_without_cache;

pub(crate) static RULES: &[&RuleMeta] = &[
    &compression_disabled::RULE,
    &authorizer_cache_disabled::RULE,
    &rest_where_http_suffices::RULE,
    &list_route_without_paging::RULE,
    &stage_without_cache::RULE,
];
