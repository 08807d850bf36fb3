//! gwc: a compiler and linter for a declarative Amazon API Gateway language.
//!
//! The pipeline, one module per stage: [`syntax`] (parse) → [`check`] (resolve and check into
//! the typed [`model`]) → [`emit`] (CloudFormation). [`diag`] holds the one Diagnostic type;
//! [`cli`] owns all I/O.

pub mod check;
pub mod cli;
pub mod diag;
pub mod emit;
pub mod fmt;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod source;
pub mod syntax;
