//! The `mlm-migrate` binary (placeholder until the CLI lands; clap lives only here).

fn main() {}
