//! Text that may mention deploy-time values: parameters, pseudo parameters and stage variables.

use serde::Serialize;

/// An AWS pseudo parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Pseudo {
    Region,
    AccountId,
    Partition,
    UrlSuffix,
}

impl Pseudo {
    /// From the name written in `${aws.region}` and friends.
    pub fn parse(s: &str) -> Option<Pseudo> {
        Some(match s {
            "aws.region" => Pseudo::Region,
            "aws.account_id" => Pseudo::AccountId,
            "aws.partition" => Pseudo::Partition,
            "aws.url_suffix" => Pseudo::UrlSuffix,
            _ => return None,
        })
    }
    /// CloudFormation's name (`AWS::Region`).
    pub fn cfn(self) -> &'static str {
        match self {
            Pseudo::Region => "AWS::Region",
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
        }
    }
}

/// A piece of [`Text`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TextPart {
    Lit(String),
    /// A program parameter by name.
    Param(String),
    Pseudo(Pseudo),
    /// An API Gateway runtime reference kept as written, e.g. `stageVariables.alias`
    /// (written `${stageVariables.alias}` in the value API Gateway receives).
    Runtime(String),
}

/// A string value whose parts may be resolved only at deploy or request time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Text {
    pub parts: Vec<TextPart>,
}

impl Text {
    pub fn lit(s: impl Into<String>) -> Text {
        Text { parts: vec![TextPart::Lit(s.into())] }
    }
    pub fn param(name: impl Into<String>) -> Text {
        Text { parts: vec![TextPart::Param(name.into())] }
    }
    /// Appends, merging adjacent literals.
    pub fn push(&mut self, part: TextPart) {
        if let (TextPart::Lit(new), Some(TextPart::Lit(last))) = (&part, self.parts.last_mut()) {
            last.push_str(new);
            return;
        }
        if matches!(&part, TextPart::Lit(s) if s.is_empty()) {
            return;
        }
        self.parts.push(part);
    }
    pub fn concat(mut self, other: &Text) -> Text {
        for p in &other.parts {
            self.push(p.clone());
        }
        self
    }
    /// The text if it is a plain literal.
    pub fn as_lit(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [] => Some(""),
            [TextPart::Lit(s)] => Some(s),
            _ => None,
        }
    }
    /// The stage variables it mentions.
    pub fn stage_variables(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            TextPart::Runtime(r) => r.strip_prefix("stageVariables."),
            _ => None,
        })
    }
    /// Replaces `${stageVariables.x}` with the given values (for per-stage Lambda permissions).
    pub fn with_stage_variables(&self, vars: &indexmap::IndexMap<String, Text>) -> Text {
        let mut out = Text::default();
        for p in &self.parts {
            match p {
                TextPart::Runtime(r) => match r.strip_prefix("stageVariables.").and_then(|v| vars.get(v)) {
                    Some(value) => out = out.concat(value),
                    None => out.push(p.clone()),
                },
                _ => out.push(p.clone()),
            }
        }
        out
    }
}
