//! Checks what the generated CloudFormation must fit in: at most 500 resources per template.

use super::Cx;
use crate::diag::Diagnostic;
use crate::model::Api;

/// CloudFormation's limit on resources in one template.
pub const MAX_RESOURCES: usize = 500;

impl Cx<'_> {
    /// Counts the resources the API lowers to and reports a template past the limit, before
    /// anyone tries to deploy it.
    pub(crate) fn check_template_size(&mut self, api: &Api) {
        let count = crate::emit::cloudformation::resource_count(&self.program, api);
        if count <= MAX_RESOURCES {
            return;
        }
        let routes = api.routes.len();
        let d = Diagnostic::error("E0430", api.span, format!("API `{}` needs {count} CloudFormation resources; a template holds at most {MAX_RESOURCES}", api.name))
            .label(format!("{count} resources from {routes} routes"))
            .help("split the API into several APIs (for example one per top-level path, under one custom domain with a `base_path` each), or serve a subtree with one `ANY /prefix/{proxy+}` route");
        self.diags.push(d);
    }
}
