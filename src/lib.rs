//! gwc: a compiler and linter for a declarative Amazon API Gateway language.
//!
//! The pipeline, one module per stage: [`syntax`] (parse) → [`check`] (resolve and check into
//! the typed [`model`]) → [`emit`] (CloudFormation, Terraform, OpenAPI). [`lint`] reads the model
//! too, `import` turns OpenAPI into the language and `deploy` sends templates to CloudFormation.
//! [`diag`] holds the one Diagnostic type; [`cli`] owns all I/O.

pub mod check;
pub mod cli;
#[cfg(feature = "deploy")]
pub mod deploy;
pub mod diag;
pub mod emit;
pub mod fmt;
pub mod import;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod parallel;
pub mod source;
pub mod syntax;
