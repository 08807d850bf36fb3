//! Fuzz target: arbitrary bytes through `gwc import` (OpenAPI/Swagger, CloudFormation/SAM), and what it imports through check and build.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    gwc_fuzz::import(data);
});
