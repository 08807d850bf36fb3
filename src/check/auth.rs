//! Checks authorizer declarations: Lambda TOKEN and REQUEST, and Cognito user pools.

use super::eval::{Env, Value, V};
use super::props::Props;
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{Authorizer, AuthorizerKind, IdentitySource};
use crate::syntax::ast;
use std::rc::Rc;

impl<'w> Cx<'w> {
    /// The API's authorizers, and the names of those declared with errors (already reported, so
    /// routes that use them stay quiet).
    pub(crate) fn authorizers(&mut self, props: &mut Props<'w>) -> (Vec<Authorizer>, Vec<String>) {
        let mut out: Vec<Authorizer> = Vec::new();
        let mut broken = Vec::new();
        for (b, env) in props.blocks("authorizer") {
            let Some(a) = self.authorizer(b, &env) else {
                broken.extend(b.labels.first().map(|l| l.name.clone()));
                continue;
            };
            if let Some(prev) = out.iter().find(|p| p.name == a.name) {
                let d = Diagnostic::error("E0202", a.span, format!("authorizer `{}` is declared twice", a.name))
                    .label("second declaration")
                    .with_secondary(prev.span, "first declared here");
                self.diags.push(d);
                continue;
            }
            if a.name == "none" || a.name == "iam" {
                let d = Diagnostic::error("E0202", a.span, format!("`{}` is reserved for built-in auth", a.name))
                    .label("reserved name")
                    .help("choose another name");
                self.diags.push(d);
                continue;
            }
            out.push(a);
        }
        (out, broken)
    }

    fn authorizer(&mut self, b: &'w ast::Block, env: &Rc<Env>) -> Option<Authorizer> {
        let Some(name) = b.labels.first() else {
            let d = Diagnostic::error("E0206", b.kind.span, "authorizer needs a name")
                .label("unnamed")
                .help("write `authorizer NAME: token { ... }` (types: token, request, cognito)");
            self.diags.push(d);
            return None;
        };
        let Some(kind) = &b.block_kind else {
            let d = Diagnostic::error("E0206", name.span, format!("authorizer `{}` needs a type", name.name))
                .label("no type")
                .help(format!("write `authorizer {}: token {{ ... }}`; types: token, request, cognito", name.name));
            self.diags.push(d);
            return None;
        };
        if kind.name == "jwt" {
            let d = Diagnostic::error("E0408", kind.span, "JWT authorizers are only available on HTTP APIs")
                .label("not supported by REST APIs")
                .help("use a `cognito` authorizer for Cognito user pools, or a `token` authorizer whose Lambda function validates the JWT");
            self.diags.push(d);
            return None;
        }
        let kind_word = self.option(
            &V { value: Value::Word(kind.name.clone()), span: kind.span },
            "authorizer type",
            &["token", "request", "cognito"],
        )?;
        let mut props = Props::of_body(&b.body, env, format!("a {kind_word} authorizer"));
        let ttl_seconds = props.get(self, "ttl").and_then(|v| self.seconds(&v, "authorizer result TTL", 0, 3600));
        // Cognito authorizers are not invoked through a role; only Lambda authorizers take one.
        let credentials = if kind_word == "cognito" { None } else { props.get(self, "role").and_then(|v| self.role(&v)) };
        let function = if kind_word == "cognito" {
            None
        } else {
            match props.get(self, "function") {
                Some(v) => self.function(&v),
                None => {
                    let d = Diagnostic::error("E0206", name.span, format!("{kind_word} authorizer `{}` needs `function`", name.name))
                        .label("no function")
                        .help("add `function = my_authorizer_function`");
                    self.diags.push(d);
                    None
                }
            }
        };
        let identity = props.get(self, "identity");
        let kind_model = match kind_word {
            "token" => {
                let header = match &identity {
                    Some(v) => self.token_header(v)?,
                    None => "Authorization".to_string(),
                };
                let validation = props.get(self, "validation").and_then(|v| self.literal(&v));
                AuthorizerKind::Token { function: function?, header, validation }
            }
            "request" => {
                let sources = match &identity {
                    Some(v) => self.list(v).iter().filter_map(|s| self.identity_source(s)).collect(),
                    None => Vec::new(),
                };
                if sources.is_empty() && ttl_seconds != Some(0) {
                    let d = Diagnostic::error(
                        "E0206",
                        name.span,
                        format!("request authorizer `{}` needs `identity` when results are cached", name.name),
                    )
                    .label("no identity sources")
                    .help("add `identity = [header.Authorization]` (the cache key), or `ttl = 0s` to turn caching off");
                    self.diags.push(d);
                }
                AuthorizerKind::Request { function: function?, identity: sources }
            }
            _ => {
                let user_pools: Vec<_> = match props.get(self, "user_pools") {
                    Some(v) => self.list(&v).iter().filter_map(|p| self.text(p)).collect(),
                    None => {
                        let d = Diagnostic::error("E0206", name.span, format!("cognito authorizer `{}` needs `user_pools`", name.name))
                            .label("no user pools")
                            .help("add `user_pools = [user_pool_arn]`");
                        self.diags.push(d);
                        Vec::new()
                    }
                };
                let header = match &identity {
                    Some(v) => self.token_header(v)?,
                    None => "Authorization".to_string(),
                };
                AuthorizerKind::Cognito { user_pools, header }
            }
        };
        props.finish(self);
        Some(Authorizer { name: name.name.clone(), kind: kind_model, ttl_seconds, credentials, v2: None, span: name.span })
    }

    /// The header of `identity = header.NAME` (TOKEN and Cognito authorizers read one header).
    fn token_header(&mut self, v: &V) -> Option<String> {
        match self.identity_source(v)? {
            IdentitySource::Header(h) => Some(h),
            _ => {
                let d = Diagnostic::error("E0407", v.span, "a token authorizer reads its token from a header")
                    .label("not a header")
                    .help("write `identity = header.Authorization`, or use a `request` authorizer for other sources");
                self.diags.push(d);
                None
            }
        }
    }

    fn identity_source(&mut self, v: &V) -> Option<IdentitySource> {
        if let Value::Word(w) = &v.value {
            if let Some((head, name)) = w.split_once('.') {
                match head {
                    "header" => return Some(IdentitySource::Header(name.to_string())),
                    "query" => return Some(IdentitySource::Query(name.to_string())),
                    "stage_variables" => return Some(IdentitySource::StageVariable(name.to_string())),
                    "context" => return Some(IdentitySource::Context(name.to_string())),
                    _ => {}
                }
            }
        }
        if let Value::Error = v.value {
            return None;
        }
        let d = Diagnostic::error("E0301", v.span, "expected an identity source")
            .label("not an identity source")
            .help("use `header.NAME`, `query.NAME`, `stage_variables.NAME` or `context.NAME`");
        self.diags.push(d);
        None
    }
}
