//! Component schemas (`definitions` in Swagger 2) as `model`s, inline body and response schemas
//! as models of their own, and the request validators.

use super::read::escape;
use super::write::plain;
use super::Importer;
use serde_json::Value;

/// Formats gwc's string fields accept.
const FORMATS: &[&str] = &["date-time", "email", "hostname", "ipv4", "ipv6", "uri"];

fn model_name(s: &str) -> String {
    let n: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
    match n.chars().next() {
        None => "Model".into(),
        Some(c) if c.is_ascii_digit() => format!("M{n}"),
        _ => n,
    }
}

impl Importer<'_> {
    fn schemas_base(&self) -> &'static str {
        if self.swagger {
            "/definitions"
        } else {
            "/components/schemas"
        }
    }

    pub(super) fn import_models(&mut self) {
        let base = self.schemas_base();
        let names = self.keys(base);
        for n in &names {
            let mut m = model_name(n);
            while self.models.values().any(|x| *x == m) {
                m.push('2');
            }
            self.models.insert(format!("#{base}/{}", escape(n)), m);
        }
        for n in names {
            let p = format!("{base}/{}", escape(&n));
            let m = self.models.get(&format!("#{p}")).cloned().unwrap_or_default();
            self.model(&m, &p);
        }
    }

    /// `model NAME { ... }` for the object schema at `p`.
    fn model(&mut self, name: &str, p: &str) {
        let ty = self.at(&format!("{p}/type")).and_then(Value::as_str);
        if ty.is_some_and(|t| t != "object") || (ty.is_none() && self.at(&format!("{p}/properties")).is_none()) {
            self.unsupported(p, format!("the schema `{name}`, which is not an object (gwc models are objects)"));
            return;
        }
        let mut body = Vec::new();
        if let Some(d) = self.take_str(&format!("{p}/description")) {
            body.push(format!("description = {}", plain(&d)));
        }
        self.mark(&format!("{p}/title"));
        self.mark(&format!("{p}/type"));
        body.extend(self.fields(p));
        self.api.push(String::new());
        self.api.push(format!("model {name} {{"));
        self.api.extend(body.into_iter().map(|l| format!("  {l}")));
        self.api.push("}".into());
    }

    /// The fields of the object schema at `p`, with `additional_properties`.
    fn fields(&mut self, p: &str) -> Vec<String> {
        let mut out = Vec::new();
        let required: Vec<String> = self
            .at(&format!("{p}/required"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        self.mark(&format!("{p}/required"));
        match self.at(&format!("{p}/additionalProperties")) {
            Some(Value::Bool(false)) => self.mark(&format!("{p}/additionalProperties")),
            Some(Value::Bool(true)) | None => {
                self.mark(&format!("{p}/additionalProperties"));
                out.push("additional_properties = true".into());
            }
            Some(_) => {}
        }
        let pp = format!("{p}/properties");
        self.mark(&pp);
        for f in self.keys(&pp) {
            let fp = format!("{pp}/{}", escape(&f));
            if !f.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                || !f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                self.unsupported(&fp, format!("the property name `{f}` (gwc field names are letters, digits and `_`)"));
                continue;
            }
            let opt = if required.contains(&f) { "" } else { "?" };
            if let Some(field) = self.field(&fp) {
                out.push(format!("{f}{opt}: {field}"));
            }
        }
        for r in &required {
            if self.at(&format!("{pp}/{}", escape(r))).is_none() {
                self.unsupported(&format!("{p}/required"), format!("the required property `{r}` that the schema does not define"));
            }
        }
        out
    }

    /// `TYPE { settings }` of the field schema at `fp`.
    fn field(&mut self, fp: &str) -> Option<String> {
        if let Some(r) = self.model_ref(fp) {
            return Some(r);
        }
        let ty = self.at(&format!("{fp}/type")).and_then(Value::as_str).map(str::to_string);
        let Some(ty) = ty.filter(|t| ["string", "integer", "number", "boolean", "object", "array"].contains(&t.as_str())) else {
            self.unsupported(fp, "a property schema without a single JSON type");
            return None;
        };
        self.mark(&format!("{fp}/type"));
        let mut settings = Vec::new();
        if let Some(d) = self.take_str(&format!("{fp}/description")) {
            settings.push(format!("description = {}", plain(&d)));
        }
        let count = |s: &mut Self, k: &str, word: &str, settings: &mut Vec<String>| {
            if let Some(n) = s.at(&format!("{fp}/{k}")).and_then(Value::as_u64) {
                s.mark(&format!("{fp}/{k}"));
                settings.push(format!("{word} = {n}"));
            }
        };
        match ty.as_str() {
            "string" => {
                count(self, "minLength", "min_length", &mut settings);
                count(self, "maxLength", "max_length", &mut settings);
                if let Some(pat) = self.take_str(&format!("{fp}/pattern")) {
                    settings.push(format!("pattern = {}", plain(&pat)));
                }
                if let Some(f) =
                    self.at(&format!("{fp}/format")).and_then(Value::as_str).filter(|f| FORMATS.contains(f)).map(str::to_string)
                {
                    self.mark(&format!("{fp}/format"));
                    settings.push(format!("format = {}", plain(&f)));
                }
                if let Some(Value::Array(vs)) = self.at(&format!("{fp}/enum")).cloned() {
                    if vs.iter().all(Value::is_string) {
                        self.mark(&format!("{fp}/enum"));
                        settings
                            .push(format!("enum = [{}]", vs.iter().filter_map(Value::as_str).map(plain).collect::<Vec<_>>().join(", ")));
                    }
                }
            }
            "integer" | "number" => {
                for (k, word) in [("minimum", "minimum"), ("maximum", "maximum")] {
                    if let Some(n) = self.at(&format!("{fp}/{k}")).filter(|v| v.is_number()).cloned() {
                        self.mark(&format!("{fp}/{k}"));
                        settings.push(format!("{word} = {n}"));
                    }
                }
                if let Some(Value::Array(vs)) = self.at(&format!("{fp}/enum")).cloned() {
                    if vs.iter().all(Value::is_number) {
                        self.mark(&format!("{fp}/enum"));
                        settings.push(format!("enum = [{}]", vs.iter().map(Value::to_string).collect::<Vec<_>>().join(", ")));
                    }
                }
            }
            "array" => {
                count(self, "minItems", "min_items", &mut settings);
                count(self, "maxItems", "max_items", &mut settings);
                let ip = format!("{fp}/items");
                let item = match self.model_ref(&ip) {
                    Some(m) => Some(m),
                    None => {
                        let t = self.at(&format!("{ip}/type")).and_then(Value::as_str).map(str::to_string);
                        let plain_item =
                            self.at(&ip).and_then(Value::as_object).is_some_and(|o| o.keys().all(|k| k == "type" || k == "description"));
                        match t {
                            Some(t) if plain_item && ["string", "integer", "number", "boolean"].contains(&t.as_str()) => {
                                self.mark(&format!("{ip}/type"));
                                Some(t)
                            }
                            _ => None,
                        }
                    }
                };
                match item {
                    Some(i) => settings.insert(0, format!("items = {i}")),
                    None => {
                        self.unsupported(&ip, "array items that are not a plain type or a model (declare the item as a model)");
                        return None;
                    }
                }
            }
            "object" => settings.extend(self.fields(fp)),
            _ => {}
        }
        Some(if settings.is_empty() {
            ty
        } else if settings.iter().any(|s| s.contains('\n')) || settings.len() > 3 || ty == "object" {
            format!("{ty} {{\n{}\n}}", settings.join("\n"))
        } else {
            format!("{ty} {{ {} }}", settings.join("  "))
        })
    }

    /// The model a `$ref` at `p` names, if it is one of the component schemas.
    fn model_ref(&mut self, p: &str) -> Option<String> {
        let r = self.at(&format!("{p}/$ref")).and_then(Value::as_str)?.to_string();
        match self.models.get(&r).cloned() {
            Some(m) => {
                self.mark(&format!("{p}/$ref"));
                Some(m)
            }
            None => {
                self.bad_ref(&format!("{p}/$ref"), &r);
                None
            }
        }
    }

    /// The model of a body or response schema at `p`: a component model, or an inline object
    /// schema declared as a model of its own (`<Suffix>N`).
    pub(super) fn schema_model(&mut self, p: &str, suffix: &str) -> Option<String> {
        self.at(p)?;
        if self.at(&format!("{p}/$ref")).is_some() {
            let m = self.model_ref(p)?;
            self.mark(p);
            return Some(m);
        }
        let mut n = 1;
        let mut name = format!("{suffix}{n}");
        while self.models.values().any(|x| *x == name) {
            n += 1;
            name = format!("{suffix}{n}");
        }
        let before = self.api.len();
        self.model(&name, p);
        if self.api.len() == before {
            return None;
        }
        self.models.insert(format!("#inline{p}"), name.clone());
        Some(name)
    }

    pub(super) fn import_validators(&mut self) {
        let base = "/x-amazon-apigateway-request-validators";
        for name in self.keys(base) {
            let p = format!("{base}/{}", escape(&name));
            let body = self.at(&format!("{p}/validateRequestBody")).and_then(Value::as_bool).unwrap_or(false);
            let params = self.at(&format!("{p}/validateRequestParameters")).and_then(Value::as_bool).unwrap_or(false);
            self.mark(&format!("{p}/validateRequestBody"));
            self.mark(&format!("{p}/validateRequestParameters"));
            let word = match (body, params) {
                (true, true) => "all",
                (true, false) => "body",
                (false, true) => "params",
                (false, false) => "none",
            };
            self.validators.insert(name, word);
        }
    }
}
