//! Reading the input: JSON or YAML (CloudFormation short-form tags such as `!Sub` become their
//! long form), what kind of document it is, and where a JSON pointer lies in the text.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{json, Map, Value};

/// What the input file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// OpenAPI 3.x.
    OpenApi3,
    /// Swagger 2.0.
    Swagger2,
    /// A CloudFormation or SAM template; the API definition is at this pointer.
    Template(String),
}

/// Parses JSON (when the text starts with `{`) or YAML; Err(message) when it is neither.
pub fn parse(text: &str) -> Result<Value, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|e| format!("not valid JSON: {e}"));
    }
    let node: Node = serde_saphyr::from_str(trimmed).map_err(|e| format!("not valid YAML: {}", first_line(&e.to_string())))?;
    Ok(node.into_json())
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// One YAML node with its tag (`!Ref`, `!Sub`, ...), if any.
struct Node(serde_saphyr::Tagged<Plain>);

enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_saphyr::Tagged::<Plain>::deserialize(d).map(Node)
    }
}

impl<'de> Deserialize<'de> for Plain {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PlainVisitor)
    }
}

struct PlainVisitor;

impl<'de> Visitor<'de> for PlainVisitor {
    type Value = Plain;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Plain, E> {
        Ok(Plain::Null)
    }
    fn visit_none<E>(self) -> Result<Plain, E> {
        Ok(Plain::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Plain, D::Error> {
        Plain::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Plain, E> {
        Ok(Plain::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Plain, E> {
        Ok(Plain::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Plain, E> {
        Ok(Plain::UInt(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Plain, E> {
        Ok(Plain::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Plain, E> {
        Ok(Plain::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Plain, E> {
        Ok(Plain::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Plain, A::Error> {
        let mut out = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            out.push(n);
        }
        Ok(Plain::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Plain, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<KeyString>()? {
            let v = map.next_value::<Node>()?;
            out.push((k.0, v));
        }
        Ok(Plain::Map(out))
    }
}

/// A mapping key as text (YAML allows numbers and booleans as keys: `200:`).
struct KeyString(String);

impl<'de> Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Plain::deserialize(d)? {
            Plain::Str(s) => Ok(KeyString(s)),
            Plain::Int(i) => Ok(KeyString(i.to_string())),
            Plain::UInt(i) => Ok(KeyString(i.to_string())),
            Plain::Float(f) => Ok(KeyString(f.to_string())),
            Plain::Bool(b) => Ok(KeyString(b.to_string())),
            Plain::Null => Ok(KeyString("null".into())),
            _ => Err(serde::de::Error::custom("a mapping key must be a scalar")),
        }
    }
}

impl Node {
    fn into_json(self) -> Value {
        let serde_saphyr::Tagged(plain, tag) = self.0;
        let value = match plain {
            Plain::Null => Value::Null,
            Plain::Bool(b) => json!(b),
            Plain::Int(i) => json!(i),
            Plain::UInt(i) => json!(i),
            Plain::Float(f) => json!(f),
            Plain::Str(s) => json!(s),
            Plain::Seq(items) => Value::Array(items.into_iter().map(Node::into_json).collect()),
            Plain::Map(entries) => Value::Object(entries.into_iter().map(|(k, v)| (k, v.into_json())).collect::<Map<String, Value>>()),
        };
        match tag.as_deref().and_then(short_form) {
            Some(name) => with_tag(name, value),
            None => value,
        }
    }
}

/// The intrinsic function of a CloudFormation short-form tag (`!Sub` → `Fn::Sub`, `!Ref` → `Ref`).
fn short_form(tag: &str) -> Option<&str> {
    let name = tag.strip_prefix('!')?;
    if name.is_empty() || name.starts_with('!') || name.contains(':') {
        return None;
    }
    Some(name)
}

fn with_tag(name: &str, value: Value) -> Value {
    match name {
        "Ref" | "Condition" => json!({ name: value }),
        // `!GetAtt Resource.Attribute` is the string form of `[Resource, Attribute]`.
        "GetAtt" => match value {
            Value::String(s) => match s.split_once('.') {
                Some((r, a)) => json!({ "Fn::GetAtt": [r, a] }),
                None => json!({ "Fn::GetAtt": s }),
            },
            other => json!({ "Fn::GetAtt": other }),
        },
        _ => json!({ format!("Fn::{name}"): value }),
    }
}

/// What the document is: OpenAPI 3, Swagger 2, or a template holding one (found by [`crate::import::cfn`]).
pub fn kind(doc: &Value) -> Option<Kind> {
    let o = doc.as_object()?;
    if o.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.")) {
        return Some(Kind::OpenApi3);
    }
    if o.get("swagger").and_then(Value::as_str) == Some("2.0") {
        return Some(Kind::Swagger2);
    }
    super::cfn::definition_pointer(doc).map(Kind::Template)
}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn escape(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

fn unescape(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

/// The byte range in `text` of the item at `pointer`, found by looking for each key in turn (and
/// counting items for array indexes, approximately): the key's line in YAML, the key in JSON.
/// Falls back to the nearest enclosing item found, then to the start of the file.
pub fn locate(text: &str, pointer: &str) -> (usize, usize) {
    let mut pos = 0usize;
    let mut found = (0usize, 0usize);
    for seg in pointer.split('/').skip(1) {
        let seg = unescape(seg);
        if let Ok(i) = seg.parse::<usize>() {
            // An array index: the i-th `- ` item (YAML) or `{`/value after the key (JSON), roughly.
            let mut at = pos;
            let mut ok = true;
            for _ in 0..=i {
                match text[at..].find("- ").or_else(|| text[at..].find('{')) {
                    Some(p) => at += p + 1,
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                pos = at;
                found = (at.saturating_sub(1), at);
            }
            continue;
        }
        let candidates = [format!("\"{seg}\""), format!("'{seg}'"), seg.clone()];
        let mut best: Option<(usize, usize)> = None;
        for c in &candidates {
            let mut from = pos;
            while let Some(p) = text[from..].find(c.as_str()) {
                let start = from + p;
                let end = start + c.len();
                let after = text[end..].trim_start_matches([' ', '\t']);
                let before_ok = start == 0 || !text[..start].ends_with(|ch: char| ch.is_alphanumeric() || ch == '_' || ch == '-');
                if after.starts_with(':') && before_ok {
                    if best.is_none_or(|(s, _)| start < s) {
                        best = Some((start, end));
                    }
                    break;
                }
                from = end;
            }
        }
        match best {
            Some((s, e)) => {
                pos = e;
                found = (s, e);
            }
            None => break,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_form_tags_become_intrinsics() {
        let v = parse("a: !Ref Stage\nb: !Sub 'x-${AWS::Region}'\nc: !GetAtt Fn.Arn\nd: !If [C, 1, 2]\n200: ok\n").expect("YAML");
        assert_eq!(v["a"], json!({ "Ref": "Stage" }));
        assert_eq!(v["b"], json!({ "Fn::Sub": "x-${AWS::Region}" }));
        assert_eq!(v["c"], json!({ "Fn::GetAtt": ["Fn", "Arn"] }));
        assert_eq!(v["d"], json!({ "Fn::If": ["C", 1, 2] }));
        assert_eq!(v["200"], json!("ok"));
    }

    #[test]
    fn standard_tags_and_json_are_plain() {
        assert_eq!(parse("a: !!str 12\n").expect("YAML")["a"], json!("12"));
        assert_eq!(parse("{\"a\": [1]}").expect("JSON")["a"], json!([1]));
        assert!(parse("{ nope").is_err());
    }

    #[test]
    fn locate_finds_keys_in_order() {
        let text = "paths:\n  /a:\n    get:\n      x: 1\n  /b:\n    get:\n      x: 2\n";
        let (s, _) = locate(text, "/paths/~1b/get/x");
        assert_eq!(&text[s..s + 4], "x: 2");
    }
}
