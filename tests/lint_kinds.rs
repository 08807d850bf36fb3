//! The linter on HTTP and WebSocket APIs: the rules of lint-rules.md that apply to every kind
//! (authless routes, access logs, stage throttles, ...) fire on them, WebSocket messages other
//! than `$connect` are never reported as authless or keyless, and REST-only rules stay silent.
//! Also the collection heuristic of list-route-without-paging.

use gwc::lint::{Config, Target};
use gwc::source::SourceMap;

const V2: &str = r#"function chat = lambda(name: "chat")

websocket api rooms {
  route $connect { integration = lambda_proxy(chat) }
  route $default { integration = lambda_proxy(chat) }
  route sendMessage { integration = lambda_proxy(chat) }
  stage prod {}
}

http api notes {
  GET /notes { integration = lambda_proxy(chat) }
  GET /public { auth = none  integration = lambda_proxy(chat) }
  stage live {}
}
"#;

/// (code, first line of the message) of every finding with every rule on.
fn findings(text: &str) -> Vec<(String, String)> {
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile_str("kinds.gw", text, &mut sources);
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
    let mut config = Config::default();
    config.apply_cli(&["ALL".to_string()], &[]).expect("select ALL");
    let settings = config.resolve(None);
    let out = gwc::lint::run(&[Target { program: &checked.program, settings: &settings }], &sources);
    out.diagnostics.iter().map(|d| (d.code.to_string(), d.message.clone())).collect()
}

fn has(found: &[(String, String)], code: &str, needle: &str) -> bool {
    found.iter().any(|(c, m)| c == code && m.contains(needle))
}

#[test]
fn rules_for_every_kind_fire_on_http_and_websocket_apis() {
    let found = findings(V2);
    // Authless routes: the WebSocket connection and the HTTP route; not messages, not `auth = none`.
    assert!(has(&found, "SEC001", "`$connect`"), "{found:?}");
    assert!(has(&found, "SEC001", "`GET /notes`"), "{found:?}");
    for quiet in ["`$default`", "`sendMessage`", "`GET /public`"] {
        assert!(!has(&found, "SEC001", quiet), "{quiet} must not be reported as authless: {found:?}");
    }
    // API keys: a WebSocket API checks them on `$connect` only, so no other route is reported.
    assert!(has(&found, "SEC014", "`$connect`"), "{found:?}");
    for quiet in ["`$default`", "`sendMessage`"] {
        assert!(!has(&found, "SEC014", quiet), "{quiet} must not be reported as keyless: {found:?}");
    }
    // Stage rules: access logs and default throttles on both kinds of stage.
    for stage in ["`prod`", "`live`"] {
        assert!(has(&found, "OBS001", stage), "access logs on stage {stage}: {found:?}");
        assert!(has(&found, "OPS001", stage), "throttle on stage {stage}: {found:?}");
    }
    // Execution logging exists on WebSocket stages only.
    assert!(has(&found, "OBS003", "`prod`") && !has(&found, "OBS003", "`live`"), "{found:?}");
    // REST-only features are never asked of HTTP or WebSocket APIs.
    for rest_only in ["SEC018", "OBS005", "CST005", "CST001", "COR014", "OPS004", "SEC026", "SEC013", "LIM001"] {
        assert!(!found.iter().any(|(c, _)| c == rest_only), "{rest_only} fired on a v2 API: {found:?}");
    }
}

/// list-route-without-paging reports what a reviewer calls a collection: a plural-looking last
/// segment with an item route under it in the same API. Not `/me`, `/status`, a lone
/// `/settings`, a greedy proxy or a singular name with variables under it. REST only: paging
/// parameters are declared request parameters, which HTTP APIs do not have.
#[test]
fn list_route_without_paging_reports_collections_only() {
    let found = findings(
        r#"function users = lambda(name: "users")

rest api accounts {
  auth = iam
  GET /me { integration = lambda_proxy(users) }
  GET /me/settings { integration = lambda_proxy(users) }
  GET /status { integration = lambda_proxy(users) }
  GET /status/{check} { integration = lambda_proxy(users) }
  GET /settings { integration = lambda_proxy(users) }
  GET /config { integration = lambda_proxy(users) }
  GET /config/{key} { integration = lambda_proxy(users) }
  GET /files { integration = lambda_proxy(users) }
  GET /files/{path+} { integration = lambda_proxy(users) }
  GET /users { integration = lambda_proxy(users) }
  DELETE /users/{id} { integration = lambda_proxy(users) }
  GET /teams/{team}/line-items { integration = lambda_proxy(users) }
  GET /teams/{team}/line-items/{item}/notes { integration = lambda_proxy(users) }
  GET /people { query cursor?  integration = lambda_proxy(users) }
  GET /people/{id} { integration = lambda_proxy(users) }
  stage live {}
}
"#,
    );
    let paging: Vec<&String> = found.iter().filter(|(c, _)| c == "CST004").map(|(_, m)| m).collect();
    let on_http = findings(
        r#"function users = lambda(name: "users")

http api accounts {
  GET /users { auth = iam  integration = lambda_proxy(users) }
  GET /users/{id} { auth = iam  integration = lambda_proxy(users) }
  stage live {}
}
"#,
    );
    assert!(!on_http.iter().any(|(c, _)| c == "CST004"), "an HTTP API cannot declare paging parameters: {on_http:?}");
    assert_eq!(
        paging,
        [
            "`GET /users` lists a collection without paging parameters",
            "`GET /teams/{team}/line-items` lists a collection without paging parameters"
        ],
        "{found:?}"
    );
}
