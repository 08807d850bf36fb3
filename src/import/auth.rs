//! Security schemes as authorizers, IAM and API keys; operation `security` as `auth`; the
//! resource policy as `policy` blocks.

use super::read::escape;
use super::write::{ident, plain};
use super::Importer;
use serde_json::Value;

impl Importer<'_> {
    pub(super) fn import_security_schemes(&mut self) {
        let base = if self.swagger { "/securityDefinitions" } else { "/components/securitySchemes" };
        for name in self.keys(base) {
            let p = format!("{base}/{}", escape(&name));
            let authtype = self.at(&format!("{p}/x-amazon-apigateway-authtype")).and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
            let ty = self.at(&format!("{p}/type")).and_then(Value::as_str).unwrap_or("").to_string();
            let header = self.at(&format!("{p}/name")).and_then(Value::as_str).unwrap_or("").to_string();
            let located = self.at(&format!("{p}/in")).and_then(Value::as_str) == Some("header");
            if self.at(&format!("{p}/x-amazon-apigateway-authorizer")).is_some() {
                self.authorizer(&name, &p);
                continue;
            }
            if ty == "apiKey" && authtype == "awssigv4" {
                self.mark(&p);
                self.iam_schemes.push(name);
            } else if ty == "apiKey" && located && header.eq_ignore_ascii_case("x-api-key") && authtype.is_empty() {
                self.mark(&p);
                self.key_schemes.push(name);
            } else {
                self.unsupported(&p, format!("the security scheme `{name}`"));
            }
        }
    }

    fn authorizer(&mut self, scheme: &str, p: &str) {
        let x = format!("{p}/x-amazon-apigateway-authorizer");
        let ty = self.at(&format!("{x}/type")).and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
        let name = {
            let mut n = ident(&super::write::snake(scheme));
            while self.authorizers.values().any(|a| *a == n) || self.decls.contains_key(&n) || n == "none" || n == "iam" {
                n.push('_');
            }
            n
        };
        self.pending_authorizer = Some(name.clone());
        let mut props = Vec::new();
        let identity = self.at(&format!("{x}/identitySource")).and_then(Value::as_str).map(str::to_string);
        let header_identity = |s: &Option<String>| s.as_deref().and_then(|s| s.strip_prefix("method.request.header.")).map(str::to_string);
        let kind = match ty.as_str() {
            "token" | "request" => {
                let uri = self.at(&format!("{x}/authorizerUri")).and_then(Value::as_str).unwrap_or("").to_string();
                let Some(arn) = super::integrations::lambda_arn_of(&uri) else {
                    self.unsupported(p, format!("the authorizer `{scheme}` without a Lambda `authorizerUri`"));
                    return;
                };
                let f = self.function(&arn, &format!("{x}/authorizerUri"));
                self.mark(&format!("{x}/authorizerUri"));
                props.push(format!("function = {f}"));
                if ty == "token" {
                    match header_identity(&identity) {
                        Some(h) if super::write::is_seg(&h) => {
                            self.mark(&format!("{x}/identitySource"));
                            if h != "Authorization" {
                                props.push(format!("identity = header.{h}"));
                            }
                        }
                        None if identity.is_none() => {}
                        _ => self.unsupported(&format!("{x}/identitySource"), "this token authorizer identity source"),
                    }
                    if let Some(v) = self.take_str(&format!("{x}/identityValidationExpression")) {
                        props.push(format!("validation = {}", plain(&v)));
                    }
                } else if let Some(ids) = &identity {
                    let mut items = Vec::new();
                    for s in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        let item = if let Some(h) = s.strip_prefix("method.request.header.") {
                            Some(format!("header.{h}"))
                        } else if let Some(q) = s.strip_prefix("method.request.querystring.") {
                            Some(format!("query.{q}"))
                        } else if let Some(v) = s.strip_prefix("stageVariables.") {
                            Some(format!("stage_variables.{v}"))
                        } else {
                            s.strip_prefix("context.").map(|c| format!("context.{c}"))
                        };
                        match item.filter(|i| i.split('.').skip(1).all(super::write::is_seg)) {
                            Some(i) => items.push(i),
                            None => self.unsupported(&format!("{x}/identitySource"), format!("the identity source `{s}`")),
                        }
                    }
                    self.mark(&format!("{x}/identitySource"));
                    if !items.is_empty() {
                        props.push(format!("identity = [{}]", items.join(", ")));
                    }
                }
                ty.clone()
            }
            "cognito_user_pools" => {
                let pools = self.take(&format!("{x}/providerARNs")).and_then(|v| v.as_array().cloned()).unwrap_or_default();
                let items: Vec<String> =
                    pools.iter().filter_map(Value::as_str).map(|s| self.text(s, &format!("{x}/providerARNs"))).collect();
                props.push(format!("user_pools = [{}]", items.join(", ")));
                match header_identity(&identity) {
                    Some(h) if super::write::is_seg(&h) => {
                        self.mark(&format!("{x}/identitySource"));
                        if h != "Authorization" {
                            props.push(format!("identity = header.{h}"));
                        }
                    }
                    None if identity.is_none() => {}
                    _ => self.unsupported(&format!("{x}/identitySource"), "this Cognito identity source"),
                }
                "cognito".to_string()
            }
            other => {
                self.unsupported(&format!("{x}/type"), format!("the authorizer type `{other}`"));
                return;
            }
        };
        if let Some(ttl) = self.at(&format!("{x}/authorizerResultTtlInSeconds")).and_then(Value::as_u64) {
            if ttl <= 3600 {
                self.mark(&format!("{x}/authorizerResultTtlInSeconds"));
                props.push(format!("ttl = {ttl}s"));
            }
        }
        // API Gateway caches a request authorizer's results by its identity sources.
        if kind == "request" && !props.iter().any(|p| p.starts_with("identity = ")) && !props.iter().any(|p| p == "ttl = 0s") {
            self.unsupported(&x, format!("the request authorizer `{scheme}` without identity sources whose results are cached"));
            return;
        }
        // Only Lambda authorizers have a role to invoke their function with.
        if kind == "cognito" {
            if self.at(&format!("{x}/authorizerCredentials")).is_some() {
                self.unsupported(&format!("{x}/authorizerCredentials"), "credentials on a Cognito authorizer (it calls no function)");
            }
        } else if let Some(c) = self.take_str(&format!("{x}/authorizerCredentials")) {
            let r = self.role(&c, &format!("{x}/authorizerCredentials"));
            props.push(format!("role = {r}"));
        }
        self.mark(&format!("{x}/type"));
        // The scheme's own fields restate the identity header; they carry nothing else.
        for k in ["type", "name", "in", "x-amazon-apigateway-authtype"] {
            self.mark(&format!("{p}/{k}"));
        }
        self.authorizers.insert(scheme.to_string(), name.clone());
        self.api.push(String::new());
        self.api.push(format!("authorizer {name}: {kind} {{"));
        self.api.extend(props.into_iter().map(|l| format!("  {l}")));
        self.api.push("}".into());
    }

    /// The route's `auth` and `api_key_required` from its (or the document's) `security`.
    pub(super) fn security(&mut self, optr: &str) -> Vec<String> {
        let own = format!("{optr}/security");
        let p = if self.at(&own).is_some() { own } else { "/security".to_string() };
        let n = self.len(&p);
        if n == 0 {
            self.mark(&p);
            return Vec::new();
        }
        if n > 1 {
            self.unsupported(&p, "alternative security requirements (gwc routes have one `auth`)");
            return Vec::new();
        }
        let req = format!("{p}/0");
        let mut out = Vec::new();
        let mut auth: Option<String> = None;
        for scheme in self.keys(&req) {
            let sp = format!("{req}/{}", escape(&scheme));
            let scopes: Vec<String> =
                self.at(&sp).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(plain).collect()).unwrap_or_default();
            let this = if let Some(a) = self.authorizers.get(&scheme) {
                Some(if scopes.is_empty() { a.clone() } else { format!("{a}(scopes: [{}])", scopes.join(", ")) })
            } else if self.iam_schemes.contains(&scheme) {
                Some("iam".to_string())
            } else if self.key_schemes.contains(&scheme) {
                self.mark(&sp);
                out.push("api_key_required = true".into());
                continue;
            } else {
                self.unsupported(&sp, format!("the security requirement `{scheme}` (no such security scheme gwc imports)"));
                continue;
            };
            if auth.is_some() {
                self.unsupported(&sp, "a second authorizer on one operation");
                continue;
            }
            self.mark(&sp);
            auth = this;
        }
        self.mark(&req);
        if let Some(a) = auth {
            out.insert(0, format!("auth = {a}"));
        }
        out
    }

    /// `x-amazon-apigateway-policy` as `policy` blocks (or nothing, when it is the policy gwc
    /// writes for the private API's `vpc_endpoints`).
    pub(super) fn policy(&mut self, vpce: &[String]) {
        let p = "/x-amazon-apigateway-policy";
        if self.at(p).is_none() {
            return;
        }
        if !vpce.is_empty() {
            let ids: Vec<Value> = vpce.iter().map(|s| Value::String(s.clone())).collect();
            if self.at(p) == Some(&crate::emit::documents::private_endpoint_policy(Value::Array(ids))) {
                self.mark(p);
                return;
            }
        }
        let policy = self.at(p).cloned().unwrap_or_default();
        if policy.get("Version").and_then(Value::as_str).is_some() {
            self.mark(&format!("{p}/Version"));
        }
        let statements = policy.get("Statement").and_then(Value::as_array).cloned().unwrap_or_default();
        for (i, s) in statements.iter().enumerate() {
            let sp = format!("{p}/Statement/{i}");
            match self.statement(s, &sp) {
                Some(block) => {
                    self.mark(&sp);
                    self.api.push(block);
                }
                None => self.unsupported(&sp, "this policy statement"),
            }
        }
        self.mark(&format!("{p}/Statement"));
    }

    fn statement(&mut self, s: &Value, sp: &str) -> Option<String> {
        let o = s.as_object()?;
        if o.keys().any(|k| !["Effect", "Principal", "Action", "Resource", "Condition", "Sid"].contains(&k.as_str()))
            || o.contains_key("Sid")
        {
            return None;
        }
        let effect = match o.get("Effect")?.as_str()? {
            "Allow" => "allow",
            "Deny" => "deny",
            _ => return None,
        };
        let list = |v: &Value| -> Option<Vec<String>> {
            match v {
                Value::String(s) => Some(vec![s.clone()]),
                Value::Array(a) => a.iter().map(|x| x.as_str().map(str::to_string)).collect(),
                _ => None,
            }
        };
        let mut props = Vec::new();
        match o.get("Principal")? {
            Value::String(s) if s == "*" => {}
            Value::Object(po) if po.len() == 1 && po.contains_key("AWS") => {
                let ps = list(po.get("AWS")?)?;
                if ps != ["*"] {
                    let items: Vec<String> = ps.iter().map(|x| self.text(x, sp)).collect();
                    props.push(format!("principals = [{}]", items.join(", ")));
                }
            }
            _ => return None,
        }
        let actions = list(o.get("Action")?)?;
        let words: Option<Vec<&str>> = actions
            .iter()
            .map(|a| match a.as_str() {
                "execute-api:Invoke" => Some("invoke"),
                "execute-api:InvalidateCache" => Some("invalidate_cache"),
                "execute-api:*" => Some("all"),
                _ => None,
            })
            .collect();
        let words = words?;
        if words != ["invoke"] {
            props.push(format!("actions = [{}]", words.join(", ")));
        }
        let resources = list(o.get("Resource")?)?;
        let short: Option<Vec<String>> = resources.iter().map(|r| r.strip_prefix("execute-api:").map(plain)).collect();
        let short = short?;
        if short != ["\"/*\""] {
            props.push(format!("resources = [{}]", short.join(", ")));
        }
        if let Some(c) = o.get("Condition") {
            for (op, keys) in c.as_object()? {
                for (key, values) in keys.as_object()? {
                    let word = match (op.as_str(), key.as_str()) {
                        ("IpAddress", "aws:SourceIp") => "source_ip",
                        ("NotIpAddress", "aws:SourceIp") => "not_source_ip",
                        ("StringEquals", "aws:SourceVpce") => "source_vpce",
                        ("StringNotEquals", "aws:SourceVpce") => "not_source_vpce",
                        ("StringEquals", "aws:SourceVpc") => "source_vpc",
                        ("StringNotEquals", "aws:SourceVpc") => "not_source_vpc",
                        _ => return None,
                    };
                    let vs = list(values)?;
                    let items: Vec<String> = vs.iter().map(|x| self.text(x, sp)).collect();
                    props.push(format!("{word} = [{}]", items.join(", ")));
                }
            }
        }
        Some(if props.is_empty() { format!("policy {effect} {{}}") } else { format!("policy {effect} {{\n{}\n}}", props.join("\n")) })
    }
}
