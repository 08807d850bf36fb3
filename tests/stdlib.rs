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
fn every_stdlib_module_is_documented_in_its_first_line() {
    for (name, text) in STDLIB {
        assert!(text.starts_with(&format!("// std.{name}:")), "std/{name}.gw must open with `// std.{name}: ...`");
    }
}
