//! `x-amazon-apigateway-integration` as an `integration` block: Lambda, HTTP, AWS service and
//! mock integrations with their parameters, templates and responses.

use super::operations::Derived;
use super::read::escape;
use super::write::{is_seg, plain, raw_or_plain};
use super::Importer;
use serde_json::Value;

/// The gwc source of a mapping expression, when its prefix is one of `allowed`:
/// `method.request.path.id` → `path.id`, `'text'` → `"text"`, `context.x`, `stageVariables.x` →
/// `stage_variables.x`, `integration.response.header.h` → `backend.header.h`.
pub(super) fn mapping_source(v: &str, allowed: &[&str]) -> Option<String> {
    if let Some(lit) = v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return Some(plain(&lit.replace("\\'", "'")));
    }
    let ok = |name: &str| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.$".contains(c));
    for prefix in allowed {
        let Some(rest) = v.strip_prefix(prefix).and_then(|r| r.strip_prefix('.')) else { continue };
        let out = match *prefix {
            "method.request" => match rest.split_once('.') {
                Some(("path", n)) if is_seg(n) => format!("path.{n}"),
                Some(("querystring", n)) if is_seg(n) => format!("query.{n}"),
                Some(("header", n)) if is_seg(n) => format!("header.{n}"),
                _ => return None,
            },
            "context" if ok(rest) => format!("context.{rest}"),
            "stageVariables" if ok(rest) => format!("stage_variables.{rest}"),
            "integration.response" => match rest.split_once('.') {
                Some(("header", n)) if ok(n) => format!("backend.header.{n}"),
                Some(("body", n)) if ok(n) => format!("backend.body.{n}"),
                _ => return None,
            },
            _ => return None,
        };
        return Some(out);
    }
    None
}

/// The function ARN of a Lambda invocation URI.
pub(super) fn lambda_arn_of(uri: &str) -> Option<String> {
    lambda_arn(uri).map(str::to_string)
}

/// `arn:P:apigateway:R:lambda:path/2015-03-31/functions/ARN/invocations` → ARN.
fn lambda_arn(uri: &str) -> Option<&str> {
    let rest = uri.strip_prefix("arn:")?;
    let (_, rest) = rest.split_once(":apigateway:")?;
    let (_, rest) = rest.split_once(":lambda:path/2015-03-31/functions/")?;
    rest.strip_suffix("/invocations")
}

/// `arn:P:apigateway:REGION:SERVICE:action/X` (or `path/X`) → (region, service, target).
fn service_uri(uri: &str) -> Option<(String, String, String)> {
    let rest = uri.strip_prefix("arn:")?;
    let (_, rest) = rest.split_once(":apigateway:")?;
    let (region, rest) = if rest.starts_with("${") {
        let close = rest.find('}')?;
        (&rest[..=close], rest[close + 1..].strip_prefix(':')?)
    } else {
        rest.split_once(':')?
    };
    let (service, target) = rest.split_once(':')?;
    Some((region.to_string(), service.to_string(), target.to_string()))
}

/// An integration's lines, the (status, headers) its responses imply, and the request
/// parameters its mappings read.
pub(super) type Imported = (Vec<String>, Derived, Vec<(String, String)>);

impl Importer<'_> {
    /// The route's `integration` lines, the (status, headers) its responses imply, and the
    /// request parameters its mappings read (which the route must declare).
    pub(super) fn integration(&mut self, p: &str, method: &str, route_path: &str) -> Option<Imported> {
        let ty = self.take_str(&format!("{p}/type")).unwrap_or_default().to_ascii_lowercase();
        let uri = self.at(&format!("{p}/uri")).and_then(Value::as_str).map(str::to_string);
        let http_method = self.at(&format!("{p}/httpMethod")).and_then(Value::as_str).map(str::to_ascii_uppercase);
        let mut props: Vec<String> = Vec::new();
        let mut sources = Vec::new();
        let kind = match ty.as_str() {
            "aws_proxy" | "aws" if uri.as_deref().and_then(lambda_arn).is_some() => {
                let arn = uri.as_deref().and_then(lambda_arn).unwrap_or_default().to_string();
                let f = self.function(&arn, &format!("{p}/uri"));
                self.mark(&format!("{p}/uri"));
                props.push(format!("function = {f}"));
                if http_method.as_deref() == Some("POST") {
                    self.mark(&format!("{p}/httpMethod"));
                }
                if ty == "aws_proxy" {
                    "lambda_proxy"
                } else {
                    "lambda"
                }
            }
            "aws" => match uri.as_deref().and_then(service_uri) {
                Some((region, service, target)) if is_seg(&service) => {
                    // gwc's AWS service integrations take a role (API Gateway's own credentials otherwise).
                    if !matches!(self.at(&format!("{p}/credentials")), Some(Value::String(_) | Value::Number(_))) {
                        self.unsupported(p, "an AWS service integration without `credentials`");
                        return None;
                    }
                    self.mark(&format!("{p}/uri"));
                    props.push(format!("service = {}", plain(&service)));
                    let default_method = match target.split_once('/') {
                        Some(("action", a)) => {
                            props.push(format!("action = {}", plain(a)));
                            "POST"
                        }
                        Some(("path", t)) => {
                            props.push(format!("path = {}", plain(t)));
                            if method == "ANY" {
                                "POST"
                            } else {
                                method
                            }
                        }
                        _ => {
                            self.unsupported(&format!("{p}/uri"), format!("the service target `{target}`"));
                            return None;
                        }
                    };
                    if let Some(m) = &http_method {
                        self.mark(&format!("{p}/httpMethod"));
                        if m != default_method {
                            props.push(format!("method = {m}"));
                        }
                    }
                    if region != "${AWS::Region}" {
                        props.push(format!("region = {}", plain(&region)));
                    }
                    "aws"
                }
                _ => {
                    self.unsupported(p, "an AWS integration whose `uri` is not a Lambda function or a service action or path");
                    return None;
                }
            },
            "http" | "http_proxy" => {
                let Some(url) = uri.clone().filter(|u| u.starts_with("https://") || u.starts_with("http://")) else {
                    self.unsupported(p, "an HTTP integration without an `http://` or `https://` uri");
                    return None;
                };
                // `{name}` in the URL is a path variable of the route or one the request parameters map.
                let stray = url.match_indices('{').find_map(|(i, _)| {
                    let name = url[i + 1..].split('}').next().unwrap_or("");
                    let mapped = format!("{p}/requestParameters/{}", escape(&format!("integration.request.path.{name}")));
                    let var = url[..i].ends_with('$')
                        || route_path.contains(&format!("{{{name}}}"))
                        || route_path.contains(&format!("{{{name}+}}"))
                        || self.at(&mapped).is_some();
                    (!var).then(|| name.to_string())
                });
                if let Some(name) = stray {
                    self.unsupported(
                        &format!("{p}/uri"),
                        format!("the URL placeholder `{{{name}}}`, which is not a path variable of the route"),
                    );
                    return None;
                }
                let reported = self.diags.len();
                let t = self.text(&url, &format!("{p}/uri"));
                if self.diags.len() > reported {
                    // A placeholder gwc cannot express: its braces would read as a path variable.
                    return None;
                }
                self.mark(&format!("{p}/uri"));
                props.push(format!("url = {t}"));
                if let Some(m) = &http_method {
                    self.mark(&format!("{p}/httpMethod"));
                    if m != method {
                        props.push(format!("method = {m}"));
                    }
                }
                if ty == "http" {
                    "http"
                } else {
                    "http_proxy"
                }
            }
            "mock" => "mock",
            other => {
                self.unsupported(&format!("{p}/type"), format!("the integration type `{other}`"));
                return None;
            }
        };
        if let Some(c) = self.take_str(&format!("{p}/credentials")) {
            let r = self.role(&c, &format!("{p}/credentials"));
            props.push(format!("role = {r}"));
        }
        if let Some(t) = self.at(&format!("{p}/timeoutInMillis")).and_then(Value::as_u64) {
            if (50..=29_000).contains(&t) {
                self.mark(&format!("{p}/timeoutInMillis"));
                props.push(if t % 1000 == 0 { format!("timeout = {}s", t / 1000) } else { format!("timeout = {t}ms") });
            }
        }
        if let Some(pt) = self.at(&format!("{p}/passthroughBehavior")).and_then(Value::as_str).map(str::to_ascii_lowercase) {
            if matches!(pt.as_str(), "when_no_match" | "when_no_templates" | "never") {
                self.mark(&format!("{p}/passthroughBehavior"));
                props.push(format!("passthrough = {pt}"));
            }
        }
        match self.at(&format!("{p}/connectionType")).and_then(Value::as_str).map(str::to_ascii_uppercase).as_deref() {
            Some("INTERNET") => self.mark(&format!("{p}/connectionType")),
            Some("VPC_LINK") => {
                let id = self.at(&format!("{p}/connectionId")).and_then(Value::as_str).unwrap_or("").to_string();
                match id.strip_prefix("${").and_then(|s| s.strip_suffix("VpcLink}")).filter(|n| !n.is_empty()) {
                    Some(n) => {
                        let name = self.vpc_link(n);
                        self.mark(&format!("{p}/connectionType"));
                        self.mark(&format!("{p}/connectionId"));
                        props.push(format!("vpc_link = {name}"));
                    }
                    None => self.unsupported(&format!("{p}/connectionId"), format!("the VPC link `{id}` (gwc declares its VPC links)")),
                }
            }
            _ => {}
        }
        let rp = format!("{p}/requestParameters");
        let mut params = Vec::new();
        for k in self.keys(&rp) {
            let kp = format!("{rp}/{}", escape(&k));
            let v = self.at(&kp).and_then(Value::as_str).unwrap_or("").to_string();
            let key = match k.strip_prefix("integration.request.").and_then(|r| r.split_once('.')) {
                Some(("path", n)) => Some(format!("path.{n}")),
                Some(("querystring", n)) => Some(format!("query.{n}")),
                Some(("header", n)) => Some(format!("header.{n}")),
                _ => None,
            };
            let key = key.map(|k| if is_dotted(&k) { k } else { plain(&k) });
            // The mapping gwc writes itself for a `{name}` placeholder of the backend URL or path.
            if let Some(n) = k.strip_prefix("integration.request.path.") {
                let placeholder = uri.as_deref().is_some_and(|u| u.contains(&format!("{{{n}}}")) || u.contains(&format!("{{{n}+}}")));
                let in_route = route_path.contains(&format!("{{{n}}}")) || route_path.contains(&format!("{{{n}+}}"));
                if placeholder && in_route && v == format!("method.request.path.{n}") {
                    self.mark(&kp);
                    continue;
                }
            }
            let src = mapping_source(&v, &["method.request", "context", "stageVariables"]);
            // A path source must be a variable of the route's own path (gwc declares path
            // parameters by the path, and rejects reading one it does not have: E0405).
            let undeclared_path = src
                .as_deref()
                .and_then(|s| s.strip_prefix("path."))
                .is_some_and(|n| !route_path.contains(&format!("{{{n}}}")) && !route_path.contains(&format!("{{{n}+}}")));
            match (key, src) {
                (Some(_), Some(_)) if undeclared_path => {
                    self.unsupported(
                        &kp,
                        format!("the request parameter mapping `{k}: {v}` (the route `{route_path}` has no such path variable)"),
                    );
                }
                (Some(key), Some(src)) => {
                    self.mark(&kp);
                    if let Some((loc, n)) = src.split_once('.').filter(|(l, _)| *l == "query" || *l == "header") {
                        sources.push((loc.to_string(), n.to_string()));
                    }
                    params.push(format!("{key} = {src}"));
                }
                _ => self.unsupported(&kp, format!("the request parameter mapping `{k}: {v}`")),
            }
        }
        if !params.is_empty() {
            props.push(format!("request_parameters {{\n{}\n}}", params.join("\n")));
        }
        let templates = self.templates(&format!("{p}/requestTemplates"));
        for t in &templates {
            sources.extend(template_reads(t));
        }
        if !templates.is_empty() {
            props.push(format!("request_templates {{\n{}\n}}", templates.join("\n")));
        }
        let mut derived = Vec::new();
        let rsp = format!("{p}/responses");
        for pattern in self.keys(&rsp) {
            let r = format!("{rsp}/{}", escape(&pattern));
            let Some(status) =
                self.at(&format!("{r}/statusCode")).and_then(|v| v.as_str().map(str::to_string).or(v.as_u64().map(|n| n.to_string())))
            else {
                self.unsupported(&r, "an integration response without `statusCode`");
                continue;
            };
            // As gwc writes it: `+200` or `0200` is no status code.
            if !status.parse::<u16>().is_ok_and(|s| (100..=599).contains(&s) && s.to_string() == status) {
                self.unsupported(&format!("{r}/statusCode"), format!("the integration response status `{status}` (not a status code)"));
                continue;
            }
            self.mark(&format!("{r}/statusCode"));
            let mut body = Vec::new();
            if pattern != "default" {
                body.push(format!("pattern = {}", plain(&pattern)));
            }
            let hp = format!("{r}/responseParameters");
            let mut headers = Vec::new();
            let mut names = Vec::new();
            for k in self.keys(&hp) {
                let kp = format!("{hp}/{}", escape(&k));
                let v = self.at(&kp).and_then(Value::as_str).unwrap_or("").to_string();
                let src = mapping_source(&v, &["integration.response", "context", "stageVariables"]);
                match (k.strip_prefix("method.response.header.").filter(|h| is_seg(h)), src) {
                    (Some(h), Some(src)) => {
                        self.mark(&kp);
                        headers.push(format!("{h} = {src}"));
                        names.push(h.to_string());
                    }
                    _ => self.unsupported(&kp, format!("the response parameter mapping `{k}: {v}`")),
                }
            }
            if !headers.is_empty() {
                body.push(format!("headers {{\n{}\n}}", headers.join("\n")));
            }
            let templates = self.templates(&format!("{r}/responseTemplates"));
            if !templates.is_empty() {
                body.push(format!("templates {{\n{}\n}}", templates.join("\n")));
            }
            if let Ok(code) = status.parse::<u16>() {
                derived.push((code, names));
            }
            props.push(if body.is_empty() {
                format!("response {status} {{}}")
            } else {
                format!("response {status} {{\n{}\n}}", body.join("\n"))
            });
        }
        // The call form when the kind's first setting is all there is.
        if let [only] = props.as_slice() {
            let first = only.strip_prefix("function = ").or_else(|| only.strip_prefix("url = "));
            if let Some(v) = first.filter(|_| kind != "mock" && kind != "aws") {
                return Some((vec![format!("integration = {kind}({v})")], derived, sources));
            }
        }
        let mut lines = vec![format!("integration {kind} {{")];
        lines.extend(props.into_iter().map(|l| format!("  {l}")));
        lines.push("}".into());
        Some((lines, derived, sources))
    }

    /// `"content/type" = """template"""` entries of a template map.
    fn templates(&mut self, p: &str) -> Vec<String> {
        let mut out = Vec::new();
        for ct in self.keys(p) {
            let cp = format!("{p}/{}", escape(&ct));
            match self.at(&cp).and_then(Value::as_str).map(str::to_string) {
                Some(t) if ct.contains('/') => {
                    self.mark(&cp);
                    out.push(format!("{} = {}", plain(&ct), raw_or_plain(&t)));
                }
                _ => self.unsupported(&cp, format!("the template for `{ct}`")),
            }
        }
        out
    }

    /// The `vpc_link` for the link whose logical ID in gwc's templates is `<Pascal>VpcLink`:
    /// declared with a parameter for its load balancer (OpenAPI does not say which).
    fn vpc_link(&mut self, pascal_name: &str) -> String {
        if let Some(n) = self.vpc_links.get(pascal_name) {
            return n.clone();
        }
        let name = super::write::snake(pascal_name);
        let target = self.fresh_param(&format!("{name}_nlb_arn"));
        self.api.push(format!("vpc_link {name} {{ targets = [{target}] }}"));
        self.vpc_links.insert(pascal_name.to_string(), name.clone());
        name
    }
}

/// The request parameters a mapping template reads, which the route must declare:
/// `$input.params('x')` (any location: `("any", x)`) and `$input.params().querystring.get('x')`
/// (or `.header.`, `.path.`).
fn template_reads(t: &str) -> Vec<(String, String)> {
    let quoted = |s: &str| -> Option<String> {
        let q = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let end = s[1..].find(q)?;
        let name = &s[1..1 + end];
        (!name.is_empty() && !name.contains('$')).then(|| name.to_string())
    };
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find("$input.params(") {
        rest = &rest[i + "$input.params(".len()..];
        if let Some(name) = quoted(rest) {
            out.push(("any".to_string(), name));
            continue;
        }
        if let Some(after) = rest.strip_prefix(").") {
            for (word, loc) in [("path", "path"), ("querystring", "query"), ("header", "header")] {
                if let Some(name) = after.strip_prefix(word).and_then(|a| a.strip_prefix(".get(")).and_then(quoted) {
                    out.push((loc.to_string(), name));
                }
            }
        }
    }
    out
}

fn is_dotted(k: &str) -> bool {
    k.split('.').all(is_seg)
}
