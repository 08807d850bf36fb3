//! Naming shared by every target: logical IDs derived from source names, and content hashes.

use indexmap::IndexMap;

mod stripped;

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
    // The JSON text is hashed as it is written, never held in memory.
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    if serde_json::to_writer(&mut h, value).is_err() {
        h = Fnv(fnv64(b""));
    }
    format!("{:016x}", h.0)
}

/// FNV-1a over everything written to it.
struct Fnv(u64);

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for b in buf {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything that is part of a deployment snapshot, hashed for the deployment of every target.
#[derive(serde::Serialize)]
struct Deployed<'a> {
    api: stripped::Stripped<'a>,
    functions: Vec<(&'a str, &'a crate::model::Text)>,
}

/// The content hash of what a deployment of `api` contains (stages excluded). CloudFormation puts
/// it in the Deployment's logical ID and Terraform in the deployment's `triggers`; both must
/// change exactly when a redeployment is needed, so every target uses this one function.
pub fn deployment_hash(program: &crate::model::Program, api: &crate::model::Api) -> String {
    let used: std::collections::BTreeSet<&str> = api
        .routes
        .iter()
        .filter_map(|r| r.integration.kind.function())
        .chain(api.authorizers.iter().filter_map(|a| a.kind.function()))
        .collect();
    let functions = used.into_iter().filter_map(|k| program.functions.get(k).map(|f| (k, &f.arn))).collect();
    content_hash(&Deployed { api: stripped::Stripped(api), functions })
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
    reserved: std::collections::HashSet<String>,
    /// Key → the ID it wants, in the order asked.
    wanted: IndexMap<String, String>,
    /// The final ID of each of the first `assigned.len()` keys of `wanted` (after `assign`).
    assigned: Vec<String>,
}

impl LogicalIds {
    /// Registers `key` wanting `id` (alphanumeric; a leading digit gets an `N` prefix).
    pub fn want(&mut self, key: impl Into<String>, id: impl Into<String>) {
        let mut id: String = id.into();
        if !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            id.retain(|c| c.is_ascii_alphanumeric());
        }
        if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
            id.insert(0, 'N');
        }
        self.wanted.insert(key.into(), id);
    }

    /// Marks an ID as taken by something else (a parameter): keys wanting it get a suffix.
    pub fn reserve(&mut self, id: impl Into<String>) {
        self.reserved.insert(id.into());
    }

    /// Resolves collisions; call once after every `want`.
    pub fn assign(&mut self) {
        // How many keys want each ID (only counts are read: no hash order reaches the output).
        let mut wanting: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(self.wanted.len());
        for id in self.wanted.values() {
            *wanting.entry(id.as_str()).or_default() += 1;
        }
        self.assigned = self
            .wanted
            .iter()
            .map(|(k, id)| {
                if wanting[id.as_str()] == 1 && !self.reserved.contains(id) {
                    id.clone()
                } else {
                    format!("{id}{:08x}", fnv64(k.as_bytes()) >> 32)
                }
            })
            .collect();
    }

    /// The ID of `key` (the wanted ID if `assign` has not run).
    pub fn get(&self, key: &str) -> String {
        match self.wanted.get_full(key) {
            Some((i, _, id)) => self.assigned.get(i).unwrap_or(id).clone(),
            None => pascal(key),
        }
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
    /// The hash as it was first written: a clone of the API with those fields cleared.
    fn deployment_hash_of_a_clone(program: &crate::model::Program, api: &crate::model::Api) -> String {
        let mut stripped = api.clone();
        stripped.stages.clear();
        stripped.usage_plans.clear();
        stripped.api_keys.clear();
        stripped.domains.clear();
        stripped.client_certificates.clear();
        stripped.logging_role = None;
        #[derive(serde::Serialize)]
        struct Deployed<'a> {
            api: &'a crate::model::Api,
            functions: Vec<(&'a str, &'a crate::model::Text)>,
        }
        let used: std::collections::BTreeSet<&str> = api
            .routes
            .iter()
            .filter_map(|r| r.integration.kind.function())
            .chain(api.authorizers.iter().filter_map(|a| a.kind.function()))
            .collect();
        let functions = used.into_iter().filter_map(|k| program.functions.get(k).map(|f| (k, &f.arn))).collect();
        let text = serde_json::to_string(&Deployed { api: &stripped, functions }).unwrap_or_default();
        format!("{:016x}", fnv64(text.as_bytes()))
    }

    #[test]
    fn deployment_hash_equals_hashing_a_stripped_clone() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut compared = 0;
        let mut with_stage_settings = 0;
        let mut dirs = vec![root.join("examples"), root.join("tests/targets"), root.join("tests/deploy")];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "gw") {
                    continue;
                }
                let mut map = crate::source::SourceMap::default();
                let Ok(checked) = crate::check::compile(&path, &crate::source::FsLoader, &mut map) else { continue };
                for api in &checked.program.apis {
                    assert_eq!(
                        deployment_hash(&checked.program, api),
                        deployment_hash_of_a_clone(&checked.program, api),
                        "{}",
                        path.display()
                    );
                    compared += 1;
                    let a = api;
                    if !a.usage_plans.is_empty() || !a.api_keys.is_empty() || !a.domains.is_empty() || a.logging_role.is_some() {
                        with_stage_settings += 1;
                    }
                }
            }
        }
        assert!(
            compared >= 20 && with_stage_settings >= 3,
            "{compared} APIs compared, {with_stage_settings} with plans, keys, domains or roles"
        );
    }

    #[test]
    fn content_hash_hashes_the_compact_json() {
        let v = serde_json::json!({ "a": [1, "x\"y"], "b": null });
        assert_eq!(content_hash(&v), format!("{:016x}", fnv64(serde_json::to_string(&v).unwrap_or_default().as_bytes())));
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
