//! `gwc lsp`, driven like an editor drives it: JSON-RPC messages with Content-Length headers on
//! the server's stdin and stdout. Covers the lifecycle, diagnostics on open and change (codes,
//! related locations), hover, definition and references (in the file, across an import and into
//! the stdlib), completion (properties and options derived from the checker, names, keywords),
//! formatting and document symbols.

mod common;

use common::{gwc, TempDir};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    inbox: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = gwc().arg("lsp").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("start gwc lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, inbox) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().expect("Content-Length value");
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let msg: Value = serde_json::from_slice(&body).expect("server sent invalid JSON");
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        let mut c = Client { child, stdin, inbox, next_id: 1 };
        let init = c.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": {} }));
        let caps = &init["capabilities"];
        for cap in [
            "hoverProvider",
            "definitionProvider",
            "referencesProvider",
            "documentSymbolProvider",
            "documentFormattingProvider",
            "completionProvider",
        ] {
            assert!(!caps[cap].is_null(), "capability {cap} missing: {init}");
        }
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to server");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn recv(&mut self) -> Value {
        self.inbox.recv_timeout(Duration::from_secs(60)).expect("no message from the server within 60 s")
    }

    /// Sends a request and returns its result (notifications received meanwhile are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let msg = self.recv();
            if msg["id"] == json!(id) {
                assert!(msg.get("error").is_none(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let msg = self.recv();
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                return msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify("textDocument/didOpen", json!({ "textDocument": { "uri": uri, "languageId": "gwc", "version": 1, "text": text } }));
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics(uri)
    }

    fn at(&mut self, method: &str, uri: &str, (line, character): (usize, usize), extra: Value) -> Value {
        let mut params = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
        if let (Value::Object(p), Value::Object(e)) = (&mut params, extra) {
            p.extend(e);
        }
        self.request(method, params)
    }

    fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.is_null());
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("wait for gwc lsp");
        assert_eq!(status.code(), Some(0), "gwc lsp did not exit cleanly after shutdown + exit");
    }
}

fn uri(path: &Path) -> String {
    lsp_types::Url::from_file_path(path).expect("file URI").to_string()
}

/// (line, column) of the `nth` occurrence of `needle` in `text`, plus `delta` columns.
fn pos(text: &str, needle: &str, nth: usize, delta: usize) -> (usize, usize) {
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("`{needle}` #{nth} not in text")).0;
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, col + delta)
}

const SHARED: &str = "function orders = lambda(name: \"orders\")\n";

const MAIN: &str = r#"import std.logging
import "./shared.gw" as shared

function pets = lambda(name: "pets")
log_group access = log_group(name: "/apigw/pets")

rest api petstore {
  endpoint = regional
  logging_role = existing
  authorizer users: cognito { user_pools = ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x"] }

  GET /pets {
    auth = users
    integration = lambda_proxy(pets)
  }

  POST /orders { integration = lambda_proxy(shared.orders) }

  PUT /pets/{id} { integration = lambda_proxy(pets) }

  stage prod {
    logging = error
    access_log { destination = access  format = std.logging.json }
  }
}
"#;

fn workspace() -> (TempDir, String) {
    let dir = TempDir::new("lsp");
    std::fs::write(dir.join("shared.gw"), SHARED).expect("write shared.gw");
    std::fs::write(dir.join("main.gw"), MAIN).expect("write main.gw");
    // These tests are about the server, not the rules: no lint rule is selected here.
    std::fs::write(dir.join("gwc.toml"), "[lint]\nselect = []\n").expect("write gwc.toml");
    let u = uri(&dir.join("main.gw"));
    (dir, u)
}

#[test]
fn lint_findings_are_published_under_the_files_config() {
    let dir = TempDir::new("lsp-lint");
    std::fs::write(dir.join("gwc.toml"), "[lint]\nselect = [\"route-without-auth\"]\n").expect("write gwc.toml");
    let program = "rest api a {\n  GET /open { integration = mock() }\n  GET /closed {\n    auth = iam\n    integration = mock()\n  }\n  stage prod {}\n}\n";
    std::fs::write(dir.join("main.gw"), program).expect("write main.gw");
    let u = uri(&dir.join("main.gw"));
    let mut c = Client::start();
    let diags = c.open(&u, program);
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes.len(), 1, "exactly the one authless route: {diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 1, "on `GET /open`: {diags:?}");
    // Marking the route public on purpose clears the finding.
    let fixed = program.replace("GET /open { integration", "GET /open { auth = none  integration");
    assert_eq!(c.change(&u, 2, &fixed), Vec::<Value>::new());
    c.shutdown();
    drop(dir);
}

#[test]
fn diagnostics_follow_every_change() {
    let (dir, u) = workspace();
    let mut c = Client::start();
    assert_eq!(c.open(&u, MAIN), Vec::<Value>::new(), "the program is clean");

    let broken = MAIN.replace("lambda_proxy(pets)\n  }", "lambda_proxy(petz)\n  }");
    let diags = c.change(&u, 2, &broken);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "E0201");
    assert_eq!(d["source"], "gwc");
    assert_eq!(d["severity"], 1);
    let (line, col) = pos(&broken, "petz", 0, 0);
    assert_eq!(d["range"]["start"], json!({ "line": line, "character": col }));
    assert_eq!(d["range"]["end"], json!({ "line": line, "character": col + 4 }));
    assert!(d["message"].as_str().unwrap_or("").contains("did you mean `pets`"), "{d}");

    // A duplicate declaration points at the first one as a related location.
    let dup = format!("{MAIN}function pets = lambda(name: \"again\")\n");
    let diags = c.change(&u, 3, &dup);
    let d = diags.iter().find(|d| d["code"] == "E0202").unwrap_or_else(|| panic!("no E0202 in {diags:?}"));
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], u.as_str());
    assert_eq!(related["location"]["range"]["start"]["line"], pos(MAIN, "function pets", 0, 0).0);

    // A syntax error is one E0100; fixing it clears the diagnostics.
    let diags = c.change(&u, 4, "rest api x {");
    assert_eq!(diags.iter().map(|d| d["code"].as_str().unwrap_or("")).collect::<Vec<_>>(), ["E0100"]);
    assert_eq!(c.change(&u, 5, MAIN), Vec::<Value>::new());
    c.shutdown();
    drop(dir);
}

#[test]
fn hover_definition_and_references() {
    let (dir, u) = workspace();
    let mut c = Client::start();
    c.open(&u, MAIN);

    let hover = c.at("textDocument/hover", &u, pos(MAIN, "lambda_proxy(pets)", 0, 14), json!({}));
    let md = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(md.contains("function pets = lambda(name: \"pets\")") && md.contains("Lambda function"), "{hover}");

    let hover = c.at("textDocument/hover", &u, pos(MAIN, "PUT /pets", 0, 6), json!({}));
    let md = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(md.contains("PUT /pets/{id}") && md.contains("AWS::ApiGateway::Method") && md.contains("AWS::ApiGateway::Resource"), "{md}");
    assert!(md.contains("AWS::Lambda::Permission"), "{md}");

    // In the file: the authorizer used by `auth = users`.
    let def = c.at("textDocument/definition", &u, pos(MAIN, "auth = users", 0, 8), json!({}));
    assert_eq!(def["uri"], u.as_str());
    assert_eq!(def["range"]["start"], json!({ "line": pos(MAIN, "users:", 0, 0).0, "character": pos(MAIN, "users:", 0, 0).1 }));

    // Across an import.
    let def = c.at("textDocument/definition", &u, pos(MAIN, "shared.orders", 0, 9), json!({}));
    assert_eq!(def["uri"], uri(&dir.join("shared.gw")));
    assert_eq!(def["range"]["start"], json!({ "line": 0, "character": 9 }));

    // Into the standard library.
    let def = c.at("textDocument/definition", &u, pos(MAIN, "std.logging.json", 0, 13), json!({}));
    let target = def["uri"].as_str().unwrap_or("");
    assert!(target.ends_with("logging.gw"), "{def}");
    let path = lsp_types::Url::parse(target).expect("uri").to_file_path().expect("file uri");
    let text = std::fs::read_to_string(path).expect("stdlib copy readable");
    let line = def["range"]["start"]["line"].as_u64().unwrap_or(0) as usize;
    assert!(text.lines().nth(line).unwrap_or("").starts_with("let json ="), "{def}");

    // Every use of `pets`, with and without the declaration.
    let refs =
        c.at("textDocument/references", &u, pos(MAIN, "function pets", 0, 10), json!({ "context": { "includeDeclaration": false } }));
    let lines: Vec<u64> = refs.as_array().expect("array").iter().map(|l| l["range"]["start"]["line"].as_u64().unwrap_or(0)).collect();
    let want: Vec<u64> =
        [pos(MAIN, "lambda_proxy(pets)", 0, 0).0, pos(MAIN, "lambda_proxy(pets)", 1, 0).0].iter().map(|l| *l as u64).collect();
    assert_eq!(lines, want);
    let refs =
        c.at("textDocument/references", &u, pos(MAIN, "lambda_proxy(pets)", 1, 14), json!({ "context": { "includeDeclaration": true } }));
    assert_eq!(refs.as_array().map(Vec::len), Some(3), "{refs}");
    c.shutdown();
}

fn labels(items: &Value) -> Vec<String> {
    items.as_array().expect("completion array").iter().map(|i| i["label"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn completion_offers_what_the_checker_accepts() {
    let (dir, u) = workspace();
    let mut c = Client::start();
    let text = MAIN.replace("    logging = error\n", "    logging = error\n    \n");
    c.open(&u, &text);

    // Properties of a stage, at the blank line inside it.
    let at = pos(&text, "    \n", 0, 4);
    let items = c.at("textDocument/completion", &u, at, json!({}));
    // Properties and blocks (kind 10, Property) come from the checker; keywords (kind 14) do not.
    let props: Vec<String> = items
        .as_array()
        .expect("array")
        .iter()
        .filter(|i| i["kind"] == 10)
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect();
    for p in ["logging", "tracing", "throttle", "access_log", "variables"] {
        assert!(props.contains(&p.to_string()), "{p} missing from {props:?}");
    }
    // Each suggestion is one the checker accepts here, as a property or as a block: inserting it
    // one way or the other gives no E0205 (unknown property or block).
    let lines: Vec<&str> = text.lines().collect();
    let mut version = 2;
    assert!(props.len() >= 5, "{items}");
    for p in &props {
        let accepted = [format!("    {p} = 1"), format!("    {p} {{ }}")].iter().any(|stmt| {
            let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            edited[at.0] = stmt.clone();
            let diags = c.change(&u, version, &(edited.join("\n") + "\n"));
            version += 1;
            !diags.iter().any(|d| d["code"] == "E0205" && d["range"]["start"]["line"] == at.0)
        });
        assert!(accepted, "suggested `{p}` is not accepted in a stage");
    }
    c.change(&u, version, &text);

    // Options of `endpoint = `, and declared names.
    let opts = labels(&c.at("textDocument/completion", &u, pos(&text, "endpoint = ", 0, 11), json!({})));
    for o in ["regional", "edge", "private", "pets", "access", "shared.orders"] {
        assert!(opts.contains(&o.to_string()), "{o} missing from {opts:?}");
    }
    // Keywords at the top level.
    let top = labels(&c.at("textDocument/completion", &u, (3, 0), json!({})));
    assert!(top.contains(&"rest api".to_string()) && top.contains(&"function".to_string()), "{top:?}");
    c.shutdown();
    drop(dir);
}

#[test]
fn formatting_and_symbols() {
    let (dir, u) = workspace();
    let mut c = Client::start();
    let messy = MAIN.replace("  endpoint = regional", "endpoint=regional");
    c.open(&u, &messy);
    let edits =
        c.request("textDocument/formatting", json!({ "textDocument": { "uri": u }, "options": { "tabSize": 2, "insertSpaces": true } }));
    let edits = edits.as_array().expect("edits");
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], MAIN);
    assert_eq!(edits[0]["range"]["start"], json!({ "line": 0, "character": 0 }));

    let syms = c.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": u } }));
    let api = syms.as_array().expect("symbols").iter().find(|s| s["name"] == "petstore").expect("API symbol");
    let children: Vec<&str> = api["children"].as_array().expect("children").iter().map(|s| s["name"].as_str().unwrap_or("")).collect();
    assert_eq!(children, ["users", "GET /pets", "POST /orders", "PUT /pets/{id}", "prod"]);
    c.shutdown();
    drop(dir);
}

const V2: &str = r#"function handler = lambda(name: "notes")
function authz = lambda(name: "authz")

http api notes {
  authorizer users: jwt { issuer = "https://auth.example.com"  audiences = ["client"] }
  vpc_link internal { subnets = ["subnet-1"] }
  GET /notes {
    auth = users
    integration = lambda_proxy(handler)
  }
  ANY /legacy/{proxy+} {
    integration http_proxy { vpc_link = internal  target = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/y/z" }
  }
  stage $default {
    metrics = true
  }
}

websocket api chat {
  authorizer tokens: request { function = authz  identity = [query.token] }
  route $connect {
    auth = tokens
    integration = lambda_proxy(handler)
  }
  route sendMessage { integration = lambda_proxy(handler) }
  stage prod {
    metrics = true
  }
}
"#;

/// Hover, definitions, references, completion and symbols on HTTP and WebSocket APIs.
#[test]
fn http_and_websocket_apis() {
    let dir = TempDir::new("lsp-v2");
    std::fs::write(dir.join("gwc.toml"), "[lint]\nselect = []\n").expect("write gwc.toml");
    std::fs::write(dir.join("v2.gw"), V2).expect("write v2.gw");
    let u = uri(&dir.join("v2.gw"));
    let mut c = Client::start();
    let diags = c.open(&u, V2);
    assert!(diags.is_empty(), "{diags:?}");

    // Hover: a function, an HTTP route and a WebSocket route with what they lower to.
    let md = c.at("textDocument/hover", &u, pos(V2, "lambda_proxy(handler)", 0, 14), json!({}))["contents"]["value"].to_string();
    assert!(md.contains("Lambda function"), "{md}");
    let md = c.at("textDocument/hover", &u, pos(V2, "GET /notes", 0, 5), json!({}))["contents"]["value"].to_string();
    for want in ["GET /notes", "NotesGetRoute", "AWS::ApiGatewayV2::Route", "NotesGetIntegration", "NotesGetPermission"] {
        assert!(md.contains(want), "{want} missing from {md}");
    }
    let md = c.at("textDocument/hover", &u, pos(V2, "route $connect", 0, 8), json!({}))["contents"]["value"].to_string();
    for want in ["$connect", "websocket API `chat`", "ConnectRoute", "ConnectIntegration", "ConnectPermission"] {
        assert!(md.contains(want), "{want} missing from {md}");
    }

    // Definitions and references of authorizers and VPC links.
    for (use_site, decl) in [("auth = users", "users:"), ("auth = tokens", "tokens:"), ("vpc_link = internal", "internal {")] {
        let at = pos(V2, use_site, 0, use_site.len() - 2);
        let def = c.at("textDocument/definition", &u, at, json!({}));
        let want = pos(V2, decl, 0, 0);
        assert_eq!(def["range"]["start"], json!({ "line": want.0, "character": want.1 }), "{use_site}: {def}");
        let refs = c.at("textDocument/references", &u, at, json!({ "context": { "includeDeclaration": false } }));
        assert_eq!(refs.as_array().map(Vec::len), Some(1), "{use_site}: {refs}");
    }

    // Completion inside an HTTP and a WebSocket stage: the kind's stage properties.
    let text = V2.replace("    metrics = true\n", "    metrics = true\n    \n");
    c.change(&u, 2, &text);
    for (nth, has, lacks) in [(0, "access_log", "logging"), (1, "logging", "cache")] {
        let props = labels(&c.at("textDocument/completion", &u, pos(&text, "    \n", nth, 4), json!({})));
        for p in ["throttle", "variables", has] {
            assert!(props.contains(&p.to_string()), "stage {nth}: {p} missing from {props:?}");
        }
        assert!(!props.contains(&lacks.to_string()), "stage {nth}: {lacks} offered in {props:?}");
    }
    // Options of `auth = ` name the API's authorizers.
    let opts = labels(&c.at("textDocument/completion", &u, pos(&text, "auth = users", 0, 7), json!({})));
    assert!(opts.contains(&"users".to_string()), "{opts:?}");

    // Symbols: both APIs with their authorizers, routes, links and stages.
    let syms = c.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": u } }));
    let children = |api: &str| -> Vec<String> {
        let a = syms.as_array().expect("symbols").iter().find(|s| s["name"] == api).expect("API symbol");
        a["children"].as_array().expect("children").iter().map(|s| s["name"].as_str().unwrap_or("").to_string()).collect()
    };
    assert_eq!(children("notes"), ["users", "internal", "GET /notes", "ANY /legacy/{proxy+}", "$default"]);
    assert_eq!(children("chat"), ["tokens", "$connect", "sendMessage", "prod"]);
    c.shutdown();
}

/// The completion of each kind of body offers only what is valid there for the API's kind: no
/// REST-only stage settings in a WebSocket stage, no route methods or request parameter
/// declarations where routes and parameters cannot be.
#[test]
fn completion_offers_only_what_the_block_and_kind_allow() {
    const TEXT: &str = r#"function handler = lambda(name: "notes")

rest api shop {
  //API
  GET /items {
    //ROUTE
    integration = lambda_proxy(handler)
  }
  stage prod {
    //STAGE
  }
}

http api notes {
  //API
  GET /notes {
    //ROUTE
    integration = lambda_proxy(handler)
  }
  stage $default {
    //STAGE
  }
}

websocket api chat {
  //API
  route $default {
    //ROUTE
    integration = lambda_proxy(handler)
  }
  stage prod {
    //STAGE
  }
}
"#;
    let dir = TempDir::new("lsp-kinds");
    std::fs::write(dir.join("gwc.toml"), "[lint]\nselect = []\n").expect("write gwc.toml");
    let text = TEXT.replace("//API", "").replace("//ROUTE", "").replace("//STAGE", "");
    std::fs::write(dir.join("kinds.gw"), &text).expect("write kinds.gw");
    let u = uri(&dir.join("kinds.gw"));
    let mut c = Client::start();
    let diags = c.open(&u, &text);
    assert!(diags.is_empty(), "{diags:?}");
    let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"];
    let params = ["path", "query", "header"];
    let rest_stage = ["cache", "canary", "web_acl", "tracing"];
    // (marker, API: 0 REST, 1 HTTP, 2 WebSocket, offered, not offered)
    let cases: Vec<(&str, usize, Vec<&str>, Vec<&str>)> = vec![
        ("//API", 0, [&["use"][..], &methods].concat(), [&params[..], &["stage_variables"]].concat()),
        ("//API", 1, [&["use", "route"][..], &methods].concat(), params.to_vec()),
        ("//API", 2, vec!["use", "route", "route_selection"], [&methods[..], &params].concat()),
        ("//ROUTE", 0, [&params[..], &["integration", "cache"]].concat(), [&methods[..], &["use"]].concat()),
        ("//ROUTE", 1, vec!["integration", "auth"], [&methods[..], &params, &["use", "cache"]].concat()),
        ("//ROUTE", 2, vec!["integration", "auth"], [&methods[..], &params, &["use", "cache"]].concat()),
        ("//STAGE", 0, [&rest_stage[..], &["throttle", "logging"]].concat(), [&methods[..], &params, &["use"]].concat()),
        ("//STAGE", 1, vec!["throttle", "access_log"], [&methods[..], &params, &rest_stage, &["use", "logging"]].concat()),
        ("//STAGE", 2, vec!["throttle", "logging", "client_certificate"], [&methods[..], &params, &rest_stage, &["use"]].concat()),
    ];
    for (marker, nth, offered, absent) in cases {
        // The marker's line in TEXT is the same blank line in `text`.
        let (line, _) = pos(TEXT, marker, nth, 0);
        let got = labels(&c.at("textDocument/completion", &u, (line, 4), json!({})));
        for want in &offered {
            assert!(got.contains(&want.to_string()), "{marker} #{nth}: {want} missing from {got:?}");
        }
        for not in &absent {
            assert!(!got.contains(&not.to_string()), "{marker} #{nth}: {not} offered in {got:?}");
        }
    }
    c.shutdown();
}
