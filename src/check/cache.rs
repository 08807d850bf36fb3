//! Checks caching: a stage's cache cluster (`cache { size encrypted ttl invalidation }`) and a
//! route's `cache { ttl keys }`, whose keys must be declared request parameters.

use super::eval::{Env, Value, V};
use super::props::Props;
use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{Api, CacheInvalidation, ParamLocation, RequestParam, RouteCache, StageCache, UnauthorizedInvalidation};
use crate::syntax::ast;
use std::rc::Rc;

/// Cache cluster sizes API Gateway offers, in GB, as its API spells them.
const SIZES: &[&str] = &["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"];

impl<'w> Cx<'w> {
    /// `cache { size = 0.5GB  encrypted = true  ttl = 5m }` in a stage.
    pub(crate) fn stage_cache(&mut self, b: &'w ast::Block, env: &Rc<Env>) -> Option<StageCache> {
        let mut props = Props::of_body(&b.body, env, "a stage cache");
        let size_v = props.get(self, "size");
        let encrypted = props.get(self, "encrypted").and_then(|v| self.boolean(&v)).unwrap_or(false);
        let ttl_seconds = props.get(self, "ttl").and_then(|v| self.seconds(&v, "cache TTL", 0, 3600));
        let invalidation = props.block(self, "invalidation").and_then(|(ib, ienv)| self.cache_invalidation(ib, &ienv));
        props.finish(self);
        let Some(v) = size_v else {
            let d = Diagnostic::error("E0206", b.kind.span, "a stage `cache` needs `size`")
                .label("no size")
                .help(format!("add e.g. `size = 0.5GB`; API Gateway offers {} GB", SIZES.join(", ")));
            self.diags.push(d);
            return None;
        };
        let size = self.cache_size(&v)?;
        Some(StageCache { size, encrypted, ttl_seconds, invalidation })
    }

    /// `invalidation { require_authorization = true  unauthorized = fail }`: who may invalidate a
    /// cached entry with `Cache-Control: max-age=0`, and what the others get.
    fn cache_invalidation(&mut self, b: &'w ast::Block, env: &Rc<Env>) -> Option<CacheInvalidation> {
        let mut props = Props::of_body(&b.body, env, "a cache `invalidation`");
        let require_v = props.get(self, "require_authorization");
        let require_authorization = require_v.as_ref().and_then(|v| self.boolean(v)).unwrap_or(true);
        let unauthorized_v = props.get(self, "unauthorized");
        let unauthorized = unauthorized_v.as_ref().and_then(|v| {
            self.option(v, "unauthorized invalidation strategy", &["fail", "succeed_with_header", "succeed_without_header"]).map(
                |w| match w {
                    "fail" => UnauthorizedInvalidation::Fail,
                    "succeed_with_header" => UnauthorizedInvalidation::SucceedWithHeader,
                    _ => UnauthorizedInvalidation::SucceedWithoutHeader,
                },
            )
        });
        props.finish(self);
        if let (false, Some(v)) = (require_authorization, &unauthorized_v) {
            // API Gateway stores the strategy but never applies it: every caller may invalidate.
            let mut d = Diagnostic::error("E0302", v.span, "`unauthorized` has no effect with `require_authorization = false`")
                .label("never applies")
                .help("with `require_authorization = false` every caller may invalidate the cache; remove `unauthorized`, or require authorization");
            if let Some(r) = &require_v {
                d = d.with_secondary(r.span, "every caller may invalidate");
            }
            self.diags.push(d);
            return None;
        }
        Some(CacheInvalidation { require_authorization, unauthorized, span: b.kind.span })
    }

    fn cache_size(&mut self, v: &V) -> Option<String> {
        let gb = match &v.value {
            Value::Quantity(n, u) if u == "GB" => *n,
            _ => {
                self.type_error(v, "a size in GB such as `0.5GB`");
                return None;
            }
        };
        let text = super::eval::format_number(gb);
        if SIZES.contains(&text.as_str()) {
            return Some(text);
        }
        let d = Diagnostic::error("E0302", v.span, format!("API Gateway has no {text} GB cache"))
            .label("not a cache size")
            .help(format!("cache clusters come in {} GB", SIZES.join(", ")));
        self.diags.push(d);
        None
    }

    /// `cache { ttl = 5m  keys = [query.limit, header.Accept] }` in a route.
    pub(crate) fn route_cache(&mut self, b: &'w ast::Block, env: &Rc<Env>, params: &[RequestParam]) -> RouteCache {
        let mut props = Props::of_body(&b.body, env, "a route cache");
        let ttl_seconds = props.get(self, "ttl").and_then(|v| self.seconds(&v, "cache TTL", 0, 3600));
        let enabled = props.get(self, "enabled").and_then(|v| self.boolean(&v)).unwrap_or(true);
        let mut keys = Vec::new();
        if let Some(v) = props.get(self, "keys") {
            for k in self.list(&v) {
                if let Some(key) = self.cache_key(&k, params) {
                    keys.push(key);
                }
            }
        }
        props.finish(self);
        RouteCache { enabled, ttl_seconds, keys }
    }

    fn cache_key(&mut self, v: &V, params: &[RequestParam]) -> Option<(ParamLocation, String)> {
        let Value::Word(w) = &v.value else {
            self.type_error(v, "a request parameter such as `query.limit`");
            return None;
        };
        let (loc, name) = match w.split_once('.') {
            Some(("query", n)) => (ParamLocation::Query, n),
            Some(("header", n)) => (ParamLocation::Header, n),
            Some(("path", n)) => (ParamLocation::Path, n),
            _ => {
                let d = Diagnostic::error("E0301", v.span, format!("`{w}` is not a request parameter"))
                    .label("not a cache key")
                    .help("cache keys are request parameters: `query.NAME`, `header.NAME` or `path.NAME`");
                self.diags.push(d);
                return None;
            }
        };
        let declared = params
            .iter()
            .any(|p| p.location == loc && (p.name == name || (loc == ParamLocation::Header && p.name.eq_ignore_ascii_case(name))));
        if !declared {
            let word = match loc {
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Path => "path",
            };
            let help = if loc == ParamLocation::Path {
                format!("add `{{{name}}}` to the route path")
            } else {
                format!("declare it in the route: `{word} {name}` (or `{word} {name}?`); API Gateway keys the cache only on declared parameters")
            };
            let d = Diagnostic::error("E0405", v.span, format!("cache key `{w}` is not a declared request parameter"))
                .label("not declared by the route")
                .help(help);
            self.diags.push(d);
            return None;
        }
        Some((loc, name.to_string()))
    }

    /// Per-route caching needs a stage with a cache cluster to cache in.
    pub(crate) fn check_caching(&mut self, api: &Api) {
        if api.stages.iter().any(|s| s.cache.is_some()) || api.stages.is_empty() {
            return;
        }
        if let Some(r) = api.routes.iter().find(|r| r.cache.as_ref().is_some_and(|c| c.enabled)) {
            let d = Diagnostic::error("E0424", r.span, "this route caches, but no stage has a cache cluster")
                .label("per-route cache")
                .help("add `cache { size = 0.5GB }` to the stages that should cache; routes cache only in stages with a cluster");
            self.diags.push(d);
        }
    }
}
