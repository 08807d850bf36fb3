//! Checks stage declarations: variables, logging, tracing, metrics, access logs, throttling.

use super::eval::Env;
use super::props::Props;
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{AccessLog, LogLevel, Stage, Text, TextPart};
use crate::syntax::ast;
use indexmap::IndexMap;
use std::rc::Rc;

impl<'w> Cx<'w> {
    pub(crate) fn stages(&mut self, props: &mut Props<'w>) -> Vec<Stage> {
        let mut out: Vec<Stage> = Vec::new();
        for (b, env) in props.blocks("stage") {
            let Some(s) = self.stage(b, &env) else { continue };
            if let Some(prev) = out.iter().find(|p| p.name == s.name) {
                let d = Diagnostic::error("E0202", s.span, format!("stage `{}` is declared twice", s.name))
                    .label("second declaration")
                    .with_secondary(prev.span, "first declared here");
                self.diags.push(d);
                continue;
            }
            out.push(s);
        }
        out
    }

    fn stage(&mut self, b: &'w ast::Block, env: &Rc<Env>) -> Option<Stage> {
        let Some(name) = b.labels.first() else {
            let d = Diagnostic::error("E0206", b.kind.span, "stage needs a name").label("unnamed").help("write `stage prod { ... }`");
            self.diags.push(d);
            return None;
        };
        // `$default` is the HTTP API stage served at the root URL (other kinds: E0408).
        let default_stage = name.name == "$default";
        if !default_stage
            && (name.name.is_empty()
                || name.name.len() > 128
                || !name.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        {
            let d = Diagnostic::error("E0301", name.span, format!("invalid stage name `{}`", name.name))
                .label("invalid name")
                .help("REST stage names use letters, digits, `-` and `_`, up to 128 characters");
            self.diags.push(d);
            return None;
        }
        let mut props = Props::of_body(&b.body, env, format!("stage `{}`", name.name));
        let description = props.get(self, "description").and_then(|v| self.text(&v));
        let tracing = props.get(self, "tracing").and_then(|v| self.boolean(&v)).unwrap_or(false);
        let logging =
            props.get(self, "logging").and_then(|v| self.option(&v, "logging level", &["off", "error", "info"])).map(|w| match w {
                "error" => LogLevel::Error,
                "info" => LogLevel::Info,
                _ => LogLevel::Off,
            });
        let data_trace = props.get(self, "data_trace").and_then(|v| self.boolean(&v)).unwrap_or(false);
        let metrics = props.get(self, "metrics").and_then(|v| self.boolean(&v)).unwrap_or(false);
        let throttle = props.block(self, "throttle").map(|(tb, tenv)| self.throttle(tb, &tenv));
        let access_log = props.block(self, "access_log").and_then(|(ab, aenv)| self.access_log(ab, &aenv));
        let variables = match props.block(self, "variables") {
            Some((vb, venv)) => self.stage_variables(vb, &venv),
            None => IndexMap::new(),
        };
        let tags = self.tags(&mut props);
        let cache = props.block(self, "cache").and_then(|(cb, cenv)| self.stage_cache(cb, &cenv));
        let canary = props.block(self, "canary").and_then(|(cb, cenv)| self.canary(cb, &cenv, |cx, vb, venv| cx.stage_variables(vb, venv)));
        let web_acl = props.get(self, "web_acl").and_then(|v| self.text(&v));
        let client_certificate = props.get(self, "client_certificate").and_then(|v| match v.value {
            super::eval::Value::Word(w) => Some(w),
            _ => {
                self.type_error(&v, "a `client_certificate` name");
                None
            }
        });
        props.finish(self);
        Some(Stage {
            name: name.name.clone(),
            description,
            variables,
            tracing,
            logging,
            data_trace,
            metrics,
            access_log,
            throttle,
            tags,
            cache,
            canary,
            web_acl,
            client_certificate,
            span: name.span,
        })
    }

    pub(crate) fn stage_variables(&mut self, b: &ast::Block, env: &Rc<Env>) -> IndexMap<String, Text> {
        let mut out = IndexMap::new();
        for s in &b.body.stmts {
            let ast::Stmt::Attr(a) = s else {
                let d = Diagnostic::error("E0205", b.kind.span, "only `name = \"value\"` entries belong in `variables`").label("here");
                self.diags.push(d);
                continue;
            };
            let key = &a.key.name;
            if key.len() > 64 || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                let d = Diagnostic::error("E0301", a.key.span, format!("invalid stage variable name `{key}`"))
                    .label("invalid name")
                    .help("stage variable names use letters, digits and `_`, up to 64 characters");
                self.diags.push(d);
                continue;
            }
            let v = self.eval(&a.value, env);
            let Some(t) = self.text(&v) else { continue };
            for p in &t.parts {
                if let TextPart::Lit(l) = p {
                    if l.len() > 512 || !l.chars().all(|c| c.is_ascii_alphanumeric() || "-._~:/?#&=,".contains(c)) {
                        let d = Diagnostic::error(
                            "E0302",
                            v.span,
                            "stage variable values use letters, digits and `-._~:/?#&=,`, up to 512 characters",
                        )
                        .label("invalid value");
                        self.diags.push(d);
                    }
                }
            }
            if out.insert(key.clone(), t).is_some() {
                let d = Diagnostic::error("E0202", a.key.span, format!("stage variable `{key}` is set twice")).label("set again");
                self.diags.push(d);
            }
        }
        out
    }

    fn access_log(&mut self, b: &'w ast::Block, env: &Rc<Env>) -> Option<AccessLog> {
        let mut props = Props::of_body(&b.body, env, "access_log");
        let destination = match props.get(self, "destination") {
            Some(v) => self.log_group(&v),
            None => {
                let d = Diagnostic::error("E0206", b.kind.span, "`access_log` needs `destination`")
                    .label("no destination")
                    .help("add `destination = my_log_group` (a `log_group` declaration)");
                self.diags.push(d);
                None
            }
        };
        let format_v = props.get(self, "format");
        props.finish(self);
        let format = match &format_v {
            Some(v) => self.literal(v)?,
            None => {
                let d = Diagnostic::error("E0206", b.kind.span, "`access_log` needs `format`")
                    .label("no format")
                    .help("add `format = std.logging.json` (after `import std.logging`), or write your own");
                self.diags.push(d);
                return None;
            }
        };
        let span = format_v.map(|v| v.span).unwrap_or(b.span);
        let format = format.trim().to_string();
        if format.contains('\n') {
            let d = Diagnostic::error("E0417", span, "access log format must be a single line")
                .label("contains a line break")
                .help("write the format on one line; API Gateway writes one log line per request");
            self.diags.push(d);
        } else if !format.contains("$context.requestId") && !format.contains("$context.extendedRequestId") {
            let d = Diagnostic::error("E0417", span, "access log format must contain `$context.requestId` or `$context.extendedRequestId`")
                .label("no request id")
                .help("API Gateway rejects formats without a request id; add `$context.requestId`");
            self.diags.push(d);
        }
        Some(AccessLog { destination: destination?, format })
    }
}
