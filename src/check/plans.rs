//! Checks API keys (`api_key NAME { value }`) and usage plans (`usage_plan NAME { stages
//! throttle quota keys  METHOD /path { throttle } }`), and that every route requiring a key can
//! be called through some plan.

use super::eval::{Env, Value, V};
use super::props::Props;
use super::Cx;
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{Api, ApiKey, Method, Quota, QuotaPeriod, RouteKey, TextPart, UsagePlan};
use crate::source::Span;
use crate::syntax::ast::{self, Stmt};
use std::rc::Rc;

/// What usage plans refer to, with spans, checked once the whole API is known.
#[derive(Default)]
pub(crate) struct PlanRefs {
    routes: Vec<(Method, crate::model::Path, Span)>,
    stages: Vec<(String, Span)>,
    keys: Vec<(String, Span)>,
}

impl<'w> Cx<'w> {
    pub(crate) fn api_keys(&mut self, props: &mut Props<'w>) -> Vec<ApiKey> {
        let mut out: Vec<ApiKey> = Vec::new();
        for (b, env) in props.blocks("api_key") {
            let Some(name) = b.labels.first() else {
                let d = Diagnostic::error("E0206", b.kind.span, "api_key needs a name")
                    .label("unnamed")
                    .help("write `api_key partner { value = partner_key }`");
                self.diags.push(d);
                continue;
            };
            if let Some(prev) = out.iter().find(|k| k.name == name.name) {
                let d = Diagnostic::error("E0202", name.span, format!("API key `{}` is declared twice", name.name))
                    .label("second declaration")
                    .with_secondary(prev.span, "first declared here");
                self.diags.push(d);
                continue;
            }
            let mut p = Props::of_body(&b.body, &env, format!("api_key `{}`", name.name));
            let value_v = p.get(self, "value");
            let literal_ok = p.get(self, "insecure_literal").and_then(|v| self.boolean(&v)).unwrap_or(false);
            let description = p.get(self, "description").and_then(|v| self.text(&v));
            let enabled = p.get(self, "enabled").and_then(|v| self.boolean(&v)).unwrap_or(true);
            let customer_id = p.get(self, "customer_id").and_then(|v| self.text(&v));
            let tags = self.tags(&mut p);
            p.finish(self);
            let value = value_v.as_ref().and_then(|v| self.key_value(v, literal_ok));
            out.push(ApiKey { name: name.name.clone(), value, description, enabled, customer_id, tags, span: name.span });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// A key value comes from a parameter; a literal one is a secret in the source.
    fn key_value(&mut self, v: &V, literal_ok: bool) -> Option<crate::model::Text> {
        let t = self.text(v)?;
        let literal: String = t.parts.iter().filter_map(|p| if let TextPart::Lit(l) = p { Some(l.as_str()) } else { None }).collect();
        let has_param = t.parts.iter().any(|p| matches!(p, TextPart::Param(_)));
        if !has_param && !literal_ok {
            let d = Diagnostic::error("E0426", v.span, "API key value written in the program")
                .label("a secret in the source")
                .help("declare `param partner_key: string` and write `value = partner_key` (pass it at deploy time), leave `value` out to let API Gateway generate one, or add `insecure_literal = true`");
            self.diags.push(d);
            return None;
        }
        if !has_param && literal.len() < 20 {
            let d = Diagnostic::error("E0302", v.span, "API key values have at least 20 characters")
                .label(format!("{} characters", literal.len()));
            self.diags.push(d);
            return None;
        }
        Some(t)
    }

    pub(crate) fn usage_plans(&mut self, props: &mut Props<'w>, refs: &mut PlanRefs) -> Vec<UsagePlan> {
        let mut out: Vec<UsagePlan> = Vec::new();
        for (b, env) in props.blocks("usage_plan") {
            let Some(name) = b.labels.first() else {
                let d = Diagnostic::error("E0206", b.kind.span, "usage_plan needs a name")
                    .label("unnamed")
                    .help("write `usage_plan free { stages = [prod] ... }`");
                self.diags.push(d);
                continue;
            };
            if let Some(prev) = out.iter().find(|k| k.name == name.name) {
                let d = Diagnostic::error("E0202", name.span, format!("usage plan `{}` is declared twice", name.name))
                    .label("second declaration")
                    .with_secondary(prev.span, "first declared here");
                self.diags.push(d);
                continue;
            }
            if let Some(plan) = self.usage_plan(b, &env, name, refs) {
                out.push(plan);
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn usage_plan(&mut self, b: &'w ast::Block, env: &Rc<Env>, name: &ast::Ident, refs: &mut PlanRefs) -> Option<UsagePlan> {
        let mut p = Props::of_body(&b.body, env, format!("usage_plan `{}`", name.name));
        let description = p.get(self, "description").and_then(|v| self.text(&v));
        let stages = p.get(self, "stages").map(|v| self.words(&v, "a stage name")).unwrap_or_default();
        let keys = p.get(self, "keys").map(|v| self.words(&v, "an API key name")).unwrap_or_default();
        let throttle = p.block(self, "throttle").map(|(tb, tenv)| self.throttle(tb, &tenv));
        let quota = p.block(self, "quota").and_then(|(qb, qenv)| self.quota(qb, &qenv));
        let mut route_throttles = Vec::new();
        for (r, renv) in p.take(|s| if let Stmt::Route(r) = s { Some(r) } else { None }) {
            let Some(method) = Method::parse(&r.method.name) else {
                continue;
            };
            let full = format!("{}{}", renv.prefix, r.path.name);
            let full = if full.len() > 1 { full.trim_end_matches('/').to_string() } else { full };
            let mut rp = Props::of_body(&r.body, &renv, format!("the plan's `{} {full}`", method.as_str()));
            let t = rp.block(self, "throttle").map(|(tb, tenv)| self.throttle(tb, &tenv));
            rp.finish(self);
            let Some(path) = self.plan_path(&full) else {
                continue;
            };
            match t {
                Some(t) => route_throttles.push((method, path, t, r.method.span.to(r.path.span))),
                None => {
                    let d = Diagnostic::error("E0206", r.method.span.to(r.path.span), "a route in a usage plan needs `throttle`")
                        .label("nothing set")
                        .help("write `GET /pets { throttle { rate = 10/s  burst = 20 } }`");
                    self.diags.push(d);
                }
            }
        }
        let tags = self.tags(&mut p);
        p.finish(self);
        if stages.is_empty() {
            let d = Diagnostic::error("E0206", name.span, format!("usage plan `{}` needs `stages`", name.name))
                .label("applies to no stage")
                .help("add `stages = [prod]`");
            self.diags.push(d);
        }
        refs.routes.extend(route_throttles.iter().map(|(m, pa, _, s)| (*m, pa.clone(), *s)));
        refs.stages.extend(stages.iter().cloned());
        refs.keys.extend(keys.iter().cloned());
        Some(UsagePlan {
            name: name.name.clone(),
            description,
            stages: stages.into_iter().map(|(s, _)| s).collect(),
            throttle,
            quota,
            route_throttles: route_throttles.into_iter().map(|(m, pa, t, _)| (m, pa, t)).collect(),
            keys: keys.into_iter().map(|(k, _)| k).collect(),
            tags,
            span: name.span,
        })
    }

    fn plan_path(&mut self, text: &str) -> Option<crate::model::Path> {
        use crate::model::{Path, Segment};
        if text == "/" {
            return Some(Path { segments: Vec::new() });
        }
        let mut segments = Vec::new();
        for part in text.split('/').skip(1) {
            let seg = match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(v) if v.ends_with('+') => Segment::Greedy(v.trim_end_matches('+').to_string()),
                Some(v) => Segment::Var(v.to_string()),
                None => Segment::Literal(part.to_string()),
            };
            segments.push(seg);
        }
        Some(Path { segments })
    }

    /// `[a, b]` of bare names, with their spans.
    fn words(&mut self, v: &V, what: &str) -> Vec<(String, Span)> {
        let mut out = Vec::new();
        for i in self.list(v) {
            match &i.value {
                Value::Word(w) => out.push((w.clone(), i.span)),
                Value::Error => {}
                _ => self.type_error(&i, what),
            }
        }
        out
    }

    /// `quota { limit = 10000  per = month  offset = 0 }`
    fn quota(&mut self, b: &'w ast::Block, env: &Rc<Env>) -> Option<Quota> {
        let mut p = Props::of_body(&b.body, env, "quota");
        let limit = p.get(self, "limit").and_then(|v| self.integer(&v, "quota limit", 0, i64::from(i32::MAX)));
        let period = p.get(self, "per").and_then(|v| self.option(&v, "quota period", &["day", "week", "month"])).map(|w| match w {
            "day" => QuotaPeriod::Day,
            "week" => QuotaPeriod::Week,
            _ => QuotaPeriod::Month,
        });
        let offset = p.get(self, "offset").and_then(|v| self.integer(&v, "quota offset", 0, 30)).unwrap_or(0);
        p.finish(self);
        let (Some(limit), Some(period)) = (limit, period) else {
            if b.body.stmts.iter().all(|s| !matches!(s, Stmt::Attr(a) if a.key.name == "limit" || a.key.name == "per"))
                || limit.is_none() && period.is_none()
            {
                let d = Diagnostic::error("E0206", b.kind.span, "`quota` needs `limit` and `per`")
                    .label("incomplete quota")
                    .help("write `quota { limit = 10000  per = month }`");
                self.diags.push(d);
            }
            return None;
        };
        let max_offset = match period {
            QuotaPeriod::Day => 0,
            QuotaPeriod::Week => 6,
            QuotaPeriod::Month => 27,
        };
        if offset > max_offset {
            let d = Diagnostic::error(
                "E0302",
                b.kind.span,
                format!("a quota per {} allows an offset of at most {max_offset} days", period.word().to_lowercase()),
            )
            .label("offset too large");
            self.diags.push(d);
        }
        Some(Quota { limit: limit as u64, period, offset: offset as u64 })
    }

    /// Names in plans resolve; plan routes exist; routes that need a key are reachable through a plan.
    pub(crate) fn check_plans(&mut self, api: &Api, refs: PlanRefs) {
        for (m, path, span) in refs.routes {
            let exists = api.routes.iter().any(|r| matches!(&r.key, RouteKey::Http { method, path: p } if *method == m && *p == path));
            if !exists {
                let d = Diagnostic::error("E0427", span, format!("the API has no route `{} {}`", m.as_str(), path.text()))
                    .label("throttled by the plan")
                    .help("a plan can only throttle routes of its API; check the method and path");
                self.diags.push(d);
            }
        }
        let stage_names: Vec<&str> = api.stages.iter().map(|s| s.name.as_str()).collect();
        let key_names: Vec<&str> = api.api_keys.iter().map(|k| k.name.as_str()).collect();
        for (s, span) in refs.stages {
            if !stage_names.contains(&s.as_str()) {
                self.unknown_in_plan(span, "stage", &s, &stage_names);
            }
        }
        for (k, span) in refs.keys {
            if !key_names.contains(&k.as_str()) {
                self.unknown_in_plan(span, "API key", &k, &key_names);
            }
        }
        let Some(route) = api.routes.iter().find(|r| r.api_key_required) else {
            return;
        };
        for s in &api.stages {
            if !api.usage_plans.iter().any(|p| p.stages.contains(&s.name)) {
                let d = Diagnostic::error("E0425", route.span, format!("this route requires an API key, but no usage plan covers stage `{}`", s.name))
                    .label("api_key_required")
                    .with_secondary(s.span, "stage without a usage plan")
                    .help(format!("API Gateway answers 403 to every key in a stage no plan covers: add `usage_plan NAME {{ stages = [{}]  keys = [...] }}`", s.name));
                self.diags.push(d);
            }
        }
    }

    /// A WebSocket API's plans: as for REST, except that API Gateway throttles a WebSocket API's
    /// routes per stage, never per plan.
    pub(crate) fn check_ws_plans(&mut self, api: &Api, mut refs: PlanRefs) {
        for (_, _, span) in std::mem::take(&mut refs.routes) {
            let d = Diagnostic::error("E0463", span, "a usage plan of a WebSocket API cannot throttle single routes")
                .label("per-route throttle in a plan")
                .help("set the plan's `throttle { }` for the whole API, and a route's own `throttle { }` for every caller of that route");
            self.diags.push(d);
        }
        self.check_plans(api, refs);
    }

    fn unknown_in_plan(&mut self, span: Span, noun: &str, name: &str, known: &[&str]) {
        let mut d =
            Diagnostic::error("E0201", span, format!("unknown {noun} `{name}` in this usage plan")).label(format!("lists `{name}`"));
        d = match did_you_mean(name, known.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if known.is_empty() => d.help(format!("declare the {noun} in the API first")),
            None => d.help(format!("declared: {}", known.join(", "))),
        };
        self.diags.push(d);
    }
}
