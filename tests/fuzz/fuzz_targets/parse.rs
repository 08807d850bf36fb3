//! Fuzz target: arbitrary bytes through the parser.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gwc_fuzz::parse_bytes(data));
