//! Naming shared by every target: logical IDs derived from source names, and content hashes.

use indexmap::IndexMap;

/// `list_pets` → `ListPets`, `{petId}` → `PetId`, `X-Api-Key` → `XApiKey`.
pub fn pascal(s: &str) -> String {
    let mut out = String::new();
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// FNV-1a, 64 bits: a stable content hash (not for security).
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hex of the hash of a serialisable value (its canonical JSON).
pub fn content_hash<T: serde::Serialize>(value: &T) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    format!("{:016x}", fnv64(text.as_bytes()))
}

/// Everything that is part of a deployment snapshot, hashed for the deployment of every target.
#[derive(serde::Serialize)]
struct Deployed<'a> {
    api: &'a crate::model::Api,
    functions: Vec<(&'a str, &'a crate::model::Text)>,
}

/// The content hash of what a deployment of `api` contains (stages excluded). CloudFormation puts
/// it in the Deployment's logical ID and Terraform in the deployment's `triggers`; both must
/// change exactly when a redeployment is needed, so every target uses this one function.
pub fn deployment_hash(program: &crate::model::Program, api: &crate::model::Api) -> String {
    let mut stripped = api.clone();
    stripped.stages.clear();
    // Neither are these part of a deployment: they refer to stages, not the other way round.
    stripped.usage_plans.clear();
    stripped.api_keys.clear();
    stripped.domains.clear();
    stripped.client_certificates.clear();
    stripped.logging_role = None;
    let used: std::collections::BTreeSet<&str> = api
        .routes
        .iter()
        .filter_map(|r| r.integration.kind.function())
        .chain(api.authorizers.iter().filter_map(|a| a.kind.function()))
        .collect();
    let functions = used.into_iter().filter_map(|k| program.functions.get(k).map(|f| (k, &f.arn))).collect();
    content_hash(&Deployed { api: &stripped, functions })
}

/// `PetsPetId` → `pets_pet_id`: a Terraform resource name from a logical ID.
pub fn snake(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = true;
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n_{out}")
    } else {
        out
    }
}

/// Allocates logical IDs: each key asks for a readable ID; when different keys ask for the same
/// ID, all of them get a suffix from their key's hash, so the result does not depend on order.
#[derive(Debug, Default)]
pub struct LogicalIds {
    reserved: Vec<String>,
    wanted: IndexMap<String, String>,
    assigned: IndexMap<String, String>,
}

impl LogicalIds {
    /// Registers `key` wanting `id` (alphanumeric; a leading digit gets an `N` prefix).
    pub fn want(&mut self, key: impl Into<String>, id: impl Into<String>) {
        let mut id: String = id.into().chars().filter(char::is_ascii_alphanumeric).collect();
        if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
            id.insert(0, 'N');
        }
        self.wanted.insert(key.into(), id);
    }

    /// Marks an ID as taken by something else (a parameter): keys wanting it get a suffix.
    pub fn reserve(&mut self, id: impl Into<String>) {
        self.reserved.push(id.into());
    }

    /// Resolves collisions; call once after every `want`.
    pub fn assign(&mut self) {
        let mut by_id: IndexMap<&str, Vec<&str>> = IndexMap::new();
        for (k, id) in &self.wanted {
            by_id.entry(id.as_str()).or_default().push(k.as_str());
        }
        for (id, keys) in by_id {
            for k in &keys {
                let free = keys.len() == 1 && !self.reserved.iter().any(|r| r == id);
                let final_id = if free { id.to_string() } else { format!("{id}{}", &format!("{:016x}", fnv64(k.as_bytes()))[..8]) };
                self.assigned.insert((*k).to_string(), final_id);
            }
        }
    }

    /// The ID of `key` (the wanted ID if `assign` has not run).
    pub fn get(&self, key: &str) -> String {
        self.assigned.get(key).or_else(|| self.wanted.get(key)).cloned().unwrap_or_else(|| pascal(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn pascal_case() {
        assert_eq!(pascal("list_pets"), "ListPets");
        assert_eq!(pascal("{petId}"), "PetId");
        assert_eq!(pascal("X-Api-Key"), "XApiKey");
    }
    #[test]
    fn snake_case() {
        assert_eq!(snake("PetsPetId"), "pets_pet_id");
        assert_eq!(snake("Root"), "root");
        assert_eq!(snake("Pets1a2b3c4d"), "pets1a2b3c4d");
        assert_eq!(snake("N404"), "n404");
    }
    #[test]
    fn collisions_get_order_independent_suffixes() {
        let mut a = LogicalIds::default();
        a.want("path:/a-b", "ABResource");
        a.want("path:/ab", "AbResource");
        a.want("path:/a_b", "ABResource");
        a.assign();
        let mut b = LogicalIds::default();
        b.want("path:/a_b", "ABResource");
        b.want("path:/a-b", "ABResource");
        b.assign();
        assert_eq!(a.get("path:/a-b"), b.get("path:/a-b"));
        assert_ne!(a.get("path:/a-b"), a.get("path:/a_b"));
        assert_eq!(a.get("path:/ab"), "AbResource");
    }
}
