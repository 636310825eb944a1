//! The `.npy` sample reader of the preprocessing check.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mlm_migrate::fuzzing::npy(data));
