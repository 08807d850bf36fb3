//! Checks custom domains and their base path mappings, VPC links, client certificates, the
//! account logging role, and a stage's canary, web ACL and client certificate.

use super::eval::{Env, Value, V};
use super::props::Props;
use super::Cx;
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{Api, BasePathMapping, Canary, ClientCertificate, Domain, EndpointKind, LogLevel, LoggingRole, MutualTls, VpcLink};
use crate::source::Span;
use crate::syntax::ast;
use indexmap::IndexMap;
use std::rc::Rc;

/// Where the names a domain, stage or integration refers to were written, checked at the end.
#[derive(Default)]
pub(crate) struct DomainRefs {
    mapping_stages: Vec<(String, Span)>,
}

impl<'w> Cx<'w> {
    pub(crate) fn domains(&mut self, props: &mut Props<'w>, api_endpoint: EndpointKind, refs: &mut DomainRefs) -> Vec<Domain> {
        let mut out: Vec<Domain> = Vec::new();
        for (b, env) in props.blocks("domain") {
            let Some(label) = b.labels.first() else {
                let d = Diagnostic::error("E0206", b.kind.span, "domain needs a name")
                    .label("unnamed")
                    .help("write `domain \"api.example.com\" { certificate = cert_arn }`");
                self.diags.push(d);
                continue;
            };
            let name = label.name.clone();
            if name.is_empty()
                || !name.contains('.')
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '*')
            {
                let d = Diagnostic::error("E0301", label.span, format!("`{name}` is not a domain name"))
                    .label("invalid domain")
                    .help("write the host name in quotes: `domain \"api.example.com\" { ... }`");
                self.diags.push(d);
                continue;
            }
            if out.iter().any(|d| d.name.as_lit() == Some(name.as_str())) {
                let d = Diagnostic::error("E0202", label.span, format!("domain `{name}` is declared twice")).label("second declaration");
                self.diags.push(d);
                continue;
            }
            let mut p = Props::of_body(&b.body, &env, format!("domain `{name}`"));
            let endpoint_v = p.get(self, "endpoint");
            let endpoint = match &endpoint_v {
                Some(v) => match self.option(v, "domain endpoint type", &["edge", "regional"]) {
                    Some("edge") => EndpointKind::Edge,
                    Some(_) => EndpointKind::Regional,
                    None => continue,
                },
                None if api_endpoint == EndpointKind::Regional => EndpointKind::Regional,
                None => EndpointKind::Edge,
            };
            let certificate = match p.get(self, "certificate") {
                Some(v) => self.text(&v),
                None => {
                    let d = Diagnostic::error("E0206", label.span, format!("domain `{name}` needs `certificate`"))
                        .label("no certificate")
                        .help(match endpoint {
                            EndpointKind::Edge => {
                                "add `certificate = cert_arn`: an ACM certificate in us-east-1 (edge domains are served by CloudFront)"
                            }
                            _ => "add `certificate = cert_arn`: an ACM certificate in the API's Region",
                        });
                    self.diags.push(d);
                    None
                }
            };
            let security_policy = p
                .get(self, "security_policy")
                .and_then(|v| self.option(&v, "security policy", &["tls_1_0", "tls_1_2"]))
                .map(|w| w.to_uppercase());
            let ownership = p.get(self, "ownership_certificate").and_then(|v| self.text(&v));
            let mutual_tls = match p.block(self, "mutual_tls") {
                Some((mb, menv)) => {
                    let mut mp = Props::of_body(&mb.body, &menv, "mutual_tls");
                    let truststore = mp.get(self, "truststore").and_then(|v| self.s3_uri(&v));
                    let version = mp.get(self, "truststore_version").and_then(|v| self.text(&v));
                    mp.finish(self);
                    if endpoint == EndpointKind::Edge {
                        let d = Diagnostic::error("E0428", mb.kind.span, "mutual TLS needs a regional domain")
                            .label("on an edge-optimized domain")
                            .help("add `endpoint = regional` to the domain; API Gateway supports mTLS on regional custom domains only");
                        self.diags.push(d);
                    }
                    match truststore {
                        Some(t) => {
                            Some(MutualTls { truststore_uri: t, truststore_version: version, ownership_certificate: ownership.clone() })
                        }
                        None => {
                            if !mb.body.stmts.iter().any(|s| matches!(s, ast::Stmt::Attr(a) if a.key.name == "truststore")) {
                                let d = Diagnostic::error("E0206", mb.kind.span, "`mutual_tls` needs `truststore`")
                                    .label("no truststore")
                                    .help("add `truststore = \"s3://bucket/truststore.pem\"`");
                                self.diags.push(d);
                            }
                            None
                        }
                    }
                }
                None => None,
            };
            let mut mappings: Vec<BasePathMapping> = Vec::new();
            for (mb, menv) in p.blocks("base_path") {
                let base = mb.labels.first().map(|l| (l.name.clone(), l.span));
                if let Some((bp, span)) = &base {
                    if bp.is_empty() || !bp.chars().all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c)) {
                        let d = Diagnostic::error("E0301", *span, format!("invalid base path `{bp}`"))
                            .label("invalid base path")
                            .help("a base path is one segment of letters, digits and `-._~`, e.g. `base_path v1 { stage = prod }`");
                        self.diags.push(d);
                        continue;
                    }
                }
                let mut mp = Props::of_body(&mb.body, &menv, "base_path");
                let stage_v = mp.get(self, "stage");
                mp.finish(self);
                let Some(sv) = stage_v else {
                    let d = Diagnostic::error("E0206", mb.kind.span, "`base_path` needs `stage`")
                        .label("maps to nothing")
                        .help("write `base_path v1 { stage = prod }`");
                    self.diags.push(d);
                    continue;
                };
                // `$default` (the HTTP API stage) is a `$word`.
                let (Value::Word(stage) | Value::Dollar(stage)) = &sv.value else {
                    self.type_error(&sv, "a stage name");
                    continue;
                };
                let base_path = base.as_ref().map(|(b, _)| b.clone());
                if let Some(prev) = mappings.iter().find(|m| m.base_path == base_path) {
                    let d = Diagnostic::error("E0202", mb.kind.span, "base path mapped twice")
                        .label("second mapping")
                        .with_secondary(prev.span, "first mapping");
                    self.diags.push(d);
                    continue;
                }
                refs.mapping_stages.push((stage.clone(), sv.span));
                mappings.push(BasePathMapping { base_path, stage: stage.clone(), span: mb.kind.span });
            }
            let tags = self.tags(&mut p);
            p.finish(self);
            if mappings.is_empty() {
                let d = Diagnostic::error("E0206", label.span, format!("domain `{name}` maps no stage"))
                    .label("no base path")
                    .help("add `base_path { stage = prod }` (the domain root) or `base_path v1 { stage = prod }`");
                self.diags.push(d);
            }
            let Some(certificate) = certificate else {
                continue;
            };
            let name_text = crate::model::Text::lit(name);
            out.push(Domain { name: name_text, endpoint, certificate, security_policy, mutual_tls, mappings, tags, span: label.span });
        }
        // Declaration order has no meaning: every target lists domains by name.
        out.sort_by(|a, b| a.name.as_lit().cmp(&b.name.as_lit()));
        out
    }

    fn s3_uri(&mut self, v: &V) -> Option<crate::model::Text> {
        let t = self.text(v)?;
        if let Some(crate::model::TextPart::Lit(first)) = t.parts.first() {
            if !first.starts_with("s3://") {
                let d = Diagnostic::error("E0301", v.span, "a truststore is an S3 URI").label("expected `s3://bucket/key`");
                self.diags.push(d);
                return None;
            }
        }
        Some(t)
    }

    /// `vpc_link NAME { targets = [nlb_arn]  description = "..." }`
    pub(crate) fn vpc_links(&mut self, props: &mut Props<'w>) -> Vec<VpcLink> {
        let mut out: Vec<VpcLink> = Vec::new();
        for (b, env) in props.blocks("vpc_link") {
            let Some(name) = self.named(b, "vpc_link", "vpc_link backend { targets = [nlb_arn] }") else {
                continue;
            };
            let mut p = Props::of_body(&b.body, &env, format!("vpc_link `{}`", name.name));
            let targets: Vec<_> =
                p.get(self, "targets").map(|v| self.list(&v).iter().filter_map(|t| self.text(t)).collect()).unwrap_or_default();
            let description = p.get(self, "description").and_then(|v| self.text(&v));
            p.finish(self);
            if targets.is_empty() {
                let d = Diagnostic::error("E0206", name.span, format!("vpc_link `{}` needs `targets`", name.name))
                    .label("no load balancer")
                    .help("add `targets = [nlb_arn]` (network load balancer ARNs)");
                self.diags.push(d);
                continue;
            }
            if out.iter().any(|l| l.name == name.name) {
                let d = Diagnostic::error("E0202", name.span, format!("vpc_link `{}` is declared twice", name.name))
                    .label("second declaration");
                self.diags.push(d);
                continue;
            }
            out.push(VpcLink { name: name.name.clone(), description, targets, span: name.span });
        }
        out
    }

    /// `client_certificate NAME { description = "..." }`
    pub(crate) fn client_certificates(&mut self, props: &mut Props<'w>) -> Vec<ClientCertificate> {
        let mut out: Vec<ClientCertificate> = Vec::new();
        for (b, env) in props.blocks("client_certificate") {
            let Some(name) = self.named(b, "client_certificate", "client_certificate backend { description = \"...\" }") else {
                continue;
            };
            let mut p = Props::of_body(&b.body, &env, format!("client_certificate `{}`", name.name));
            let description = p.get(self, "description").and_then(|v| self.text(&v));
            p.finish(self);
            if out.iter().any(|c| c.name == name.name) {
                let d = Diagnostic::error("E0202", name.span, format!("client_certificate `{}` is declared twice", name.name))
                    .label("second declaration");
                self.diags.push(d);
                continue;
            }
            out.push(ClientCertificate { name: name.name.clone(), description, span: name.span });
        }
        out
    }

    fn named<'b>(&mut self, b: &'b ast::Block, kind: &str, example: &str) -> Option<&'b ast::Ident> {
        let name = b.labels.first();
        if name.is_none() {
            let d =
                Diagnostic::error("E0206", b.kind.span, format!("{kind} needs a name")).label("unnamed").help(format!("write `{example}`"));
            self.diags.push(d);
        }
        name
    }

    /// `logging_role = existing | create | ROLE`
    pub(crate) fn logging_role(&mut self, v: &V) -> Option<LoggingRole> {
        match &v.value {
            Value::Word(w) if w == "existing" => Some(LoggingRole::Existing),
            Value::Word(w) if w == "create" => Some(LoggingRole::Create),
            Value::Word(_) => self.option(v, "logging role", &["existing", "create"]).map(|_| LoggingRole::Existing),
            _ => self.role(v).map(LoggingRole::Role),
        }
    }

    /// `canary { traffic = 10%  variables { ... }  use_stage_cache = true }` in a stage.
    pub(crate) fn canary(
        &mut self,
        b: &'w ast::Block,
        env: &Rc<Env>,
        variables: impl FnOnce(&mut Self, &'w ast::Block, &Rc<Env>) -> IndexMap<String, crate::model::Text>,
    ) -> Option<Canary> {
        let mut p = Props::of_body(&b.body, env, "canary");
        let traffic = p.get(self, "traffic");
        let use_stage_cache = p.get(self, "use_stage_cache").and_then(|v| self.boolean(&v)).unwrap_or(false);
        let vars = p.block(self, "variables").map(|(vb, venv)| variables(self, vb, &venv)).unwrap_or_default();
        p.finish(self);
        let Some(t) = traffic else {
            let d = Diagnostic::error("E0206", b.kind.span, "`canary` needs `traffic`")
                .label("no traffic share")
                .help("add e.g. `traffic = 10%`");
            self.diags.push(d);
            return None;
        };
        let percent = match &t.value {
            Value::Quantity(n, u) if u == "%" => *n,
            _ => {
                self.type_error(&t, "a percentage such as `10%`");
                return None;
            }
        };
        if !(0.0..=100.0).contains(&percent) {
            let d = Diagnostic::error("E0302", t.span, "canary traffic must be between 0% and 100%").label("out of range");
            self.diags.push(d);
            return None;
        }
        Some(Canary { percent, variables: vars, use_stage_cache })
    }

    /// Cross-references between the API's parts, once everything is read.
    pub(crate) fn check_references(&mut self, api: &Api, refs: DomainRefs) {
        let stages: Vec<&str> = api.stages.iter().map(|s| s.name.as_str()).collect();
        for (s, span) in refs.mapping_stages {
            if !stages.contains(&s.as_str()) {
                self.unknown_ref(span, "stage", &s, &stages);
            }
        }
        let links: Vec<&str> = api.vpc_links.iter().map(|l| l.name.as_str()).collect();
        for r in &api.routes {
            if let Some(l) = &r.integration.vpc_link {
                if !links.contains(&l.as_str()) {
                    self.unknown_ref(r.integration.span, "vpc_link", l, &links);
                }
            }
        }
        self.check_client_certificate_refs(api);
        for s in &api.stages {
            if let (Some(c), None) = (&s.canary, &s.cache) {
                if c.use_stage_cache {
                    let d = Diagnostic::error(
                        "E0301",
                        s.span,
                        format!("the canary of stage `{}` uses the stage cache, but the stage has none", s.name),
                    )
                    .label("no cache cluster")
                    .help("add `cache { size = 0.5GB }` to the stage, or remove `use_stage_cache`");
                    self.diags.push(d);
                }
            }
        }
        if api.logging_role.is_none() {
            if let Some(s) = api
                .stages
                .iter()
                .find(|s| matches!(s.logging, Some(LogLevel::Error | LogLevel::Info)) || s.data_trace || s.access_log.is_some())
            {
                let d = Diagnostic::warning("E0429", s.span, format!("stage `{}` logs, but the API does not say where the account's CloudWatch role comes from", s.name))
                    .label("execution or access logging")
                    .help("add `logging_role = create` (gwc emits the role and the account setting), `logging_role = my_role`, or `logging_role = existing` if the account already has one; without it API Gateway refuses to log");
                self.diags.push(d);
            }
        }
    }

    /// Every stage's `client_certificate` names one the API declares (REST and WebSocket APIs).
    pub(crate) fn check_client_certificate_refs(&mut self, api: &Api) {
        let certs: Vec<&str> = api.client_certificates.iter().map(|c| c.name.as_str()).collect();
        for s in &api.stages {
            if let Some(c) = &s.client_certificate {
                if !certs.contains(&c.as_str()) {
                    self.unknown_ref(s.span, "client_certificate", c, &certs);
                }
            }
        }
    }

    fn unknown_ref(&mut self, span: Span, noun: &str, name: &str, known: &[&str]) {
        let mut d = Diagnostic::error("E0201", span, format!("unknown {noun} `{name}`")).label(format!("no {noun} with this name"));
        d = match did_you_mean(name, known.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if known.is_empty() => d.help(format!("declare it in the API: `{noun} {name} {{ ... }}`")),
            None => d.help(format!("declared: {}", known.join(", "))),
        };
        self.diags.push(d);
    }
}
