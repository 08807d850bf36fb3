//! SEC009 stage-variable-secret: a stage variable that looks like a secret.

use crate::lint::prelude::*;
use crate::lint::rules::util::literal_parts;

declare_rule! {
    /// ## What it does
    /// Flags stage variables whose name contains a secret-like word (see Options) or whose value
    /// looks like an AWS access key ID.
    ///
    /// ## Why it matters
    /// Stage variables are plain text: anyone who can read the stage (console, `GetStage`,
    /// CloudFormation templates) sees them. They cannot be encrypted. Keep secrets in Secrets
    /// Manager or SSM and let the backend read them.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { variables { db_password = "hunter2" } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /orders { auth = iam  integration = mock() }
    ///   stage prod { variables { db_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" } }
    /// }
    /// ```
    /// (A variable that names where the secret lives is fine; the `_arn` suffix is allowed.)
    ///
    /// ## Options
    /// - `words` (list of strings): name fragments that mark a secret, compared case-insensitively.
    pub static RULE = RuleMeta {
        code: "SEC009",
        name: "stage-variable-secret",
        summary: "stage variable that looks like a secret",
        family: Family::Security,
        default: Level::Warning,
        enabled: Level::Warning,
        production: None,
        anchors: &[],
        options: &[RuleOption {
            name: "words",
            default: OptionDefault::Strings(&["password", "passwd", "secret", "token", "apikey", "api_key", "private_key", "credential"]),
            help: "name fragments that mark a secret",
        }],
        check: Check::Stage(check),
    };
}

fn check(cx: &mut Cx<'_>, stage: &Stage) {
    let words = cx.strings("words");
    for (name, value) in &stage.variables {
        let lower = name.to_ascii_lowercase();
        let reference = lower.ends_with("_arn") || lower.ends_with("_name") || lower.ends_with("_id");
        let by_name = !reference && words.iter().any(|w| lower.contains(&w.to_ascii_lowercase()));
        let v = literal_parts(value);
        let access_key = v.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
            w.len() == 20
                && (w.starts_with("AKIA") || w.starts_with("ASIA"))
                && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        });
        if by_name || access_key {
            let why = if access_key { "holds what looks like an AWS access key" } else { "looks like a secret" };
            let f = cx
                .finding(stage.span, format!("stage variable `{name}` of stage `{}` {why}", stage.name))
                .label("stage variables are plain text")
                .help("keep secrets in Secrets Manager or SSM Parameter Store and pass only their ARN or name");
            cx.report(f);
        }
    }
}
