//! Cross-check with checkov (PyPI, installed into `.venv-checkov` by scripts/oracles/checkov.sh):
//! gwc's linter must report a superset of what checkov reports on the CloudFormation gwc emits.
//!
//! Fixtures: every example, the lint fixtures, tests/fixtures/checkov/, and the Example and Use
//! instead programs of every rule's documentation. Each is built with `gwc build --format json`
//! into its own folder of one temporary directory, and checkov scans that directory in ONE call
//! (its start-up alone takes seconds). Then:
//!
//! - every checkov failure maps (through the rules' `checkov:` anchors) to a gwc rule that fires,
//!   with every rule enabled, on the same API and, for stages, methods and V2 routes, on the same
//!   node; known differences are listed in [`EXPECTED`] with their reason;
//! - every API Gateway check id checkov evaluates is anchored by a rule (or listed as expected);
//! - in-source suppressions reach checkov: a check excused by `// gwc: allow` is reported
//!   skipped (from the resource's `Metadata.checkov.skip`), never failed;
//! - so do routes public by intent: route-without-auth is silent on `auth = none`, and checkov
//!   reports its CKV_AWS_59 skipped there, with the comment gwc wrote.

mod common;

use common::{examples, gwc, manifest_dir, run, TempDir};
use gwc::lint::registry::{doc_section, fenced_blocks, rules};
use gwc::lint::{Config, Node};
use gwc::model::{Program, RouteKey};
use gwc::source::{FsLoader, SourceMap};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// checkov findings gwc deliberately does not match, each with its reason. The predicate gets
/// the program, the API index and the node the finding was mapped to.
///
/// The scanner quirks of lint-rules.md cannot show up as failures here: checkov's CKV_AWS_59
/// passes a Method whose `AuthorizationType` is omitted (gwc always writes it) and passes one
/// that only requires an API key (gwc still reports it: a key is not authentication), both
/// false negatives of checkov, which a superset check tolerates; the Terraform-only quirks
/// (CKV_AWS_309 on WebSocket messages, CKV2_AWS_51 on HTTP API stages) concern checks that
/// checkov has no CloudFormation version of.
///
/// None today: a route written `auth = none` (public on purpose, where route-without-auth is
/// silent by design) carries checkov skips of that rule's checks into its Method's Metadata.
type Expected = (&'static str, &'static str, fn(&Program, usize, Node) -> bool);
const EXPECTED: &[Expected] = &[];

fn oracles_required() -> bool {
    matches!(std::env::var("GWC_REQUIRE_ORACLES").as_deref().map(str::trim), Ok("1") | Ok("true") | Ok("yes"))
}

fn checkov() -> Option<PathBuf> {
    std::env::var_os("GWC_CHECKOV").filter(|v| !v.is_empty()).map(PathBuf::from).or_else(|| {
        let p = manifest_dir().join(".venv-checkov/bin/checkov");
        p.is_file().then_some(p)
    })
}

/// One program of the fixture set, compiled and linted with every rule on.
struct Fixture {
    name: String,
    program: Program,
    /// (rule code, API index, node) of every finding, before suppressions.
    fired: BTreeSet<(&'static str, usize, Node)>,
    carried: Vec<gwc::lint::carry::Carried>,
    /// (API index, route node, rule) of every route declared public (`auth = none`).
    public: Vec<(usize, Node, &'static gwc::lint::RuleMeta)>,
}

/// The `.gw` programs of the fixture set, as (name, path) after writing doc programs to `dir`.
fn fixture_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = examples().into_iter().map(|p| (format!("example-{}", common::stem(&p)), p)).collect();
    for sub in ["tests/fixtures/lint", "tests/fixtures/checkov"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join(sub))
            .unwrap_or_else(|e| panic!("{sub}: {e}"))
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "gw"))
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|p| (format!("{}-{}", sub.rsplit('/').next().unwrap_or(sub), common::stem(&p)), p)));
    }
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("mkdir");
    for rule in rules() {
        for (what, heading) in [("example", "Example"), ("fixed", "Use instead")] {
            let Some(section) = doc_section(rule, heading) else { continue };
            for (n, program) in fenced_blocks(&section, "gw").into_iter().enumerate() {
                let name = format!("{}-{what}-{n}", rule.code);
                let path = docs.join(format!("{name}.gw"));
                std::fs::write(&path, program).expect("write doc program");
                out.push((name, path));
            }
        }
    }
    out
}

/// None for an example that does not compile (tests/examples.rs fails on it; a fixture or doc
/// program that does not compile fails here).
fn compile_and_lint(name: &str, path: &Path) -> Option<Fixture> {
    let mut sources = SourceMap::default();
    let checked = gwc::check::compile(path, &FsLoader, &mut sources).unwrap_or_else(|e| panic!("{name}: cannot load: {e:?}"));
    if checked.has_errors() {
        let messages: Vec<&String> = checked.diagnostics.iter().map(|d| &d.message).collect();
        assert!(name.starts_with("example-"), "{name}: the fixture does not compile: {messages:?}");
        eprintln!("{name}: does not compile, left out of the checkov cross-check (tests/examples.rs reports it): {messages:?}");
        return None;
    }
    let mut config = Config::default();
    config.apply_cli(&["ALL".to_string()], &[]).expect("select ALL");
    let settings = config.resolve(Some(path));
    let fired = gwc::lint::findings(&checked.program, &settings).into_iter().map(|f| (f.rule.code, f.api, f.node)).collect();
    let carried = gwc::lint::carry::carried(&checked.program, &sources);
    let public = checked
        .program
        .apis
        .iter()
        .enumerate()
        .flat_map(|(a, api)| gwc::lint::carry::declared_public(api).into_iter().map(move |(i, rule)| (a, Node::Route(i), rule)))
        .collect();
    Some(Fixture { name: name.to_string(), program: checked.program, fired, carried, public })
}

/// The full path (`/pets/{id}`) of an `AWS::ApiGateway::Resource`.
fn resource_path(resources: &serde_json::Map<String, Value>, id: &str) -> Option<String> {
    let r = resources.get(id)?;
    let part = r["Properties"]["PathPart"].as_str()?;
    let base = match r["Properties"]["ParentId"]["Ref"].as_str() {
        Some(parent) => resource_path(resources, parent)?,
        None => String::new(),
    };
    Some(format!("{base}/{part}"))
}

/// The Model node a template resource lowers, where it can be told (else the API itself).
fn node_of(program: &Program, api: usize, template: &Value, logical_id: &str) -> Node {
    let resources = template["Resources"].as_object().expect("Resources");
    let r = &resources[logical_id];
    let props = &r["Properties"];
    let a = &program.apis[api];
    match r["Type"].as_str().unwrap_or("") {
        "AWS::ApiGateway::Stage" | "AWS::ApiGatewayV2::Stage" => {
            let name = props["StageName"].as_str();
            a.stages.iter().position(|s| Some(s.name.as_str()) == name).map(Node::Stage).unwrap_or(Node::Api)
        }
        "AWS::ApiGateway::Method" => {
            let path = match props["ResourceId"]["Ref"].as_str() {
                Some(res) => resource_path(resources, res),
                None => Some("/".to_string()),
            };
            let method = props["HttpMethod"].as_str();
            a.routes
                .iter()
                .position(
                    |r| matches!(&r.key, RouteKey::Http { method: m, path: p } if Some(m.as_str()) == method && Some(p.text()) == path),
                )
                .map(Node::Route)
                .unwrap_or(Node::Api)
        }
        "AWS::ApiGatewayV2::Route" => {
            let key = props["RouteKey"].as_str();
            a.routes.iter().position(|r| Some(gwc::lint::route_name(r).as_str()) == key).map(Node::Route).unwrap_or(Node::Api)
        }
        _ => Node::Api,
    }
}

/// The comment checkov read with each skipped check: (check id, file, logical ID) → comment.
fn skip_comments(doc: &Value) -> std::collections::BTreeMap<(String, String, String), String> {
    let reports: Vec<&Value> = match doc {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let mut out = std::collections::BTreeMap::new();
    for r in reports {
        for c in r["results"]["skipped_checks"].as_array().into_iter().flatten() {
            let resource = c["resource"].as_str().unwrap_or("");
            let id = resource.rsplit_once('.').map_or(resource, |(_, id)| id);
            let file = c["file_path"].as_str().unwrap_or("").trim_start_matches('/').to_string();
            let comment = c["check_result"]["suppress_comment"].as_str().unwrap_or("").to_string();
            out.insert((c["check_id"].as_str().unwrap_or("").to_string(), file, id.to_string()), comment);
        }
    }
    out
}

/// The rules that cover a checkov id, by their anchors.
fn rules_for(check: &str) -> Vec<&'static str> {
    let anchor = format!("checkov:{check}");
    rules().iter().filter(|r| r.anchors.contains(&anchor.as_str())).map(|r| r.code).collect()
}

/// One checkov result: (check id, template file relative to the scanned dir, logical ID, type).
fn results(doc: &Value, kind: &str) -> Vec<(String, String, String, String)> {
    let reports: Vec<&Value> = match doc {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for r in reports {
        for c in r["results"][kind].as_array().into_iter().flatten() {
            let resource = c["resource"].as_str().unwrap_or("");
            let (ty, id) = resource.rsplit_once('.').unwrap_or(("", resource));
            let file = c["file_path"].as_str().unwrap_or("").trim_start_matches('/').to_string();
            out.push((c["check_id"].as_str().unwrap_or("").to_string(), file, id.to_string(), ty.to_string()));
        }
    }
    out
}

#[test]
fn gwc_reports_a_superset_of_checkov_and_carries_suppressions() {
    let Some(checkov) = checkov() else {
        assert!(!oracles_required(), "GWC_REQUIRE_ORACLES=1 but checkov is missing (scripts/oracles/checkov.sh)");
        eprintln!("checkov not installed: checkov cross-check SKIPPED (run scripts/test)");
        return;
    };
    let tmp = TempDir::new("checkov");
    let out = tmp.join("cfn");
    let mut fixtures = Vec::new();
    for (name, path) in fixture_files(tmp.path()) {
        let Some(fixture) = compile_and_lint(&name, &path) else { continue };
        if fixture.program.apis.is_empty() {
            continue; // a module of shared declarations: nothing to build
        }
        let r = run(gwc().args(["build", "--format", "json", "--out"]).arg(out.join(&name)).arg(&path));
        assert_eq!(r.code(), Some(0), "{name}: gwc build failed:\n{r}");
        fixtures.push(fixture);
    }
    assert!(fixtures.len() > 100, "the fixture set is the examples, the lint fixtures and every rule's doc programs");

    let started = std::time::Instant::now();
    let r = run(Command::new(&checkov)
        .arg("-d")
        .arg(&out)
        .args(["--framework", "cloudformation", "--skip-download", "--output", "json", "--compact"])
        .env("LOG_LEVEL", "WARNING"));
    eprintln!("checkov scanned {} fixtures in {:.1?}", fixtures.len(), started.elapsed());
    assert!(matches!(r.code(), Some(0) | Some(1)), "checkov crashed:\n{r}");
    let doc: Value = serde_json::from_str(&r.stdout_str()).unwrap_or_else(|e| panic!("checkov output is not JSON ({e}):\n{r}"));
    let reports: Vec<&Value> = match &doc {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for rep in &reports {
        assert_eq!(rep["summary"]["parsing_errors"], 0, "checkov could not parse some templates:\n{}", rep["summary"]);
    }
    let failed = results(&doc, "failed_checks");
    let passed = results(&doc, "passed_checks");
    let skipped = results(&doc, "skipped_checks");

    // checkov really scanned every template.
    let scanned: BTreeSet<&str> = failed.iter().chain(&passed).chain(&skipped).map(|(_, f, _, _)| f.as_str()).collect();
    for f in &fixtures {
        for api in &f.program.apis {
            let file = format!("{}/{}.cfn.json", f.name, api.name);
            assert!(scanned.contains(file.as_str()), "checkov reported nothing on {file}: was it scanned?");
        }
    }

    // Every API Gateway check checkov evaluates is anchored by a rule.
    let mut problems = Vec::new();
    let evaluated: BTreeSet<(&str, &str)> =
        failed.iter().chain(&passed).chain(&skipped).map(|(c, _, _, ty)| (c.as_str(), ty.as_str())).collect();
    for (check, ty) in &evaluated {
        if ty.starts_with("AWS::ApiGateway") && rules_for(check).is_empty() {
            problems.push(format!("checkov {check} (on {ty}) is anchored by no gwc rule: add it to the covering rule's `anchors`"));
        }
    }

    // The superset: every failure is matched by a rule that fired on the same API and node.
    let mut matched = BTreeSet::new();
    let mut expected_seen = BTreeSet::new();
    let by_name = |f: &str| fixtures.iter().find(|x| x.name == f);
    for (check, file, logical_id, ty) in &failed {
        let (dir, base) = file.split_once('/').unwrap_or(("", file));
        let Some(fixture) = by_name(dir) else {
            problems.push(format!("{check} on {file}: not a template of the fixture set"));
            continue;
        };
        let api_name = base.trim_end_matches(".cfn.json");
        let api = fixture.program.apis.iter().position(|a| a.name == api_name).expect("API of the template");
        let template: Value = serde_json::from_str(&std::fs::read_to_string(out.join(file)).expect("template")).expect("template JSON");
        let node = node_of(&fixture.program, api, &template, logical_id);
        if let Some((_, why, _)) = EXPECTED.iter().find(|(c, _, applies)| c == check && applies(&fixture.program, api, node)) {
            expected_seen.insert((check.clone(), *why));
            continue;
        }
        let covering = rules_for(check);
        let hit = fixture.fired.iter().any(|(code, a, n)| covering.contains(code) && *a == api && (node == Node::Api || *n == node));
        if hit {
            matched.insert(check.clone());
        } else {
            problems.push(format!(
                "checkov {check} fails on {ty} {logical_id} ({file}) but no gwc rule covering it ({covering:?}) fired on {node:?} of API `{api_name}`"
            ));
        }
        if fixture.carried.iter().any(|c| c.api == api && c.node == node && rules_for(check).contains(&c.rule.code)) {
            problems.push(format!("{check} on {logical_id} ({file}) is suppressed in the source, yet checkov reports it failed"));
        }
        if fixture.public.iter().any(|(a, n, rule)| *a == api && *n == node && rules_for(check).contains(&rule.code)) {
            problems
                .push(format!("{check} on {logical_id} ({file}) concerns a route declared `auth = none`, yet checkov reports it failed"));
        }
    }
    for (check, why) in &expected_seen {
        eprintln!("expected difference: {check}: {why}");
    }

    // Suppressions reach checkov: each suppressed finding's checkov ids are skipped on its node.
    let mut skips_checked = 0;
    for f in &fixtures {
        for c in &f.carried {
            if !f.fired.contains(&(c.rule.code, c.api, c.node)) {
                continue;
            }
            for check in gwc::lint::carry::scanner_ids(c.rule, "checkov") {
                let file = format!("{}/{}.cfn.json", f.name, f.program.apis[c.api].name);
                let template: Value = serde_json::from_str(&std::fs::read_to_string(out.join(&file)).expect("template")).expect("JSON");
                let evaluated_here: Vec<&(String, String, String, String)> = failed
                    .iter()
                    .chain(&passed)
                    .chain(&skipped)
                    .filter(|(id, fl, lid, _)| id == check && *fl == file && node_of(&f.program, c.api, &template, lid) == c.node)
                    .collect();
                for res in evaluated_here {
                    skips_checked += 1;
                    if !skipped.contains(res) {
                        problems.push(format!("{check} on {} ({file}) is suppressed in the source but checkov did not skip it", res.2));
                    }
                }
            }
        }
    }

    // Routes declared public reach checkov: their rule's checkov ids are skipped, with gwc's comment.
    let comments = skip_comments(&doc);
    let mut public_checked = 0;
    for f in &fixtures {
        for &(api, node, rule) in &f.public {
            let file = format!("{}/{}.cfn.json", f.name, f.program.apis[api].name);
            let template: Value = serde_json::from_str(&std::fs::read_to_string(out.join(&file)).expect("template")).expect("JSON");
            for check in gwc::lint::carry::scanner_ids(rule, "checkov") {
                let evaluated_here = failed
                    .iter()
                    .chain(&passed)
                    .chain(&skipped)
                    .filter(|(id, fl, lid, _)| id == check && *fl == file && node_of(&f.program, api, &template, lid) == node);
                for res in evaluated_here {
                    public_checked += 1;
                    let comment = comments.get(&(res.0.clone(), res.1.clone(), res.2.clone()));
                    if comment.map(String::as_str) != Some(gwc::lint::carry::DECLARED_PUBLIC) {
                        problems.push(format!(
                            "{check} on {} ({file}) concerns a route declared `auth = none`, but checkov did not skip it with gwc's comment (skip comment: {comment:?})",
                            res.2
                        ));
                    }
                }
            }
        }
    }
    eprintln!(
        "checkov failures matched by gwc rules: {matched:?}; suppressed checks checkov skipped: {skips_checked}; checks skipped on routes declared public: {public_checked}"
    );
    assert!(skips_checked >= 4, "tests/fixtures/checkov/suppressed.gw excuses at least 4 checkov checks; checked {skips_checked}");
    assert!(
        public_checked >= 3,
        "the examples and tests/fixtures/checkov/suppressed.gw declare REST routes `auth = none`; checked {public_checked}"
    );
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    assert!(
        matched.len() >= 5,
        "the fixtures exercise at least 5 of checkov's CloudFormation API Gateway checks, matched only {matched:?}"
    );
}

#[test]
fn suppressions_become_scanner_metadata() {
    let tmp = TempDir::new("checkov-meta");
    let fixture = manifest_dir().join("tests/fixtures/checkov/suppressed.gw");
    let r = run(gwc().args(["build", "--format", "json", "--out"]).arg(tmp.path()).arg(&fixture));
    assert_eq!(r.code(), Some(0), "{r}");
    let read = |name: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(tmp.join(name)).expect("template")).expect("JSON") };
    let rest = read("kiosk.cfn.json");
    let res = &rest["Resources"];
    let skips = |id: &str| -> Vec<String> {
        res[id]["Metadata"]["checkov"]["skip"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| s["id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(skips("ScreenGetMethod"), ["CKV_AWS_59", "CKV_AWS_309"], "{}", res["ScreenGetMethod"]);
    assert!(res["OrdersPostMethod"].get("Metadata").is_none(), "the unsuppressed route carries nothing: {}", res["OrdersPostMethod"]);
    assert_eq!(skips("DemoStage"), ["CKV_AWS_76", "CKV_AWS_95", "CKV_AWS_73"], "{}", res["DemoStage"]);
    assert!(res["ProdStage"].get("Metadata").is_none(), "{}", res["ProdStage"]);
    let meta = &res["ScreenGetMethod"]["Metadata"];
    assert_eq!(meta["checkov"]["skip"][0]["comment"], "gwc: allow route-without-auth -- the kiosk screen is served to anonymous visitors");
    assert_eq!(meta["cfn_nag"]["rules_to_suppress"][0]["id"], "W59");
    assert!(meta["cfn_nag"]["rules_to_suppress"][0]["reason"].as_str().is_some_and(|r| r.contains("anonymous visitors")));
    let stage = &res["DemoStage"]["Metadata"];
    let ignored: Vec<&str> =
        stage["cfn-lint"]["config"]["ignore_checks"].as_array().expect("ignore_checks").iter().filter_map(Value::as_str).collect();
    assert_eq!(ignored, ["ES2000", "WS2002"], "serverless-rules (a cfn-lint plugin) read cfn-lint's ignore_checks");
    let http = read("kiosk_events.cfn.json");
    let live =
        http["Resources"].as_object().expect("Resources").values().find(|r| r["Type"] == "AWS::ApiGatewayV2::Stage").expect("V2 stage");
    let ids: Vec<&str> = live["Metadata"]["checkov"]["skip"].as_array().expect("skip").iter().filter_map(|s| s["id"].as_str()).collect();
    assert!(ids.contains(&"CKV_AWS_95"), "{live}");
}

#[test]
fn routes_declared_public_skip_the_authless_checks() {
    let tmp = TempDir::new("checkov-public");
    let fixture = manifest_dir().join("tests/fixtures/checkov/suppressed.gw");
    let r = run(gwc().args(["build", "--format", "json", "--out"]).arg(tmp.path()).arg(&fixture));
    assert_eq!(r.code(), Some(0), "{r}");
    let read = |name: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(tmp.join(name)).expect("template")).expect("JSON") };
    let public = gwc::lint::carry::DECLARED_PUBLIC;
    let rest = read("kiosk.cfn.json");
    let methods: Vec<&Value> =
        rest["Resources"].as_object().expect("Resources").values().filter(|r| r["Type"] == "AWS::ApiGateway::Method").collect();
    let menu = &rest["Resources"]["MenuGetMethod"];
    assert_eq!(menu["Properties"]["AuthorizationType"], "NONE", "{menu}");
    let skip = &menu["Metadata"]["checkov"]["skip"];
    let ids: Vec<&str> = skip.as_array().expect("checkov skips").iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, ["CKV_AWS_59", "CKV_AWS_309"], "{menu}");
    assert!(skip.as_array().into_iter().flatten().all(|s| s["comment"] == public), "{menu}");
    assert_eq!(menu["Metadata"]["cfn_nag"]["rules_to_suppress"], serde_json::json!([{ "id": "W59", "reason": public }]), "{menu}");
    assert!(menu["Metadata"].get("cfn-lint").is_none(), "cfn-lint has no authless-method rule: {menu}");
    // The preflights `cors` generates are authless by construction, not declared public.
    let preflights: Vec<&&Value> = methods.iter().filter(|m| m["Properties"]["HttpMethod"] == "OPTIONS").collect();
    assert_eq!(preflights.len(), 3, "one preflight per path");
    for m in preflights {
        assert!(m.get("Metadata").is_none(), "a generated preflight carries no skip: {m}");
    }
    // An HTTP API route declared public carries the same skips on its V2 Route.
    let http = read("kiosk_events.cfn.json");
    let routes: Vec<&Value> =
        http["Resources"].as_object().expect("Resources").values().filter(|r| r["Type"] == "AWS::ApiGatewayV2::Route").collect();
    let status = routes.iter().find(|r| r["Properties"]["RouteKey"] == "GET /status").expect("GET /status route");
    assert_eq!(status["Metadata"]["checkov"]["skip"][0], serde_json::json!({ "id": "CKV_AWS_59", "comment": public }), "{status}");
    let events = routes.iter().find(|r| r["Properties"]["RouteKey"] == "GET /events").expect("GET /events route");
    assert!(events.get("Metadata").is_none(), "an IAM-authorized route carries nothing: {events}");
}
