//! HTTP and WebSocket APIs deploy as written: structural guarantees of every v2 template the
//! examples produce (Lambda permissions scoped to the API for every integration and authorizer,
//! full invocation URIs, auto-deployed HTTP stages that wait for their routes, a WebSocket
//! Deployment that depends on every route and changes with the API, authorizers only on
//! `$connect`), and that the checker enforces the kind capability matrix.

mod common;

use common::{examples, stem};
use gwc::model::{ApiKind, Program};
use gwc::source::{FsLoader, SourceMap};
use serde_json::Value;

fn compile(path: &std::path::Path) -> Program {
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile(path, &FsLoader, &mut sources).expect("loads");
    assert!(checked.diagnostics.is_empty(), "{}: {:?}", path.display(), checked.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
    checked.program
}

fn compile_text(text: &str) -> gwc::check::Checked {
    let mut sources = SourceMap::default();
    gwc::check::compile_str("test.gw", text, &mut sources)
}

/// Every (example, API name, template) of an HTTP or WebSocket API.
fn v2_templates() -> Vec<(String, ApiKind, Value)> {
    let mut out = Vec::new();
    for path in examples() {
        let program = compile(&path);
        for api in program.apis.iter().filter(|a| a.kind != ApiKind::Rest) {
            out.push((format!("{} ({})", stem(&path), api.name), api.kind, gwc::emit::cloudformation::template(&program, api)));
        }
    }
    assert!(out.iter().filter(|(_, k, _)| *k == ApiKind::Http).count() >= 3, "expected at least three HTTP API examples");
    assert!(out.iter().filter(|(_, k, _)| *k == ApiKind::Websocket).count() >= 2, "expected at least two WebSocket API examples");
    out
}

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"].as_object().expect("Resources").iter().filter(|(_, r)| r["Type"] == ty).collect()
}

/// The `Fn::Sub` text of a value (or its plain string).
fn sub(v: &Value) -> String {
    v.get("Fn::Sub").and_then(Value::as_str).or_else(|| v.as_str()).unwrap_or_default().to_string()
}

#[test]
fn every_lambda_integration_and_authorizer_has_a_scoped_permission() {
    for (what, kind, t) in v2_templates() {
        let permissions: Vec<String> =
            of_type(&t, "AWS::Lambda::Permission").iter().map(|(_, p)| sub(&p["Properties"]["SourceArn"])).collect();
        for p in &permissions {
            assert!(p.contains(":${Api}/"), "{what}: permission not scoped to the API: {p}");
            assert!(!p.ends_with(":${Api}/*") && !p.ends_with("/*/*"), "{what}: permission for the whole API: {p}");
        }
        for (id, i) in of_type(&t, "AWS::ApiGatewayV2::Integration") {
            let props = &i["Properties"];
            let uri = sub(&props["IntegrationUri"]);
            if !uri.contains(":lambda:path/") {
                continue;
            }
            assert!(
                uri.ends_with("/invocations") && uri.contains("/functions/arn:"),
                "{what}: {id}: Lambda URI is not the full invocation form: {uri}"
            );
            if props.get("CredentialsArn").is_some() {
                continue;
            }
            let route = of_type(&t, "AWS::ApiGatewayV2::Route")
                .into_iter()
                .find(|(_, r)| sub(&r["Properties"]["Target"]) == format!("integrations/${{{id}}}"))
                .unwrap_or_else(|| panic!("{what}: no route targets {id}"));
            let key = route.1["Properties"]["RouteKey"].as_str().expect("RouteKey");
            let scope = match (kind, key.split_once(' ')) {
                (ApiKind::Http, Some((method, path))) => {
                    let path: Vec<&str> =
                        path.trim_start_matches('/').split('/').map(|s| if s.starts_with('{') { "*" } else { s }).collect();
                    format!("/*/{}/{}", if method == "ANY" { "*" } else { method }, path.join("/"))
                }
                _ => format!("/*/{key}"),
            };
            assert!(
                permissions.iter().any(|p| p.ends_with(&scope)),
                "{what}: route `{key}` has no permission scoped to `{scope}`: {permissions:?}"
            );
        }
        for (id, a) in of_type(&t, "AWS::ApiGatewayV2::Authorizer") {
            if a["Properties"]["AuthorizerType"] == "REQUEST" && a["Properties"].get("AuthorizerCredentialsArn").is_none() {
                let scope = format!("/authorizers/${{{id}}}");
                assert!(permissions.iter().any(|p| p.ends_with(&scope)), "{what}: authorizer {id} has no permission");
            }
        }
    }
}

#[test]
fn stages_deploy_what_the_template_declares() {
    for (what, kind, t) in v2_templates() {
        let routes: Vec<&String> = of_type(&t, "AWS::ApiGatewayV2::Route").into_iter().map(|(id, _)| id).collect();
        let depends = |r: &Value| -> Vec<String> {
            r["DependsOn"].as_array().map(|a| a.iter().filter_map(|d| d.as_str().map(str::to_string)).collect()).unwrap_or_default()
        };
        let deployments = of_type(&t, "AWS::ApiGatewayV2::Deployment");
        for (id, s) in of_type(&t, "AWS::ApiGatewayV2::Stage") {
            match kind {
                ApiKind::Http => {
                    assert_eq!(s["Properties"]["AutoDeploy"], true, "{what}: {id} is not auto-deployed");
                    assert!(deployments.is_empty(), "{what}: an HTTP API with an explicit deployment");
                    for r in &routes {
                        assert!(depends(s).contains(r), "{what}: {id} does not wait for {r}");
                    }
                }
                _ => {
                    assert!(s["Properties"].get("AutoDeploy").is_none(), "{what}: WebSocket stage {id} auto-deploys");
                    let d = s["Properties"]["DeploymentId"]["Ref"].as_str().expect("a WebSocket stage names its deployment");
                    assert!(d.starts_with("Deployment") && d.len() == "Deployment".len() + 10, "{what}: deployment ID {d} carries no hash");
                }
            }
        }
        if kind == ApiKind::Websocket {
            assert_eq!(deployments.len(), 1, "{what}: one deployment");
            let on = depends(deployments[0].1);
            for r in &routes {
                assert!(on.contains(r), "{what}: the deployment does not wait for {r}");
            }
            for (id, _) in
                of_type(&t, "AWS::ApiGatewayV2::RouteResponse").into_iter().chain(of_type(&t, "AWS::ApiGatewayV2::IntegrationResponse"))
            {
                assert!(on.contains(id), "{what}: the deployment does not wait for {id}");
            }
            for (id, r) in of_type(&t, "AWS::ApiGatewayV2::Route") {
                let key = r["Properties"]["RouteKey"].as_str().unwrap_or_default();
                if key != "$connect" {
                    assert_eq!(r["Properties"]["AuthorizationType"], "NONE", "{what}: {id} ({key}) is authorized");
                }
            }
        }
    }
}

const CHAT: &str = r#"
function h = lambda(name: "h")
websocket api chat {
  route $connect { integration = lambda_proxy(h) }
  route $default { integration = lambda_proxy(h) }
  stage prod {}
}
"#;

fn deployment_id(text: &str) -> String {
    let checked = compile_text(text);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
    let t = gwc::emit::cloudformation::template(&checked.program, &checked.program.apis[0]);
    of_type(&t, "AWS::ApiGatewayV2::Deployment").first().map(|(id, _)| id.to_string()).expect("a deployment")
}

#[test]
fn the_websocket_deployment_changes_with_the_api_only() {
    let base = deployment_id(CHAT);
    assert_eq!(base, deployment_id(CHAT), "deterministic");
    let added = CHAT.replace("  stage prod {}", "  route send { integration = lambda_proxy(h) }\n  stage prod {}");
    assert_ne!(base, deployment_id(&added), "a new route must redeploy");
    let retimed =
        CHAT.replace("route $default { integration = lambda_proxy(h) }", "route $default { integration = lambda_proxy(h, timeout: 5s) }");
    assert_ne!(base, deployment_id(&retimed), "a changed integration must redeploy");
    let staged = CHAT.replace("stage prod {}", "stage prod { throttle { rate = 5/s  burst = 10 } }");
    assert_eq!(base, deployment_id(&staged), "stage settings are not part of the deployment");
}

/// Usage plans and API keys are REST's and WebSocket's (API Gateway meters WebSocket API keys
/// through REST usage plans): on an HTTP API they are E0408 naming both kinds.
#[test]
fn usage_plans_are_rest_and_websocket() {
    let plan = "api_key k {}\n  usage_plan basic { stages = [prod]  keys = [k] }";
    let http = compile_text(&format!(
        "function h = lambda(name: \"h\")\nhttp api a {{\n  {plan}\n  GET /x {{ integration = lambda_proxy(h) }}\n  stage prod {{}}\n}}\n"
    ));
    let codes: Vec<(&str, &str)> = http.diagnostics.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert!(
        codes.len() == 2 && codes.iter().all(|(c, m)| *c == "E0408" && m.ends_with("only available on REST and WebSocket APIs")),
        "http: {codes:?}"
    );
    let ws = compile_text(&format!("function h = lambda(name: \"h\")\nwebsocket api a {{\n  {plan}\n  route $connect {{ api_key_required = true  integration = lambda_proxy(h) }}\n  stage prod {{}}\n}}\n"));
    assert!(!ws.has_errors(), "websocket: {:?}", ws.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
    let api = &ws.program.apis[0];
    assert_eq!((api.usage_plans.len(), api.api_keys.len()), (1, 1));
}

/// Every REST-only feature of the issue's matrix, on an HTTP and a WebSocket API, is E0408 and
/// its message names REST.
#[test]
fn rest_only_features_name_rest() {
    let features = [
        ("route", "cache { ttl = 5m }"),
        ("route", "validate = all"),
        ("stage", "web_acl = \"arn:aws:wafv2:us-east-1:1:regional/webacl/x/y\""),
        ("stage", "tracing = true"),
        ("stage", "canary { traffic = 10% }"),
    ];
    for kind in ["http", "websocket"] {
        for (place, feature) in features {
            let (api, route, stage) = match place {
                "api" => (feature, "", ""),
                "route" => ("", feature, ""),
                _ => ("", "", feature),
            };
            let key = if kind == "http" { "GET /x" } else { "route $default" };
            let text = format!("function h = lambda(name: \"h\")\n{kind} api a {{\n  {api}\n  {key} {{ {route}  integration = lambda_proxy(h) }}\n  stage prod {{ {stage} }}\n}}\n");
            let checked = compile_text(&text);
            let codes: Vec<(&str, &str)> = checked.diagnostics.iter().map(|d| (d.code, d.message.as_str())).collect();
            assert!(
                codes.len() == 1 && codes[0].0 == "E0408" && codes[0].1.ends_with("only available on REST APIs"),
                "{kind}: `{feature}` gave {codes:?}"
            );
        }
    }
}
