//! Fuzz target: programs that check cleanly, built for every target and read back.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gwc_fuzz::build(text);
    }
});
