//! How gwc covers every scanner concern of the design's lint catalogue (lint-rules.md §1 and §2):
//! a lint rule, a compiler error, an emitter guarantee, or not yet applicable.

/// What covers a concern.
#[derive(Debug, Clone, Copy)]
pub enum By {
    /// Lint rules, by code.
    Rules(&'static [&'static str]),
    /// Compiler diagnostics, by code (the program does not compile).
    Checker(&'static [&'static str]),
    /// The emitter always generates the right thing; nothing to get wrong.
    Emitter(&'static str),
    /// Not applicable to the API kinds gwc compiles today, or outside the program.
    NotApplicable(&'static str),
}

/// §1: the deduplicated concerns of checkov, cfn-lint, cfn_nag, KICS, trivy, Security Hub and
/// friends, by number.
pub const SCANNER_CONCERNS: &[(u8, &str, By)] = &[
    (1, "REST method without auth (API key is not auth)", By::Rules(&["SEC001", "SEC002"])),
    (2, "HTTP/WebSocket route without auth", By::Rules(&["SEC001"])),
    (3, "open OPTIONS method reaching a backend", By::Rules(&["SEC004"])),
    (4, "method does not require an API key", By::Rules(&["SEC014"])),
    (5, "REST API without an authorizer", By::Rules(&["SEC005"])),
    (6, "authorization type does not match the authorizer", By::Emitter("AuthorizationType is derived from the authorizer's kind")),
    (7, "method and authorizer in different APIs", By::Checker(&["E0201"])),
    (8, "authorizer TTL out of range", By::Checker(&["E0302"])),
    (9, "Cognito authorizers required", By::Rules(&["SEC013"])),
    (10, "resource policy allowing anyone without a condition", By::Rules(&["SEC021", "SEC022"])),
    (11, "Lambda permission with a wildcard principal", By::Emitter("permissions name apigateway.amazonaws.com and a per-route SourceArn")),
    (12, "custom domain with a weak TLS policy", By::Rules(&["SEC024"])),
    (13, "stage without a backend client certificate", By::Rules(&["SEC026"])),
    (14, "HTTP API private integration without TLS", By::Rules(&["SEC028"])),
    (15, "public REST stage without WAF", By::Rules(&["SEC018"])),
    (
        16,
        "WAF without the Log4j managed rule group",
        By::NotApplicable("the web ACL is referenced by ARN; its rules live outside the program"),
    ),
    (17, "endpoint type not private", By::Rules(&["SEC015"])),
    (18, "CORS allows origin *", By::Rules(&["SEC017"])),
    (19, "stage without access logging", By::Rules(&["OBS001"])),
    (20, "access-log format not structured", By::Rules(&["OBS002"])),
    (21, "execution logging off", By::Rules(&["OBS003"])),
    (22, "detailed metrics off", By::Rules(&["OBS004"])),
    (23, "data trace enabled", By::Rules(&["SEC008"])),
    (24, "X-Ray tracing off", By::Rules(&["OBS005"])),
    (25, "MethodSettings entry without a setting", By::Emitter("MethodSettings entries are written only for settings that exist")),
    (26, "MethodSettings path without a leading /", By::Emitter("MethodSettings paths are escaped and always start with /")),
    (27, "cache cluster disabled", By::Rules(&["CST005"])),
    (28, "cache not encrypted", By::Rules(&["SEC019"])),
    (29, "no default stage throttling", By::Rules(&["OPS001"])),
    (30, "stage in no usage plan", By::Rules(&["OPS004"])),
    (31, "no request validator", By::Rules(&["COR014"])),
    (32, "compression unset or out of range", By::Rules(&["CST001"])),
    (33, "stage and deployment of different APIs", By::Emitter("each stage names its own API's deployment")),
    (34, "RestApi without Name or Body", By::Emitter("every RestApi has a Name")),
    (35, "RestApi Body mixed with Resource/Method resources", By::Emitter("CloudFormation is emitted as resources only")),
    (
        36,
        "Terraform deployment without create_before_destroy",
        By::Emitter("the Terraform target's concern: lifecycle and triggers are always emitted"),
    ),
    (37, "property type, range or enum violations", By::Checker(&["E0301", "E0302", "E0303", "E0304"])),
    (
        38,
        "explicit Name on an API key",
        By::Emitter("keys are named <api>-<key> so they can be found; an expected difference with cfn_nag W28"),
    ),
    (39, "SAM resources without the transform", By::Emitter("gwc emits no SAM")),
    (40, "OpenAPI security missing", By::NotApplicable("OpenAPI-output rules belong to the OpenAPI target's own validation")),
    (41, "OpenAPI cleartext schemes", By::NotApplicable("OpenAPI-output rules belong to the OpenAPI target's own validation")),
    (42, "OpenAPI weak auth flows", By::NotApplicable("gwc has no basic or implicit OAuth flows")),
    (43, "OpenAPI unbounded inputs", By::NotApplicable("OpenAPI-output rules belong to the OpenAPI target's own validation")),
    (44, "OpenAPI features API Gateway ignores", By::NotApplicable("OpenAPI-output rules belong to the OpenAPI target's own validation")),
    (45, "path parameter mismatch", By::Checker(&["E0405"])),
    (46, "duplicate or ambiguous routes", By::Checker(&["E0403", "E0404"])),
];

/// §2: whole-API concerns no scanner sees, by the catalogue's name.
pub const WHOLE_API_CONCERNS: &[(&str, By)] = &[
    ("usage-plan-unknown-stage", By::Checker(&["E0201"])),
    ("api-key-required-without-usage-plan", By::Checker(&["E0425"])),
    ("api-key-unattached", By::Rules(&["OPS006"])),
    ("api-key-source-authorizer-unused", By::Rules(&["SEC027"])),
    ("authorizer-unused", By::Rules(&["SEC006"])),
    ("authorizer-undefined", By::Checker(&["E0201"])),
    ("websocket-authorizer-not-connect", By::Checker(&["E0460"])),
    ("jwt-authorizer-no-audience", By::Checker(&["E0206"])),
    ("authorizer-identity-source-not-allowed-by-cors", By::Checker(&["E0421"])),
    ("integration-timeout-over-limit", By::Checker(&["E0302"])),
    ("cors-credentials-with-wildcard-origin", By::Checker(&["E0420"])),
    ("cors-preflight-requires-auth", By::Rules(&["SEC003"])),
    ("cors-methods-incomplete", By::Rules(&["COR016"])),
    ("cors-missing-on-gateway-responses", By::Emitter("CORS adds its headers to DEFAULT_4XX and DEFAULT_5XX gateway responses")),
    ("path-param-unused / path-param-unmapped", By::Rules(&["COR001", "COR008"])),
    ("integration-mapping-unknown-source", By::Checker(&["E0201", "E0405"])),
    ("route-duplicate", By::Checker(&["E0404"])),
    ("greedy-path-conflict", By::Checker(&["E0402", "E0403"])),
    ("stage-variable-undefined", By::Rules(&["COR004"])),
    ("stage-variable-unused", By::Rules(&["COR003"])),
    ("stage-variable-secret", By::Rules(&["SEC009"])),
    ("throttle-exceeds-parent", By::Rules(&["LIM005", "LIM006", "LIM007"])),
    ("cache-key-missing-identity", By::Rules(&["SEC020"])),
    ("cache-key-param-undeclared", By::Checker(&["E0405"])),
    ("cache-settings-without-cluster", By::Checker(&["E0424"])),
    ("private-api-without-policy", By::Rules(&["SEC023"])),
    ("default-endpoint-bypass", By::Rules(&["SEC025"])),
    ("mtls-truststore-missing", By::Checker(&["E0206"])),
    ("base-path-mapping-invalid", By::Checker(&["E0201", "E0202"])),
    ("waf-on-http-api / tracing-on-non-rest", By::Checker(&["E0408"])),
    ("execution-logging-without-account-role", By::Checker(&["E0429"])),
    ("lambda-permission-missing", By::Emitter("every Lambda integration and authorizer gets its invoke permission")),
    ("lambda-permission-source-arn-broad", By::Emitter("SourceArn is scoped to the route (and the stage, for stage-variable functions)")),
    ("integration-http-plaintext", By::Rules(&["SEC007"])),
    ("method-response-missing", By::Emitter("every integration response status gets a method response")),
    ("validator-without-model / model-undefined", By::Checker(&["E0201"])),
    (
        "websocket-route-selection",
        By::Emitter(
            "a WebSocket API always gets a route selection expression (`$request.body.action` unless given); elsewhere it is E0408",
        ),
    ),
    ("route-unreachable", By::Checker(&["E0411"])),
    ("deployment-stale", By::Emitter("the Deployment's logical ID is a hash of the API")),
];

fn cell(by: &By) -> String {
    match by {
        By::Rules(r) => r
            .iter()
            .map(|c| match super::registry::find(c) {
                Some((_, rule)) => format!("[`{}`](#{}-{}) {}", c, c.to_lowercase(), rule.name, rule.name),
                None => format!("`{c}`"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        By::Checker(c) => format!("compile error {}", c.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")),
        By::Emitter(why) => format!("generated correctly: {why}"),
        By::NotApplicable(why) => format!("not applicable: {why}"),
    }
}

/// The two coverage tables as markdown.
pub fn markdown() -> String {
    let mut s = String::from("\n## Scanner coverage\n\nEvery concern of the scanners gwc cross-checks (checkov, cfn-lint, cfn_nag, KICS, trivy, Security Hub, cdk-nag, serverless-rules) maps to a rule, a compile error or a guarantee of the emitter.\n\n| # | concern | covered by |\n| --- | --- | --- |\n");
    for (n, what, by) in SCANNER_CONCERNS {
        s.push_str(&format!("| {n} | {what} | {} |\n", cell(by)));
    }
    s.push_str("\nWhole-API concerns that no scanner checks:\n\n| concern | covered by |\n| --- | --- |\n");
    for (what, by) in WHOLE_API_CONCERNS {
        s.push_str(&format!("| {what} | {} |\n", cell(by)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    fn check(by: &By, what: &str, problems: &mut Vec<String>) {
        match by {
            By::Rules(r) => {
                for c in *r {
                    if super::super::registry::find(c).is_none() {
                        problems.push(format!("{what}: no rule {c}"));
                    }
                }
            }
            By::Checker(c) => {
                for c in *c {
                    if crate::diag::codes::summary(c).is_none() {
                        problems.push(format!("{what}: no compiler code {c}"));
                    }
                }
            }
            By::Emitter(w) | By::NotApplicable(w) => {
                if w.is_empty() {
                    problems.push(format!("{what}: no reason given"));
                }
            }
        }
    }
    #[test]
    fn every_concern_is_covered() {
        let mut problems = Vec::new();
        let numbers: Vec<u8> = SCANNER_CONCERNS.iter().map(|(n, _, _)| *n).collect();
        assert_eq!(numbers, (1..=46).collect::<Vec<u8>>(), "lint-rules.md §1 has concerns 1 to 46, each once");
        for (n, what, by) in SCANNER_CONCERNS {
            check(by, &format!("#{n} {what}"), &mut problems);
        }
        for (what, by) in WHOLE_API_CONCERNS {
            check(by, what, &mut problems);
        }
        assert!(problems.is_empty(), "{problems:?}");
    }
}
