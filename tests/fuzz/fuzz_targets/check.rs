//! Fuzz target: programs that parse, through the checker and every lint rule.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        gwc_fuzz::check(text);
    }
});
