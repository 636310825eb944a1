//! The expression parser (and evaluator) of processing steps.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mlm_migrate::fuzzing::expression(data));
