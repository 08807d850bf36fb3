//! The normalised table and the helpers every reducer shares.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Row key → normalised value.
pub type Table = BTreeMap<String, String>;

/// A JSON object whose properties must all be read: `take` removes them, `done` reports the
/// rest, so that output the reducer does not understand fails the test instead of being ignored.
pub struct Obj {
    what: String,
    rest: Map<String, Value>,
}

impl Obj {
    pub fn new(what: impl Into<String>, v: &Value) -> Result<Obj, String> {
        let what = what.into();
        match v {
            Value::Object(m) => Ok(Obj { what, rest: m.clone() }),
            _ => Err(format!("{what}: expected an object, got {v}")),
        }
    }
    pub fn take(&mut self, key: &str) -> Option<Value> {
        self.rest.remove(key)
    }
    pub fn need(&mut self, key: &str) -> Result<Value, String> {
        self.rest.remove(key).ok_or_else(|| format!("{}: missing `{key}`", self.what))
    }
    pub fn ignore(&mut self, keys: &[&str]) {
        for k in keys {
            self.rest.remove(*k);
        }
    }
    pub fn done(self) -> Result<(), String> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{}: the parity reduction does not read {:?}; reduce it in tests/parity/ (all three targets)",
                self.what,
                self.rest.keys().collect::<Vec<_>>()
            ))
        }
    }
}

/// `UserPoolArn` / `user_pool_arn` → `user_pool_arn`.
pub fn snake(s: &str) -> String {
    gwc::emit::names::snake(s)
}

/// A value as canonical text: strings as they are, lists in brackets, objects as sorted JSON.
pub fn plain(v: &Value, s: &dyn Fn(&str) -> String) -> String {
    match v {
        Value::String(x) => s(x),
        Value::Array(a) => format!("[{}]", a.iter().map(|x| plain(x, s)).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => {
            let sorted: BTreeMap<&String, String> = m.iter().map(|(k, v)| (k, plain(v, s))).collect();
            format!("{sorted:?}")
        }
        Value::Number(n) => n.as_f64().map(|f| f.to_string()).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// A map of string values, sorted, as one cell.
pub fn map_cell(v: Option<Value>, s: &dyn Fn(&str) -> String) -> String {
    match v {
        Some(Value::Object(m)) => {
            let sorted: BTreeMap<String, String> = m.iter().map(|(k, v)| (k.clone(), plain(v, s))).collect();
            format!("{sorted:?}")
        }
        Some(other) => plain(&other, s),
        None => "{}".into(),
    }
}

pub fn opt(v: Option<Value>, s: &dyn Fn(&str) -> String) -> String {
    v.map(|v| plain(&v, s)).unwrap_or_else(|| "-".into())
}

/// A readable diff of two tables, or None when they are equal.
pub fn diff(a_name: &str, a: &Table, b_name: &str, b: &Table) -> Option<String> {
    let mut out = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => out.push(format!("  only in {a_name}: {k} = {v}")),
            Some(w) if w != v => out.push(format!("  {k}:\n    {a_name}: {v}\n    {b_name}: {w}")),
            _ => {}
        }
    }
    for (k, v) in b {
        if !a.contains_key(k) {
            out.push(format!("  only in {b_name}: {k} = {v}"));
        }
    }
    (!out.is_empty()).then(|| out.join("\n"))
}

/// The `parameters` row of a route: declared request parameters except path variables, which
/// OpenAPI must declare even where the other targets leave them implicit (generated routes).
pub fn params_cell(v: Option<Value>, s: &dyn Fn(&str) -> String) -> Option<String> {
    let Some(Value::Object(m)) = v else { return None };
    let kept: serde_json::Map<String, Value> = m.into_iter().filter(|(k, _)| !k.starts_with("method.request.path.")).collect();
    (!kept.is_empty()).then(|| map_cell(Some(Value::Object(kept)), s))
}
