//! `gwc import`: an OpenAPI 3 or Swagger 2 document with API Gateway extensions (or a CloudFormation or SAM template holding one) as a `.gw` program.
//!
//! The reader ([`read`], [`cfn`]) gives a JSON value; the importer walks it by JSON pointer,
//! writing the program's declarations and API statements ([`write`], [`operations`],
//! [`integrations`], [`auth`], [`models`]) and marking every pointer it has expressed. What is
//! left unmarked (beyond documentation-only fields) is reported, one diagnostic per item with
//! its pointer (`E0802`), so nothing is dropped silently. The program is then formatted
//! ([`crate::fmt`]) and checked; a program that does not check is a bug of the importer (`E0806`).
//! An HTTP API's document (detected, or `--kind http`) is read by [`http`] into an `http api`.

mod auth;
pub mod cfn;
mod docs;
mod http;
mod integrations;
mod models;
mod operations;
pub mod read;
mod write;

use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::BTreeSet;

/// What to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Report what gwc cannot express as warnings and write the rest (`--allow-partial`).
    pub allow_partial: bool,
    /// The API kind asked for (`--kind`); None: from the document.
    pub http: Option<bool>,
}

/// The imported program (None when errors prevent it) and every diagnostic, pointing into the
/// input file.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub program: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Imports the document `text` (file `file` of the caller's source map).
pub fn import(file: FileId, text: &str, opts: &Options) -> Outcome {
    let fail = |d: Diagnostic| Outcome { program: None, diagnostics: vec![d] };
    let whole = Span::new(file, 0, 0);
    let doc = match read::parse(text) {
        Ok(v) => v,
        Err(e) => {
            return fail(
                Diagnostic::error("E0800", whole, format!("the input is neither JSON nor YAML ({e})"))
                    .label("cannot read")
                    .help("give an OpenAPI 3.0 or Swagger 2.0 document, or a CloudFormation or SAM template, as JSON or YAML"),
            )
        }
    };
    let Some(kind) = read::kind(&doc) else {
        return fail(
            Diagnostic::error("E0801", whole, "not an OpenAPI 3.0 or Swagger 2.0 document, nor a template that holds one")
                .label("no `openapi: 3.x`, `swagger: \"2.0\"`, or API resource with a `Body` or `DefinitionBody`")
                .help("export the API with `aws apigateway get-export --parameters extensions='apigateway'`, or give the template whose RestApi has a `Body`"),
        );
    };
    let (base, definition, template_params, others) = match &kind {
        read::Kind::Template(p) => {
            let others: Vec<String> = cfn::definitions(&doc).into_iter().skip(1).map(|(p, _)| p).collect();
            (p.clone(), doc.pointer(p).cloned().unwrap_or(Value::Null), cfn::parameters(&doc), others)
        }
        _ => (String::new(), doc.clone(), IndexMap::new(), Vec::new()),
    };
    let swagger = definition.get("swagger").and_then(Value::as_str) == Some("2.0");
    if !swagger && !definition.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.")) {
        let (s, e) = read::locate(text, &base);
        return fail(
            Diagnostic::error("E0801", Span::new(file, s, e), "the template's API definition is not OpenAPI 3.0 or Swagger 2.0")
                .label("this definition")
                .help("the `Body` or `DefinitionBody` must be an OpenAPI document (`openapi: 3.0.1` or `swagger: \"2.0\"`)"),
        );
    }
    // The resource type of a template says the kind (unless `--kind` does).
    let v2_resource = base
        .rsplitn(3, '/')
        .nth(2)
        .and_then(|r| doc.pointer(&format!("{r}/Type")))
        .and_then(Value::as_str)
        .filter(|t| *t == "AWS::ApiGatewayV2::Api" || *t == "AWS::Serverless::HttpApi");
    let http = match v2_resource {
        Some(t) if opts.http.is_none() => Some(format!("it is the body of an `{t}`")),
        _ => http_api(&definition, opts),
    };
    if let (Some(why), true) = (&http, swagger) {
        let (s, e) = read::locate(text, &format!("{base}/swagger"));
        return fail(
            Diagnostic::error("E0807", Span::new(file, s, e), format!("a Swagger 2.0 document cannot be an HTTP API ({why})"))
                .label("a Swagger 2.0 definition with HTTP API features")
                .help("API Gateway imports HTTP APIs from OpenAPI 3.0 only: convert the document to `openapi: 3.0.1`, or import it as a REST API with `--kind rest`"),
        );
    }
    let mut im = Importer::new(file, text, base, definition, swagger, template_params, *opts);
    im.http = http.is_some();
    for p in others {
        let span = im.span_abs(&p);
        im.diags.push(
            im.partial(Diagnostic::error("E0802", span, "a second API in the template").label(p))
                .help("gwc import brings in one API per run: the first of the template; import the others from their own documents"),
        );
    }
    if !im.base.is_empty() {
        let mut d = std::mem::take(&mut im.doc);
        im.resolve_intrinsics(&mut d, "");
        im.doc = d;
    }
    if im.http {
        im.import_http_api();
    } else {
        im.import_api();
    }
    im.report_unused();
    let route = |l: &String| {
        l.ends_with('{') && (l.starts_with("route $default") || l.starts_with(|c: char| c.is_ascii_uppercase()) && l.contains(" /"))
    };
    if !im.api.iter().any(route) {
        let span = im.span("/paths");
        im.diags.push(
            Diagnostic::error("E0802", span, "gwc cannot express an API without operations")
                .label("no operation gwc can import")
                .help("an API needs at least one route: an operation with `x-amazon-apigateway-integration`"),
        );
    }
    im.finish()
}

/// The state of one import: the definition, what of it has been expressed, and the program so far.
pub(crate) struct Importer<'a> {
    file: FileId,
    text: &'a str,
    /// Pointer of the definition inside the input file ("" for a plain document).
    base: String,
    doc: Value,
    swagger: bool,
    /// Whether the document is an HTTP API's (API Gateway v2).
    http: bool,
    opts: Options,
    /// Pointers (relative to the definition) expressed in the program, with all below them.
    used: BTreeSet<String>,
    diags: Vec<Diagnostic>,
    template_params: IndexMap<String, cfn::TemplateParam>,
    /// Top-level declarations by name: `param`, `function`, `role`.
    decls: IndexMap<String, String>,
    /// Declared names of deploy-time values: placeholder id → gwc name.
    params: IndexMap<String, String>,
    /// ARN text (gwc literal) → name, for functions and roles.
    functions: IndexMap<String, String>,
    roles: IndexMap<String, String>,
    /// The API's statements, in order.
    api: Vec<String>,
    /// Names of the API's authorizers: security scheme name → gwc name.
    authorizers: IndexMap<String, String>,
    /// Security schemes that mean IAM or an API key.
    iam_schemes: Vec<String>,
    key_schemes: Vec<String>,
    /// Component schema name → model name.
    models: IndexMap<String, String>,
    /// Validator name → `validate` word.
    validators: IndexMap<String, &'static str>,
    /// Whether any route caches (the stage then needs a cache cluster).
    caches: bool,
    vpc_links: IndexMap<String, String>,
    /// Whether the route being imported has a body model.
    has_body: bool,
    /// The name of the authorizer being imported (its function must not take it).
    pending_authorizer: Option<String>,
}

impl<'a> Importer<'a> {
    fn new(
        file: FileId,
        text: &'a str,
        base: String,
        doc: Value,
        swagger: bool,
        template_params: IndexMap<String, cfn::TemplateParam>,
        opts: Options,
    ) -> Self {
        Importer {
            file,
            text,
            base,
            doc,
            swagger,
            http: false,
            opts,
            used: BTreeSet::new(),
            diags: Vec::new(),
            template_params,
            decls: IndexMap::new(),
            params: IndexMap::new(),
            functions: IndexMap::new(),
            roles: IndexMap::new(),
            api: Vec::new(),
            authorizers: IndexMap::new(),
            iam_schemes: Vec::new(),
            key_schemes: Vec::new(),
            models: IndexMap::new(),
            validators: IndexMap::new(),
            caches: false,
            vpc_links: IndexMap::new(),
            has_body: false,
            pending_authorizer: None,
        }
    }

    /// The value at `ptr` (relative to the definition), without marking it.
    fn at(&self, ptr: &str) -> Option<&Value> {
        self.doc.pointer(ptr).filter(|v| !v.is_null())
    }

    /// The value at `ptr`, marked as expressed (with everything below it).
    fn take(&mut self, ptr: &str) -> Option<Value> {
        let v = self.at(ptr).cloned();
        if v.is_some() {
            self.used.insert(ptr.to_string());
        }
        v
    }

    fn take_str(&mut self, ptr: &str) -> Option<String> {
        match self.at(ptr) {
            Some(Value::String(s)) => {
                let s = s.clone();
                self.used.insert(ptr.to_string());
                Some(s)
            }
            Some(Value::Number(n)) => {
                let s = n.to_string();
                self.used.insert(ptr.to_string());
                Some(s)
            }
            _ => None,
        }
    }

    fn mark(&mut self, ptr: &str) {
        self.used.insert(ptr.to_string());
    }

    /// Keys of the object at `ptr`, in order.
    fn keys(&self, ptr: &str) -> Vec<String> {
        self.at(ptr).and_then(Value::as_object).map(|o| o.keys().cloned().collect()).unwrap_or_default()
    }

    fn len(&self, ptr: &str) -> usize {
        self.at(ptr).and_then(Value::as_array).map_or(0, Vec::len)
    }

    /// The span of `ptr` (relative to the definition) in the input file.
    fn span(&self, ptr: &str) -> Span {
        self.span_abs(&format!("{}{ptr}", self.base))
    }

    fn span_abs(&self, abs: &str) -> Span {
        let (s, e) = read::locate(self.text, abs);
        Span::new(self.file, s, e)
    }

    /// An unrepresentable item: an error, or a warning with `--allow-partial`.
    fn partial(&self, d: Diagnostic) -> Diagnostic {
        if self.opts.allow_partial {
            Diagnostic { severity: crate::diag::Severity::Warning, ..d }
        } else {
            d
        }
    }

    /// Reports the item at `ptr` as something gwc cannot express, and marks it.
    fn unsupported(&mut self, ptr: &str, what: impl Into<String>) {
        let d = Diagnostic::error("E0802", self.span(ptr), format!("gwc cannot express {}", what.into()))
            .label(format!("{}{ptr}", self.base))
            .help("the import leaves this item out; express it another way after importing, or import with --allow-partial to accept that");
        let d = self.partial(d);
        self.diags.push(d);
        self.mark(ptr);
    }

    fn cannot_resolve(&mut self, ptr: &str, function: &str) {
        let d = Diagnostic::error("E0803", self.span(ptr), format!("the intrinsic function `{function}` cannot be imported"))
            .label(format!("{}{ptr}", self.base))
            .help(
                "gwc imports `Ref` and `Fn::GetAtt`, `Fn::Sub` and `Fn::Join` of them; replace this value by a parameter before importing",
            );
        let d = self.partial(d);
        self.diags.push(d);
        self.mark(ptr);
    }

    /// A `Ref` or `Fn::GetAtt` of a template resource, which becomes a parameter.
    fn resource_param(&mut self, ptr: &str, id: &str, what: &str) {
        let d = Diagnostic::warning(
            "E0804",
            self.span(ptr),
            format!("{what} refers to a resource of the template: it becomes the parameter `{id}`"),
        )
        .label(format!("{}{ptr}", self.base))
        .help("pass the resource's value as this parameter when deploying the imported API, or declare the resource in the same stack");
        self.diags.push(d);
        self.template_params.entry(id.to_string()).or_insert(cfn::TemplateParam { ty: "string", default: None });
    }

    /// Reports every item that was not expressed (the highest unmarked item of each subtree),
    /// except documentation-only fields.
    fn report_unused(&mut self) {
        let doc = std::mem::take(&mut self.doc);
        let mut out = Vec::new();
        self.unused(&doc, String::new(), &mut out);
        self.doc = doc;
        for (ptr, what) in out {
            self.unsupported(&ptr, what);
        }
    }

    fn unused(&self, v: &Value, ptr: String, out: &mut Vec<(String, String)>) {
        if self.used.contains(&ptr) {
            return;
        }
        let last = ptr.rsplit('/').next().unwrap_or("");
        let parent = ptr.rsplit('/').nth(1).unwrap_or("");
        if !ptr.is_empty() && IGNORED.contains(&last) && parent != "properties" {
            return;
        }
        let below = format!("{ptr}/");
        let any_below = self.used.range(below.clone()..).next().is_some_and(|p| p.starts_with(&below));
        match v {
            Value::Object(o) if any_below || ptr.is_empty() => {
                for (k, c) in o {
                    self.unused(c, format!("{ptr}/{}", read::escape(k)), out);
                }
            }
            Value::Array(a) if any_below => {
                for (i, c) in a.iter().enumerate() {
                    self.unused(c, format!("{ptr}/{i}"), out);
                }
            }
            Value::Null => {}
            Value::Object(o) if o.is_empty() => {}
            Value::Array(a) if a.is_empty() => {}
            _ => out.push((ptr.clone(), format!("`{}`", read_label(&ptr)))),
        }
    }

    fn finish(mut self) -> Outcome {
        let text = self.program_text();
        let mut diagnostics = std::mem::take(&mut self.diags);
        let blocking = diagnostics.iter().any(Diagnostic::is_error);
        let whole = Span::new(self.file, 0, 0);
        if blocking {
            crate::diag::sort_and_dedup(&mut diagnostics);
            return Outcome { program: None, diagnostics };
        }
        let program = match crate::fmt::format(FileId(0), &text) {
            Ok(formatted) => {
                let mut sources = crate::source::SourceMap::default();
                let checked = crate::check::compile_str("imported.gw", &formatted, &mut sources);
                let errors: Vec<&Diagnostic> = checked.diagnostics.iter().filter(|d| d.is_error()).collect();
                if errors.is_empty() {
                    Some(formatted)
                } else {
                    let first = errors.iter().map(|d| format!("{}: {}", d.code, d.message)).collect::<Vec<_>>().join("; ");
                    diagnostics.push(
                        Diagnostic::error("E0806", whole, format!("internal error: the imported program does not check ({first})"))
                            .label("imported from this file")
                            .help("this is a bug in gwc import; please report it with this input"),
                    );
                    None
                }
            }
            Err(_) => {
                diagnostics.push(
                    Diagnostic::error("E0806", whole, "internal error: the imported program does not parse")
                        .label("imported from this file")
                        .help("this is a bug in gwc import; please report it with this input"),
                );
                None
            }
        };
        crate::diag::sort_and_dedup(&mut diagnostics);
        Outcome { program: if blocking { None } else { program }, diagnostics }
    }
}

/// The last segments of items that only document an API (API Gateway does not deploy them).
const IGNORED: &[&str] = &[
    "openapi",
    "swagger",
    "info",
    "servers",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "tags",
    "externalDocs",
    "example",
    "examples",
    "x-example",
    "deprecated",
    "description",
    "x-amazon-apigateway-importexport-version",
];

/// A pointer's last two segments, for messages.
fn read_label(ptr: &str) -> String {
    let segs: Vec<&str> = ptr.split('/').collect();
    let n = segs.len();
    if n >= 3 {
        format!("{}/{}", segs[n - 2], segs[n - 1]).replace("~1", "/").replace("~0", "~")
    } else {
        ptr.trim_start_matches('/').replace("~1", "/").replace("~0", "~")
    }
}

/// Why the definition is an HTTP API (API Gateway v2), if it is one.
fn http_api(doc: &Value, opts: &Options) -> Option<String> {
    if opts.http == Some(true) {
        return Some("--kind http".into());
    }
    if opts.http == Some(false) {
        return None;
    }
    if doc.get("x-amazon-apigateway-cors").is_some() {
        return Some("it has `x-amazon-apigateway-cors`".into());
    }
    let text = doc.to_string();
    if text.contains("\"payloadFormatVersion\"") {
        return Some("its integrations have `payloadFormatVersion`".into());
    }
    if text.contains("\"jwtConfiguration\"") {
        return Some("it has a JWT authorizer".into());
    }
    if doc.get("x-amazon-apigateway-importexport-version").is_some() {
        return Some("it has `x-amazon-apigateway-importexport-version`".into());
    }
    if doc.pointer("/paths/$default").is_some() || text.contains("\"isDefaultRoute\"") {
        return Some("it has the `$default` route".into());
    }
    if text.contains("\"integrationSubtype\"") {
        return Some("its integrations have `integrationSubtype`".into());
    }
    None
}
