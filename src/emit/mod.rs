//! Lowering the Model to deployable artifacts; pure functions from Model to serde values.

pub mod cloudformation;
pub mod documents;
pub mod names;
pub mod openapi;
pub mod terraform;
pub mod unlowered;

/// Serialisation of an emitted document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
        }
    }
}

/// Renders a document as pretty JSON or YAML text, ending with a newline.
pub fn render(doc: &serde_json::Value, format: Format) -> Result<String, String> {
    match format {
        Format::Json => serde_json::to_string_pretty(doc).map(|s| s + "\n").map_err(|e| e.to_string()),
        Format::Yaml => serde_saphyr::to_string(doc).map_err(|e| e.to_string()),
    }
}
