//! OBS: logging, metrics and tracing.

use crate::lint::registry::RuleMeta;

pub mod access_log_missing_fields;
pub mod access_log_unstructured;
pub mod info_logging_in_production;
pub mod stage_without_access_logs;
pub mod stage_without_detailed_metrics;
pub mod stage_without_execution_logging;
pub mod stage_without_tracing;

pub(crate) static RULES: &[&RuleMeta] = &[
    &stage_without_access_logs::RULE,
    &access_log_unstructured::RULE,
    &stage_without_execution_logging::RULE,
    &stage_without_detailed_metrics::RULE,
    &stage_without_tracing::RULE,
    &info_logging_in_production::RULE,
    &access_log_missing_fields::RULE,
];
