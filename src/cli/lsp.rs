//! `gwc lsp`: the language server for editors, over standard input and output.

use clap::Args;

#[derive(Args, Debug)]
pub struct LspArgs {
    /// Accepted for compatibility with clients that pass it; stdio is the only transport.
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_args: &LspArgs) -> i32 {
    crate::lsp::run()
}
