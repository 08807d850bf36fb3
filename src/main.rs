//! The `gwc` binary: parses arguments and hands over to the library's CLI.

fn main() {
    std::process::exit(gwc::cli::run());
}
