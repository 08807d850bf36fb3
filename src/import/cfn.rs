//! CloudFormation and SAM templates: where the API definition is (`Body`, `DefinitionBody`), the
//! template's parameters, and intrinsic functions turned into `${...}` text where they can be.

use super::read::escape;
use super::Importer;
use serde_json::{json, Value};

/// Resource types whose property holds an OpenAPI definition, and that property.
const HOLDERS: &[(&str, &str)] = &[
    ("AWS::ApiGateway::RestApi", "Body"),
    ("AWS::Serverless::Api", "DefinitionBody"),
    ("AWS::ApiGatewayV2::Api", "Body"),
    ("AWS::Serverless::HttpApi", "DefinitionBody"),
];

/// The resources of a template that hold an API definition: (pointer to the definition, type).
pub fn definitions(doc: &Value) -> Vec<(String, String)> {
    let Some(resources) = doc.get("Resources").and_then(Value::as_object) else { return Vec::new() };
    let mut out = Vec::new();
    for (id, r) in resources {
        let Some(ty) = r.get("Type").and_then(Value::as_str) else { continue };
        for (holder, prop) in HOLDERS {
            if ty == *holder && r.get("Properties").and_then(|p| p.get(*prop)).is_some_and(Value::is_object) {
                out.push((format!("/Resources/{}/Properties/{prop}", escape(id)), ty.to_string()));
            }
        }
    }
    out
}

/// The pointer of the first API definition in a template.
pub fn definition_pointer(doc: &Value) -> Option<String> {
    definitions(doc).into_iter().next().map(|(p, _)| p)
}

/// A template parameter: its gwc type and default.
#[derive(Debug, Clone)]
pub struct TemplateParam {
    pub ty: &'static str,
    pub default: Option<Value>,
}

/// The template's `Parameters`, by logical ID.
pub fn parameters(doc: &Value) -> indexmap::IndexMap<String, TemplateParam> {
    let mut out = indexmap::IndexMap::new();
    let Some(ps) = doc.get("Parameters").and_then(Value::as_object) else { return out };
    for (id, p) in ps {
        let ty = match p.get("Type").and_then(Value::as_str) {
            Some("Number") => "number",
            Some("CommaDelimitedList") | Some("List<Number>") => "string_list",
            _ => "string",
        };
        out.insert(id.clone(), TemplateParam { ty, default: p.get("Default").cloned() });
    }
    out
}

const PSEUDO: &[&str] = &["AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::URLSuffix"];

impl Importer<'_> {
    /// Replaces the intrinsic functions of the definition at `ptr` (relative to the definition)
    /// by text with `${...}` placeholders: `Ref` to a parameter or pseudo parameter, `Fn::Sub`
    /// (with literal or `Ref` variables), `Fn::Join` of such texts. A `Ref` or `Fn::GetAtt` of a
    /// resource becomes a parameter of its own (a warning: the value must now be passed in);
    /// anything else is reported and left out.
    pub(super) fn resolve_intrinsics(&mut self, v: &mut Value, ptr: &str) {
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.resolve_intrinsics(item, &format!("{ptr}/{i}"));
                }
            }
            Value::Object(o) if o.len() == 1 && o.keys().next().is_some_and(|k| k == "Ref" || k.starts_with("Fn::")) => {
                let (k, arg) = o.iter().next().map(|(k, a)| (k.clone(), a.clone())).unwrap_or_default();
                let fptr = format!("{ptr}/{}", escape(&k));
                *v = match self.intrinsic(&k, &arg, &fptr) {
                    Some(s) => json!(s),
                    None => Value::Null,
                };
            }
            Value::Object(o) => {
                for (k, item) in o.iter_mut() {
                    self.resolve_intrinsics(item, &format!("{ptr}/{}", escape(k)));
                }
            }
            _ => {}
        }
    }

    fn intrinsic(&mut self, k: &str, arg: &Value, ptr: &str) -> Option<String> {
        match (k, arg) {
            ("Ref", Value::String(name)) => Some(self.reference(name, None, ptr)),
            ("Fn::GetAtt", Value::Array(a)) if a.len() == 2 => {
                let (r, attr) = (a[0].as_str()?, a[1].as_str()?);
                Some(self.reference(r, Some(attr), ptr))
            }
            ("Fn::Sub", Value::String(s)) => Some(self.sub(s, &indexmap::IndexMap::new(), ptr)),
            ("Fn::Sub", Value::Array(a)) if a.len() == 2 && a[0].is_string() && a[1].is_object() => {
                let mut vars = indexmap::IndexMap::new();
                for (name, value) in a[1].as_object()?.iter() {
                    let mut value = value.clone();
                    self.resolve_intrinsics(&mut value, &format!("{ptr}/1/{}", escape(name)));
                    vars.insert(name.clone(), value.as_str().map(str::to_string)?);
                }
                Some(self.sub(a[0].as_str()?, &vars, ptr))
            }
            ("Fn::Join", Value::Array(a)) if a.len() == 2 && a[0].is_string() && a[1].is_array() => {
                let mut parts = Vec::new();
                for (i, p) in a[1].as_array()?.iter().enumerate() {
                    let mut p = p.clone();
                    self.resolve_intrinsics(&mut p, &format!("{ptr}/1/{i}"));
                    parts.push(p.as_str()?.to_string());
                }
                Some(parts.join(a[0].as_str()?))
            }
            _ => {
                self.cannot_resolve(ptr, k);
                None
            }
        }
    }

    /// `Ref NAME` or `Fn::GetAtt NAME.ATTR` as a placeholder.
    fn reference(&mut self, name: &str, attr: Option<&str>, ptr: &str) -> String {
        if attr.is_none() && (PSEUDO.contains(&name) || self.template_params.contains_key(name)) {
            return format!("${{{name}}}");
        }
        if name.starts_with("AWS::") {
            self.cannot_resolve(ptr, name);
            return String::new();
        }
        let id: String = format!("{name}{}", attr.unwrap_or("")).chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let what = match attr {
            Some(a) => format!("`{name}.{a}`"),
            None => format!("`Ref {name}`"),
        };
        self.resource_param(ptr, &id, &what);
        format!("${{{id}}}")
    }

    /// `Fn::Sub`: `${Param}` and pseudo parameters stay placeholders, variables are substituted,
    /// `${Resource.Attr}` and `${Resource}` become parameters, `${!Literal}` is `${Literal}`.
    fn sub(&mut self, s: &str, vars: &indexmap::IndexMap<String, String>, ptr: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(open) = rest.find("${") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let inner = &after[..close];
            rest = &after[close + 1..];
            if let Some(lit) = inner.strip_prefix('!') {
                out.push_str(&format!("${{{lit}}}"));
            } else if let Some(v) = vars.get(inner) {
                out.push_str(v);
            } else if let Some((r, a)) = inner.split_once('.') {
                if r == "stageVariables" {
                    out.push_str(&format!("${{{inner}}}"));
                } else {
                    out.push_str(&self.reference(r, Some(a), ptr));
                }
            } else {
                out.push_str(&self.reference(inner, None, ptr));
            }
        }
        out.push_str(rest);
        out
    }
}
