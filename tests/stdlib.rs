//! The embedded standard library compiles cleanly, alone and when every template and value
//! in it is used by a real API.

use gwc::check::compile_str;
use gwc::diag::{render_human, RenderOptions};
use gwc::source::{SourceMap, STDLIB};

fn assert_clean(name: &str, text: &str) -> gwc::check::Checked {
    let mut sources = SourceMap::default();
    let checked = compile_str(name, text, &mut sources);
    let rendered: Vec<String> =
        checked.diagnostics.iter().map(|d| render_human(d, &sources, RenderOptions { color: false, width: 100 })).collect();
    assert!(checked.diagnostics.is_empty(), "{name} has diagnostics:\n{}", rendered.join("\n"));
    checked
}

#[test]
fn every_stdlib_module_compiles_alone() {
    assert!(!STDLIB.is_empty());
    for (name, text) in STDLIB {
        assert_clean(&format!("std/{name}.gw"), text);
    }
}

#[test]
fn every_stdlib_template_and_format_works_in_an_api() {
    let program = r#"
import std.logging
import std.crud

function items = lambda(name: "items")
function list = lambda(name: "list")
log_group logs = log_group(name: "/apigw/stdlib-test")

rest api uses_stdlib {
  logging_role = existing
  use std.crud.lambda_crud(handler: items) at /items
  use crud.lambda_crud_split(list: list, create: items, read: items, update: items, delete: items) at /orders
  stage clf { access_log { destination = logs  format = std.logging.clf } }
  stage json { access_log { destination = logs  format = logging.json } }
  stage xml { access_log { destination = logs  format = std.logging.xml } }
  stage csv { access_log { destination = logs  format = std.logging.csv } }
}
"#;
    let checked = assert_clean("uses_stdlib.gw", program);
    let api = &checked.program.apis[0];
    assert_eq!(api.routes.len(), 10, "two CRUD sets of five routes");
    assert_eq!(api.stages.len(), 4);
    for s in &api.stages {
        let format = &s.access_log.as_ref().expect("access log").format;
        assert!(format.contains("$context.requestId") && !format.contains('\n'), "{}: {format}", s.name);
    }
}

#[test]
fn cors_responses_and_policy_presets_work_in_apis() {
    let program = r#"
import std.cors
import std.responses
import std.policies

function app = lambda(name: "app")

rest api browser_app {
  use std.cors.browser(origin: "https://app.example.com")
  use std.responses.json_errors()
  use std.policies.ip_allow_list(cidrs: ["203.0.113.0/24"])
  GET /items { integration = lambda_proxy(app) }
  stage prod {}
}
"#;
    let checked = assert_clean("presets.gw", program);
    let api = &checked.program.apis[0];
    let preflight = api.routes.iter().find(|r| r.generated.is_some()).expect("a generated preflight");
    assert_eq!(preflight.auth, gwc::model::Auth::None { explicit: true });
    assert!(!preflight.api_key_required);
    let kinds: Vec<&str> = api.gateway_responses.iter().map(|g| g.kind.as_str()).collect();
    assert!(kinds.contains(&"DEFAULT_4XX") && kinds.contains(&"THROTTLED"), "{kinds:?}");
    let d4 = api.gateway_responses.iter().find(|g| g.kind == "DEFAULT_4XX").expect("DEFAULT_4XX");
    assert!(
        d4.headers.contains_key("Access-Control-Allow-Origin") && !d4.templates.is_empty(),
        "CORS headers merged into the stdlib response"
    );
    assert_eq!(api.policy.len(), 2);
    assert!(!api.policy[1].allow && api.policy[1].conditions[0].operator == "NotIpAddress");

    for (preset, args) in [("with_credentials", "origin: \"https://app.example.com\""), ("public", "")] {
        let text = format!("import std.cors\nfunction f = lambda(name: \"f\")\nrest api a {{\n  use std.cors.{preset}({args})\n  GET / {{ integration = lambda_proxy(f) }}\n  stage prod {{}}\n}}\n");
        let c = assert_clean(&format!("{preset}.gw"), &text);
        assert!(c.program.apis[0].cors.is_some(), "{preset}");
    }
    for (preset, arg) in
        [("vpc_endpoints_only", "endpoints: [\"vpce-0123456789abcdef0\"]"), ("vpcs_only", "vpcs: [\"vpc-0123456789abcdef0\"]")]
    {
        let text = format!("import std.policies\nfunction f = lambda(name: \"f\")\nrest api a {{\n  endpoint = private\n  use std.policies.{preset}({arg})\n  GET / {{ integration = lambda_proxy(f) }}\n  stage prod {{}}\n}}\n");
        let c = assert_clean(&format!("{preset}.gw"), &text);
        assert_eq!(c.program.apis[0].policy.len(), 2, "{preset}");
    }
}

#[test]
fn every_stdlib_module_is_documented_in_its_first_line() {
    for (name, text) in STDLIB {
        assert!(text.starts_with(&format!("// std.{name}:")), "std/{name}.gw must open with `// std.{name}: ...`");
    }
}
