//! Writing the program: string literals, names, the declarations deploy-time values need
//! (`param`, `function`, `role`), and the text of the whole program.

use super::Importer;
use crate::emit::names::pascal;

/// A plain string literal: escapes, and `\${` so nothing is interpolated.
pub(super) fn plain(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '$' => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A raw string (`"""..."""`) when the text can be one and needs escapes otherwise (mapping
/// templates), else a plain string.
pub(super) fn raw_or_plain(s: &str) -> String {
    let needs = s.contains(['"', '\\', '\n', '$']);
    if needs && !s.contains("\"\"\"") && !s.ends_with('"') && !s.contains('\r') {
        format!("\"\"\"{s}\"\"\"")
    } else {
        plain(s)
    }
}

/// An identifier made of `s`: letters, digits and `_`, not starting with a digit, lower case.
pub(super) fn ident(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    match out.chars().next() {
        None => "x".into(),
        Some(c) if c.is_ascii_digit() => format!("x{out}"),
        _ => out,
    }
}

/// `UserPoolArn` → `user_pool_arn`.
pub(super) fn snake(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Names the checker reserves.
const CHECKER_RESERVED: &[&str] =
    &["none", "iam", "header", "query", "path", "context", "stage_variables", "stageVariables", "backend", "aws", "true", "false", "std"];

/// Option words and kinds the imported program writes: a declaration of that name would shadow them.
const WORDS: &[&str] = &[
    "private",
    "authorizer",
    "when_no_match",
    "when_no_templates",
    "never",
    "body",
    "params",
    "all",
    "invoke",
    "invalidate_cache",
    "lambda_proxy",
    "lambda",
    "http_proxy",
    "http",
    "mock",
    "role",
    "log_group",
    "prod",
    "default_plan",
    "GET",
    "PUT",
    "POST",
    "DELETE",
    "PATCH",
    "HEAD",
    "OPTIONS",
    "ANY",
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
];

fn reserved(name: &str) -> bool {
    CHECKER_RESERVED.contains(&name) || WORDS.contains(&name)
}

/// A request parameter or header name gwc can write (`seg` in the grammar).
pub(super) fn is_seg(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn is_ident(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Importer<'_> {
    /// A fresh top-level name based on `base`.
    pub(super) fn fresh(&self, base: &str) -> String {
        let base = if reserved(base) { format!("{base}_") } else { base.to_string() };
        let mut name = base.clone();
        let mut n = 2;
        while self.decls.contains_key(&name)
            || self.params.values().any(|p| *p == name)
            || self.authorizers.values().any(|a| *a == name)
            || self.pending_authorizer.as_deref() == Some(name.as_str())
            || name == self.api_name()
        {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }

    /// The gwc parameter for the placeholder `${id}` (a CloudFormation parameter name), declared
    /// on first use; None if no gwc name gives back `id`.
    fn param(&mut self, id: &str) -> Option<String> {
        if let Some(n) = self.params.get(id) {
            return Some(n.clone());
        }
        let name = [snake(id), id.to_string()].into_iter().find(|n| is_ident(n) && !reserved(n) && pascal(n) == id)?;
        if self.decls.contains_key(&name) {
            return None;
        }
        let tp = self.template_params.get(id).cloned();
        let ty = tp.as_ref().map_or("string", |t| t.ty);
        let default = match tp.and_then(|t| t.default) {
            Some(serde_json::Value::String(s)) if ty == "string" => format!(" = {}", plain(&s)),
            Some(serde_json::Value::Number(n)) if ty == "number" => format!(" = {n}"),
            Some(serde_json::Value::String(s)) if ty == "number" && s.parse::<f64>().is_ok() => format!(" = {s}"),
            Some(serde_json::Value::String(s)) if ty == "string_list" => {
                format!(" = [{}]", s.split(',').map(|p| plain(p.trim())).collect::<Vec<_>>().join(", "))
            }
            _ => String::new(),
        };
        self.decls.insert(name.clone(), format!("param {name}: {ty}{default}"));
        self.params.insert(id.to_string(), name.clone());
        Some(name)
    }

    /// A new `param NAME: arn` (for values OpenAPI does not carry).
    pub(super) fn fresh_param(&mut self, base: &str) -> String {
        let name = self.fresh(base);
        self.decls.insert(name.clone(), format!("param {name}: arn"));
        name
    }

    /// A string with deploy-time values: `${AWS::Region}` → `${aws.region}`, `${Param}` → a
    /// parameter, `${stageVariables.x}` kept. Anything else is reported (at `ptr`).
    pub(super) fn text(&mut self, s: &str, ptr: &str) -> String {
        let mut out = String::from("\"");
        let mut rest = s;
        loop {
            let next = rest.find("${");
            let lit = &rest[..next.unwrap_or(rest.len())];
            out.push_str(&plain(lit)[1..plain(lit).len() - 1]);
            let Some(open) = next else { break };
            let after = &rest[open + 2..];
            let Some(close) = after.find('}') else {
                out.push_str("\\${");
                rest = after;
                continue;
            };
            let inner = &after[..close];
            rest = &after[close + 1..];
            let pseudo = match inner {
                "AWS::Region" => Some("aws.region"),
                "AWS::AccountId" => Some("aws.account_id"),
                "AWS::Partition" => Some("aws.partition"),
                "AWS::URLSuffix" => Some("aws.url_suffix"),
                _ => None,
            };
            if let Some(p) = pseudo {
                out.push_str(&format!("${{{p}}}"));
            } else if let Some(v) = inner.strip_prefix("stageVariables.").filter(|v| is_seg(v)) {
                out.push_str(&format!("${{stageVariables.{v}}}"));
            } else if let Some(name) = self.param(inner) {
                out.push_str(&format!("${{{name}}}"));
            } else {
                self.unsupported(ptr, format!("the placeholder `${{{inner}}}`"));
                let kept = plain(&format!("${{{inner}}}"));
                out.push_str(&kept[1..kept.len() - 1]);
            }
        }
        out.push('"');
        out
    }

    /// The `function` declared for a Lambda function ARN (text with placeholders).
    pub(super) fn function(&mut self, arn: &str, ptr: &str) -> String {
        if let Some(n) = self.functions.get(arn) {
            return n.clone();
        }
        let by_name = arn.strip_prefix("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:");
        let short = arn.rsplit(":function:").next().unwrap_or(arn);
        let base = short.split(':').next().unwrap_or(short);
        let base = if base.contains("${") { placeholder_base(base, &["_arn", "_name"]) } else { ident(base) };
        let name = self.fresh(&base);
        let decl = match by_name {
            Some(rest) => match rest.split_once(':') {
                Some((n, alias)) => format!("lambda(name: {}, alias: {})", self.text(n, ptr), self.text(alias, ptr)),
                None => format!("lambda(name: {})", self.text(rest, ptr)),
            },
            None => format!("lambda(arn: {})", self.text(arn, ptr)),
        };
        self.decls.insert(name.clone(), format!("function {name} = {decl}"));
        self.functions.insert(arn.to_string(), name.clone());
        name
    }

    /// The `role` declared for an IAM role ARN.
    pub(super) fn role(&mut self, arn: &str, ptr: &str) -> String {
        if let Some(n) = self.roles.get(arn) {
            return n.clone();
        }
        let by_name = arn.strip_prefix("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/");
        let short = arn.rsplit('/').next().unwrap_or(arn);
        let base = if short.contains("${") { "role".to_string() } else { format!("{}_role", ident(short).trim_end_matches("_role")) };
        let name = self.fresh(&base);
        let decl = match by_name {
            Some(n) => format!("role(name: {})", self.text(n, ptr)),
            None => format!("role(arn: {})", self.text(arn, ptr)),
        };
        self.decls.insert(name.clone(), format!("role {name} = {decl}"));
        self.roles.insert(arn.to_string(), name.clone());
        name
    }

    /// The whole program: declarations, then the API.
    pub(super) fn program_text(&self) -> String {
        let mut s = String::from("// Imported by `gwc import`.\n\n");
        let (params, others): (Vec<&String>, Vec<&String>) = self.decls.values().partition(|d| d.starts_with("param "));
        for d in params.iter().chain(others.iter()) {
            s.push_str(d);
            s.push('\n');
        }
        if !self.decls.is_empty() {
            s.push('\n');
        }
        let name = self.api_name();
        s.push_str(&format!("{} api {name} {{\n", if self.http { "http" } else { "rest" }));
        let mut body = String::new();
        for line in &self.api {
            body.push_str("  ");
            body.push_str(line);
            body.push('\n');
        }
        let vars = stage_variables(&format!("{s}{body}"));
        s.push_str(&body);
        s.push_str("\n  // OpenAPI has no stages: this one was added by the import");
        let mut stage = Vec::new();
        if !vars.is_empty() {
            s.push_str(", with a value to set for each stage variable the API reads");
            stage.push(format!("variables {{ {} }}", vars.iter().map(|v| format!("{v} = \"set-me\"")).collect::<Vec<_>>().join("  ")));
        }
        s.push('\n');
        if self.caches {
            stage.push("cache { size = 0.5GB }".into());
        }
        let stage_name = if self.http { "$default" } else { "prod" };
        s.push_str(&format!("  stage {stage_name} {{ {} }}\n", stage.join("  ")).replace("{  }", "{}"));
        if self.api.iter().any(|l| l.trim() == "api_key_required = true") {
            s.push_str("  // Routes that require an API key need a usage plan for the stage.\n");
            s.push_str("  usage_plan default_plan { stages = [prod] }\n");
        }
        s.push_str("}\n");
        s
    }

    /// The API's name, from the document's title.
    pub(super) fn api_name(&self) -> String {
        let title = self.at("/info/title").and_then(|v| v.as_str()).unwrap_or("imported");
        let name = ident(&snake(title));
        if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            name
        } else {
            format!("api_{name}")
        }
    }
}

/// The stage variables a program reads (`${stageVariables.x}`, `stage_variables.x`), in order.
fn stage_variables(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for marker in ["stageVariables.", "stage_variables."] {
        let mut rest = text;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// A name for a value given by placeholders: `${NotesFunctionArn}` → `notes_function`.
fn placeholder_base(s: &str, suffixes: &[&str]) -> String {
    let mut n = ident(&snake(&s.replace("${", "").replace('}', "")));
    for suffix in suffixes {
        if let Some(stripped) = n.strip_suffix(suffix) {
            n = stripped.to_string();
        }
    }
    if n.is_empty() || n.starts_with("aws_") {
        "handler".to_string()
    } else {
        n
    }
}
