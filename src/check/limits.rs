//! Checks what the generated CloudFormation must fit in: at most 500 resources per template.

use super::Cx;
use crate::diag::Diagnostic;
use crate::model::{Api, ApiKind, LoggingRole, Program, RouteKey};

/// CloudFormation's limit on resources in one template.
pub const MAX_RESOURCES: usize = 500;

impl Cx<'_> {
    /// Counts the resources the API lowers to and reports a template past the limit, before
    /// anyone tries to deploy it.
    pub(crate) fn check_template_size(&mut self, api: &Api) {
        let count = resource_count(&self.program, api);
        if count <= MAX_RESOURCES {
            return;
        }
        let routes = api.routes.len();
        let d = Diagnostic::error("E0430", api.span, format!("API `{}` needs {count} CloudFormation resources; a template holds at most {MAX_RESOURCES}", api.name))
            .label(format!("{count} resources from {routes} routes"))
            .help(if api.kind == crate::model::ApiKind::Rest {
                "build it with `gwc build --openapi-body` (the RestApi carries its OpenAPI definition as `Body`: no resource per route or method), split the API into several APIs (for example one per top-level path, under one custom domain with a `base_path` each), or serve a subtree with one `ANY /prefix/{proxy+}` route"
            } else {
                "split the API into several APIs (for example one per top-level path, under one custom domain with a `base_path` each), or serve a subtree with one `ANY /prefix/{proxy+}` route"
            });
        self.diags.push(d);
    }
}

/// How many resources the CloudFormation template of `api` holds. REST APIs are counted from the
/// Model (lowering them just to count was a fifth of `gwc check` on large APIs); the tests below
/// hold the count equal to what `emit::cloudformation::rest::lower` emits. HTTP and WebSocket
/// APIs are lowered and counted.
fn resource_count(program: &Program, api: &Api) -> usize {
    match api.kind {
        ApiKind::Rest => rest_resource_count(program, api),
        ApiKind::Http | ApiKind::Websocket => crate::emit::cloudformation::resource_count(program, api),
    }
}

/// The resources of a REST API's template, mirroring `emit::cloudformation::rest::lower` (which
/// inserts every resource under a distinct logical ID, one per distinct key).
fn rest_resource_count(program: &Program, api: &Api) -> usize {
    use std::collections::BTreeSet;
    // Lambda permissions for `function`: one, or one per stage when a stage variable chooses it.
    let permissions = |function: Option<&str>| match function {
        None => 0,
        Some(f) => match program.functions.get(f) {
            Some(f) if f.arn.stage_variables().next().is_some() => api.stages.len(),
            _ => 1,
        },
    };
    // The RestApi and the Deployment.
    let mut count = 2;
    // Every path prefix with a Resource, and every route with a Method (and its permissions).
    let mut prefixes = BTreeSet::new();
    let mut methods = BTreeSet::new();
    for r in &api.routes {
        let RouteKey::Http { method, path } = &r.key else { continue };
        for n in 1..=path.segments.len() {
            prefixes.insert(&path.segments[..n]);
        }
        if methods.insert((method.as_str(), path)) && r.integration.credentials.is_none() {
            count += permissions(r.integration.kind.function());
        }
    }
    count += prefixes.len() + methods.len();
    for a in &api.authorizers {
        count += 1 + if a.credentials.is_none() { permissions(a.kind.function()) } else { 0 };
    }
    // Models, and one request validator per kind any route uses.
    count += api.models.len() + api.routes.iter().filter_map(|r| r.validator).collect::<BTreeSet<_>>().len();
    // Extras: gateway responses, keys, plans and their keys, domains and their mappings, VPC
    // links, client certificates, the logging role and account, web ACL associations.
    count += api.gateway_responses.len() + api.api_keys.len() + api.vpc_links.len() + api.client_certificates.len();
    count += api.usage_plans.iter().map(|p| 1 + p.keys.len()).sum::<usize>();
    count += api.domains.iter().map(|d| 1 + d.mappings.len()).sum::<usize>();
    count += match api.logging_role {
        Some(LoggingRole::Create) => 2,
        Some(LoggingRole::Role(_)) => 1,
        Some(LoggingRole::Existing) | None => 0,
    };
    count += api.stages.iter().filter(|s| s.web_acl.is_some()).count();
    // Documentation parts and version.
    count += api.docs.len() + usize::from(api.docs_version.is_some());
    count + api.stages.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;
    use std::fmt::Write as _;
    use std::path::{Path, PathBuf};

    /// Every `.gw` file under `dir`, recursively, sorted.
    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|e| e == "gw") {
                out.push(p);
            }
        }
    }

    /// The count from the Model against the resources the lowering emits, for every API of a
    /// clean program; returns how many APIs were compared.
    fn compare(program: &Program, what: &str) -> usize {
        let mut compared = 0;
        for api in program.apis.iter().filter(|a| a.kind == ApiKind::Rest) {
            let template = crate::emit::cloudformation::template(program, api);
            let emitted = template["Resources"].as_object().map_or(0, |r| r.len());
            assert_eq!(rest_resource_count(program, api), emitted, "{what}: API `{}`", api.name);
            compared += 1;
        }
        compared
    }

    #[test]
    fn rest_count_equals_the_resources_lowering_emits() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["examples", "tests/fixtures", "tests/targets", "tests/deploy"] {
            sources(&root.join(dir), &mut files);
        }
        let mut compared = 0;
        for f in &files {
            let mut map = SourceMap::default();
            let Ok(checked) = crate::check::compile(f, &crate::source::FsLoader, &mut map) else { continue };
            if !checked.has_errors() {
                compared += compare(&checked.program, &f.display().to_string());
            }
        }
        // The examples alone hold well over a dozen REST APIs; a count this low means the walk
        // above found nothing.
        assert!(compared >= 20, "only {compared} REST APIs compared");
    }

    #[test]
    fn rest_count_equals_the_resources_of_a_large_api() {
        // 480 routes on nested paths, a third with a lambda chosen per stage (a permission per
        // stage), with an authorizer, a model and validators, a usage plan and a domain.
        let mut s = String::from(
            "function f = lambda(name: \"items\")\nfunction g = lambda(name: \"items\", alias: \"${stageVariables.alias}\")\nfunction authz = lambda(name: \"authz\")\n\
             rest api big {\n  authorizer tok: token { function = authz  identity = header.Authorization }\n",
        );
        for i in 0..120 {
            for (m, integration) in
                [("GET", "lambda_proxy(f)"), ("POST", "lambda_proxy(g)"), ("PUT", "mock()"), ("DELETE", "lambda_proxy(f)")]
            {
                let _ = writeln!(s, "  {m} /r{}/items/{{id}}/v{} {{\n    integration = {integration}\n    auth = tok\n  }}", i / 3, i % 3);
            }
        }
        s.push_str("  stage prod { variables { alias = \"live\" } }\n  stage dev { variables { alias = \"dev\" } }\n}\n");
        let mut map = SourceMap::default();
        let checked = crate::check::compile_str("big.gw", &s, &mut map);
        // Past 500 resources (480 methods alone), the one error is E0430.
        let codes: Vec<&str> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code).collect();
        assert_eq!(codes, ["E0430"], "{:?}", checked.diagnostics.first());
        assert_eq!(compare(&checked.program, "generated"), 1);
        assert!(rest_resource_count(&checked.program, &checked.program.apis[0]) > MAX_RESOURCES);
    }
}
