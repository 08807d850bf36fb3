//! SEC020 cache-key-missing-identity: one caller's cached response served to another.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags authenticated routes that cache responses (in a stage with a cache cluster)
    /// without a cache key naming the caller's identity: the header or query parameter the
    /// authorizer reads, or `Authorization` for IAM.
    ///
    /// ## Why it matters
    /// The cache key decides who shares an entry. Without the identity in it, the first
    /// caller's response (their orders, their profile) is returned to every other caller of
    /// the same URL until the entry expires.
    ///
    /// ## Example
    /// ```gw
    /// rest api shop {
    ///   GET /me/orders { auth = iam  integration = mock()  cache { ttl = 5m } }
    ///   stage prod { cache { size = 0.5GB  encrypted = true } }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```gw
    /// rest api shop {
    ///   GET /me/orders {
    ///     auth = iam
    ///     header Authorization
    ///     integration = mock()
    ///     cache { ttl = 5m  keys = [header.Authorization] }
    ///   }
    ///   stage prod { cache { size = 0.5GB  encrypted = true } }
    /// }
    /// ```
    pub static RULE = RuleMeta {
        code: "SEC020",
        name: "cache-key-missing-identity",
        summary: "authenticated route cached without the caller's identity in the key",
        family: Family::Security,
        default: Level::Error,
        enabled: Level::Error,
        production: None,
        anchors: &[],
        options: &[],
        check: Check::Route(check),
    };
}

fn check(cx: &mut Cx<'_>, route: &Route) {
    let Some(cache) = &route.cache else { return };
    if !cache.enabled || !cx.api.stages.iter().any(|s| s.cache.is_some()) {
        return;
    }
    let identity: Vec<(ParamLocation, String)> = match &route.auth {
        Auth::None { .. } => return,
        Auth::Iam => vec![(ParamLocation::Header, "Authorization".to_string())],
        Auth::Authorizer { name, .. } => match cx.api.authorizers.iter().find(|a| &a.name == name).map(|a| &a.kind) {
            Some(AuthorizerKind::Token { header, .. }) | Some(AuthorizerKind::Cognito { header, .. }) => {
                vec![(ParamLocation::Header, header.clone())]
            }
            Some(AuthorizerKind::Request { identity, .. }) | Some(AuthorizerKind::Jwt { identity, .. }) => identity
                .iter()
                .filter_map(|i| match i {
                    IdentitySource::Header(h) => Some((ParamLocation::Header, h.clone())),
                    IdentitySource::Query(q) => Some((ParamLocation::Query, q.clone())),
                    _ => None,
                })
                .collect(),
            None => return,
        },
    };
    let keyed = cache.keys.iter().any(|(l, n)| identity.iter().any(|(il, i)| il == l && i.eq_ignore_ascii_case(n)));
    if !keyed && !identity.is_empty() {
        let (_, first) = &identity[0];
        let f = cx
            .finding(route.span, format!("`{}` caches responses shared by every caller", crate::lint::route_name(route)))
            .label("cache key without the caller's identity")
            .help(format!("declare `header {first}` and add it to the cache keys: `cache {{ keys = [header.{first}] }}`"));
        cx.report(f);
    }
}
