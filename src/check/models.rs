//! Checks `model NAME { field: type ... }` declarations into JSON Schema models, a route's
//! `body: MODEL`, response models and which request validator a route needs.

use super::eval::{Env, Value, V};
use super::props::Props;
use super::Cx;
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::{Model, ParamLocation, RequestBody, RequestParam, Schema, SchemaType, Validator};
use crate::source::Span;
use crate::syntax::ast::{self, Stmt};
use std::rc::Rc;

const TYPES: &[&str] = &["string", "integer", "number", "boolean", "object", "array"];

impl<'w> Cx<'w> {
    /// The API's `model` blocks, with every reference between them resolved.
    pub(crate) fn models(&mut self, props: &mut Props<'w>) -> Vec<Model> {
        let blocks = props.blocks("model");
        let names: Vec<String> = blocks.iter().filter_map(|(b, _)| b.labels.first().map(|l| l.name.clone())).collect();
        let mut out: Vec<Model> = Vec::new();
        for (b, env) in blocks {
            let Some(name) = b.labels.first() else {
                let d = Diagnostic::error("E0206", b.kind.span, "model needs a name")
                    .label("unnamed")
                    .help("write `model Pet { id: integer  name: string }`");
                self.diags.push(d);
                continue;
            };
            if name.name.is_empty() || !name.name.chars().all(|c| c.is_ascii_alphanumeric()) {
                let d = Diagnostic::error("E0301", name.span, format!("invalid model name `{}`", name.name))
                    .label("invalid name")
                    .help("API Gateway model names are letters and digits only, e.g. `PetInput`");
                self.diags.push(d);
                continue;
            }
            if let Some(prev) = out.iter().find(|m| m.name == name.name) {
                let d = Diagnostic::error("E0202", name.span, format!("model `{}` is declared twice", name.name))
                    .label("second declaration")
                    .with_secondary(prev.span, "first declared here");
                self.diags.push(d);
                continue;
            }
            let mut mprops = Props::of_body(&b.body, &env, format!("model `{}`", name.name));
            let description = mprops.get(self, "description").and_then(|v| self.literal(&v));
            let content_type =
                mprops.get(self, "content_type").and_then(|v| self.content_type(&v)).unwrap_or_else(|| "application/json".into());
            let schema = self.object_schema(&mut mprops, &names);
            mprops.finish(self);
            out.push(Model { name: name.name.clone(), description, content_type, schema, span: name.span });
        }
        // Declaration order has no meaning: every target lists models by name.
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// A content type such as `"application/json"`.
    fn content_type(&mut self, v: &V) -> Option<String> {
        let s = self.literal(v)?;
        if !s.contains('/') {
            let d = Diagnostic::error("E0301", v.span, format!("`{s}` is not a content type")).label("expected e.g. \"application/json\"");
            self.diags.push(d);
            return None;
        }
        Some(s)
    }

    /// The fields of a model or nested object (plus `additional_properties`).
    fn object_schema(&mut self, props: &mut Props<'w>, models: &[String]) -> Schema {
        let mut schema = Schema { ty: SchemaType::Object, ..Schema::default() };
        schema.additional_properties = props.get(self, "additional_properties").and_then(|v| self.boolean(&v)).unwrap_or(false);
        for (f, env) in props.take(|s| if let Stmt::Field(f) = s { Some(f) } else { None }) {
            if schema.properties.contains_key(&f.name.name) {
                let d = Diagnostic::error("E0202", f.name.span, format!("field `{}` is declared twice", f.name.name))
                    .label("second declaration");
                self.diags.push(d);
                continue;
            }
            let Some(s) = self.field_schema(f, &env, models) else {
                continue;
            };
            if !f.optional {
                schema.required.push(f.name.name.clone());
            }
            schema.properties.insert(f.name.name.clone(), s);
        }
        schema
    }

    fn field_schema(&mut self, f: &'w ast::Field, env: &Rc<Env>, models: &[String]) -> Option<Schema> {
        let ty = self.schema_type(&f.ty.name, f.ty.span, models)?;
        let what = format!("field `{}`", f.name.name);
        let mut props = match &f.body {
            Some(b) => Props::of_body(b, env, what),
            None => Props::new(Vec::new(), what),
        };
        let schema = self.constrained(ty, &mut props, models, f.ty.span);
        props.finish(self);
        Some(schema)
    }

    /// Reads the constraints a type allows; anything else is reported by `finish`.
    fn constrained(&mut self, ty: SchemaType, props: &mut Props<'w>, models: &[String], at: Span) -> Schema {
        let mut s = match ty {
            SchemaType::Object => self.object_schema(props, models),
            other => Schema { ty: other, ..Schema::default() },
        };
        if matches!(s.ty, SchemaType::Ref(_)) {
            return s;
        }
        s.description = props.get(self, "description").and_then(|v| self.literal(&v));
        let count = |cx: &mut Self, v: V, what: &str| cx.integer(&v, what, 0, i64::from(i32::MAX)).map(|n| n as u64);
        match s.ty {
            SchemaType::String => {
                s.min_length = props.get(self, "min_length").and_then(|v| count(self, v, "min_length"));
                s.max_length = props.get(self, "max_length").and_then(|v| count(self, v, "max_length"));
                s.pattern = props.get(self, "pattern").and_then(|v| self.literal(&v));
                s.format = props.get(self, "format").and_then(|v| {
                    self.option(&v, "string format", &["date-time", "email", "hostname", "ipv4", "ipv6", "uri"]).map(str::to_string)
                });
                if let Some(v) = props.get(self, "enum") {
                    s.values = self.list(&v).iter().filter_map(|i| self.literal(i)).map(serde_json::Value::String).collect();
                }
                if let (Some(lo), Some(hi)) = (s.min_length, s.max_length) {
                    if lo > hi {
                        self.min_max_error(props, "min_length", "max_length");
                    }
                }
            }
            SchemaType::Integer | SchemaType::Number => {
                let whole = s.ty == SchemaType::Integer;
                let number = |cx: &mut Self, v: V| match v.value {
                    Value::Number(n) if whole && n.fract() != 0.0 => {
                        cx.integer(&v, "an integer field's bound", i64::MIN, i64::MAX);
                        None
                    }
                    Value::Number(n) => Some(n),
                    _ => {
                        cx.type_error(&v, "a number");
                        None
                    }
                };
                s.minimum = props.get(self, "minimum").and_then(|v| number(self, v));
                s.maximum = props.get(self, "maximum").and_then(|v| number(self, v));
                if let Some(v) = props.get(self, "enum") {
                    s.values = self.list(&v).into_iter().filter_map(|i| number(self, i)).map(|n| serde_json::json!(n)).collect();
                }
                if let (Some(lo), Some(hi)) = (s.minimum, s.maximum) {
                    if lo > hi {
                        self.min_max_error(props, "minimum", "maximum");
                    }
                }
            }
            SchemaType::Array => {
                s.min_items = props.get(self, "min_items").and_then(|v| count(self, v, "min_items"));
                s.max_items = props.get(self, "max_items").and_then(|v| count(self, v, "max_items"));
                match props.get(self, "items") {
                    Some(v) => {
                        let item = match &v.value {
                            Value::Word(w) => self.schema_type(w, v.span, models).map(|t| Schema { ty: t, ..Schema::default() }),
                            _ => {
                                self.type_error(&v, "a type or model name, e.g. `items = string`");
                                None
                            }
                        };
                        s.items = item.map(Box::new);
                    }
                    None => {
                        let d = Diagnostic::error("E0206", at, "an `array` field needs `items`")
                            .label("no item type")
                            .help("write e.g. `tags: array { items = string }`");
                        self.diags.push(d);
                    }
                }
            }
            _ => {}
        }
        s
    }

    fn min_max_error(&mut self, props: &Props, lo: &str, hi: &str) {
        let span = props.key_span(lo).unwrap_or_default();
        let mut d = Diagnostic::error("E0302", span, format!("`{lo}` is greater than `{hi}`")).label("lower bound above the upper bound");
        if let Some(h) = props.key_span(hi) {
            d = d.with_secondary(h, "upper bound");
        }
        self.diags.push(d);
    }

    fn schema_type(&mut self, name: &str, span: Span, models: &[String]) -> Option<SchemaType> {
        Some(match name {
            "string" => SchemaType::String,
            "integer" => SchemaType::Integer,
            "number" => SchemaType::Number,
            "boolean" => SchemaType::Boolean,
            "object" => SchemaType::Object,
            "array" => SchemaType::Array,
            m if models.iter().any(|x| x == m) => SchemaType::Ref(m.to_string()),
            other => {
                let mut d =
                    Diagnostic::error("E0201", span, format!("unknown type or model `{other}`")).label("not a type or a model of this API");
                d = match did_you_mean(other, TYPES.iter().copied().chain(models.iter().map(String::as_str))) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("types are {}; or declare `model {other} {{ ... }}` in the API", TYPES.join(", "))),
                };
                self.diags.push(d);
                return None;
            }
        })
    }

    /// `body: Pet` (optionally `body: Pet { content_type = "..." }`) in a route.
    pub(crate) fn route_body(&mut self, props: &mut Props<'w>, models: &[crate::model::Model]) -> Option<RequestBody> {
        let fields = props.take(|s| match s {
            Stmt::Field(f) if f.name.name == "body" => Some(f),
            _ => None,
        });
        let mut out = None;
        for (i, (f, env)) in fields.into_iter().enumerate() {
            if i > 0 {
                let d = Diagnostic::error("E0202", f.name.span, "`body` is declared twice").label("second body");
                self.diags.push(d);
                continue;
            }
            if f.optional {
                let d = Diagnostic::error("E0301", f.name.span, "a request body cannot be optional")
                    .label("`body?`")
                    .help("write `body: MODEL`; leave it out for routes whose body is not validated");
                self.diags.push(d);
            }
            let Some(model) = models.iter().find(|m| m.name == f.ty.name) else {
                self.unknown_model(f.ty.span, &f.ty.name, models);
                continue;
            };
            let mut content_type = model.content_type.clone();
            if let Some(b) = &f.body {
                let mut bprops = Props::of_body(b, &env, "a request body");
                if let Some(ct) = bprops.get(self, "content_type").and_then(|v| self.content_type(&v)) {
                    content_type = ct;
                }
                bprops.finish(self);
            }
            out = Some(RequestBody { content_type, model: model.name.clone() });
        }
        out
    }

    pub(crate) fn unknown_model(&mut self, span: Span, name: &str, models: &[crate::model::Model]) {
        let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
        let mut d = Diagnostic::error("E0201", span, format!("unknown model `{name}`")).label("no model with this name");
        d = match did_you_mean(name, names.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if names.is_empty() => d.help(format!("declare it in the API: `model {name} {{ id: string }}`")),
            None => d.help(format!("the API's models: {}", names.join(", "))),
        };
        self.diags.push(d);
    }

    /// `validate = body | params | all | none`; by default what the route declares: its body,
    /// and its required query and header parameters.
    pub(crate) fn validator(&mut self, v: Option<V>, body: bool, params: &[RequestParam]) -> Option<Validator> {
        let required_params = params.iter().any(|p| p.required && p.location != ParamLocation::Path);
        let word = match &v {
            Some(v) => self.option(v, "validation", &["body", "params", "all", "none"])?,
            None => match (body, required_params) {
                (true, true) => "all",
                (true, false) => "body",
                (false, true) => "params",
                (false, false) => "none",
            },
        };
        if let (Some(v), "body" | "all", false) = (&v, word, body) {
            let d = Diagnostic::error("E0301", v.span, "body validation needs a declared body")
                .label("nothing to validate the body against")
                .help("declare the body: `body: MODEL`");
            self.diags.push(d);
        }
        match word {
            "body" => Some(Validator::Body),
            "params" => Some(Validator::Params),
            "all" => Some(Validator::BodyAndParams),
            _ => None,
        }
    }
}
