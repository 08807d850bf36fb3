//! `gwc rules`: lists every lint rule with its code, name, family and default severity.

use crate::lint::registry::{rules, Level};
use clap::{Args, ValueEnum};
use std::io::Write;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RulesFormat {
    /// An aligned table.
    #[default]
    Text,
    /// A JSON array.
    Json,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

/// The default severity as users write it (`off` for opt-in rules).
pub(crate) fn default_word(level: Level) -> &'static str {
    level.word()
}

pub fn run(args: &RulesArgs) -> i32 {
    let mut out = std::io::stdout().lock();
    match args.format {
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules()
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code, "name": r.name, "family": r.family.word(),
                        "default": default_word(r.default), "production": r.production.map(|l| l.word()),
                        "summary": r.summary, "anchors": r.anchors,
                    })
                })
                .collect();
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&list).unwrap_or_default());
        }
        RulesFormat::Text => {
            let width = rules().iter().map(|r| r.name.len()).max().unwrap_or(0);
            for r in rules() {
                let _ =
                    writeln!(out, "{}  {:width$}  {:13}  {:7}  {}", r.code, r.name, r.family.word(), default_word(r.default), r.summary);
            }
        }
    }
    super::EXIT_OK
}
