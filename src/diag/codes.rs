//! The table of every diagnostic code the compiler can emit; codes are never reused.

/// `(code, one-line summary)`. Codes group by stage: E01xx parse, E02xx resolve,
/// E03xx values and types, E04xx API Gateway rules, E05xx output.
pub const CODES: &[(&str, &str)] = &[
    ("E0100", "syntax error"),
    ("E0101", "source file is not valid UTF-8 text"),
    ("E0102", "nesting too deep"),
    ("E0103", "malformed string literal"),
    ("E0201", "unknown name"),
    ("E0202", "duplicate definition"),
    ("E0203", "import cannot be loaded"),
    ("E0204", "import cycle"),
    ("E0205", "unknown property or block"),
    ("E0206", "missing required property"),
    ("E0207", "wrong template arguments"),
    ("E0208", "recursive definition"),
    ("E0301", "wrong value type"),
    ("E0302", "value out of range"),
    ("E0303", "unknown option"),
    ("E0304", "number is not a valid integer"),
    ("E0401", "malformed route path"),
    ("E0402", "greedy path segment is not last"),
    ("E0403", "conflicting path variables"),
    ("E0404", "duplicate route"),
    ("E0405", "request parameter used but not declared"),
    ("E0406", "scopes on a route whose authorizer is not Cognito"),
    ("E0407", "TOKEN authorizer identity source is not a header"),
    ("E0408", "feature not supported by this API kind"),
    ("E0409", "stage variable used but not declared in a stage"),
    ("E0410", "API without routes"),
    ("E0411", "API without stages"),
    ("E0412", "private API without VPC endpoints"),
    ("E0413", "two APIs would write the same output file"),
    ("E0414", "integration response without a default"),
    ("E0415", "stage variable missing from a stage that needs it"),
    ("E0417", "invalid access log format"),
    ("E0418", "nothing to build"),
    ("E0419", "reserved word used as a name"),
    ("E0420", "CORS credentials with a wildcard origin"),
    ("E0421", "CORS does not allow a header the API's auth reads"),
    ("E0422", "more than one CORS origin on a REST API"),
    ("E0423", "OPTIONS route where CORS generates the preflight"),
    ("E0424", "per-route caching without a stage cache cluster"),
    ("E0425", "route requires an API key in a stage no usage plan covers"),
    ("E0426", "API key value written in the program"),
    ("E0427", "usage plan throttles a route the API does not have"),
    ("E0428", "custom domain setting API Gateway does not support"),
    ("E0429", "logging without an account CloudWatch role choice"),
    ("E0430", "template past CloudFormation's 500-resource limit"),
    ("E0431", "documentation for a resource path the API does not have"),
    ("E0460", "authorizer on a WebSocket route other than $connect"),
    ("E0461", "route key not valid for the API kind"),
    ("E0462", "AWS service integration without a parameter its subtype requires"),
    ("E0463", "usage plan of a WebSocket API throttling a single route"),
    ("E0464", "WebSocket private integration without a url, or with an HTTP API's target"),
    ("E0502", "WebSocket API asked for as OpenAPI"),
    ("E0505", "stage cache invalidation policy asked for as CloudFormation"),
    ("E0506", "parameter named like a Terraform variable gwc generates"),
    ("E0800", "gwc import: the input is neither JSON nor YAML"),
    ("E0801", "gwc import: not an OpenAPI 3.0 or Swagger 2.0 document, nor a template holding one"),
    ("E0802", "gwc import: an item of the document gwc cannot express"),
    ("E0803", "gwc import: a CloudFormation intrinsic function that cannot be imported"),
    ("E0804", "gwc import: a reference to a template resource became a parameter"),
    ("E0805", "gwc import: a `$ref` that does not resolve"),
    ("E0806", "gwc import: internal error, the imported program does not check"),
    ("E0807", "gwc import: a Swagger 2.0 document with HTTP API features (HTTP APIs import OpenAPI 3.0 only)"),
    ("E0600", "invalid gwc.toml"),
    ("E0601", "unknown rule in gwc.toml"),
    ("E0602", "invalid value in gwc.toml"),
    ("E0610", "malformed suppression comment"),
    ("E0611", "unknown rule in a suppression"),
    ("E0612", "suppression that suppresses nothing"),
    ("E0613", "expired suppression"),
];

/// The summary of a code, if it exists.
pub fn summary(code: &str) -> Option<&'static str> {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::CODES;
    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, summary) in CODES {
            assert!(seen.insert(*code), "duplicate code {code}");
            assert!(code.len() == 5 && code.starts_with('E') && code[1..].chars().all(|c| c.is_ascii_digit()));
            assert!(!summary.is_empty() && !summary.ends_with('.'));
        }
    }
}
