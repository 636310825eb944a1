//! Document path: read (JSON or YAML, sniffed) → migrate → render → parse back.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mlm_migrate::fuzzing::document(data));
