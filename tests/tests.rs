//! The single integration-test binary; one module per area.

#![allow(clippy::unwrap_used)]
// A test binary has no public API: its modules share helpers with `pub`.
#![allow(unreachable_pub)]

// common: locating ../shared (skip outside CI, fail in CI), the shared schema store, file lists.
mod common;
// validate: offline schema validation of the official examples against ../shared/schemas.
mod validate;
// check: the preprocessing equivalence check (fixtures/check, .npy samples, official examples).
mod check;
// fixtures: insta snapshots of output and report for every fixture in fixtures/.
mod fixtures;
// conformance: official examples → valid MLM 1.5.1, oracle pairs, idempotence, conservation.
mod conformance;
// roundtrip: up → down → up through every writable target, the matrix it prints, and every
// down output valid against its target.
mod roundtrip;
// readme: the README's migrations table and set-up command stay true.
mod readme;
// review: JSON Patch round trips, zero-noise unified diffs, --check exit codes, semantic diff rules.
mod review;
// cli: snapshots of the binary (exit code, stdout, stderr in one file) for every mode and format.
mod cli;
// legacy: DLM and ML-Model readers over the official examples and our fixtures.
mod legacy;
// architecture: the layering of src/ (kernel → steps → engine → renderers), no import cycle.
mod architecture;
// safety: devices, FIFOs, symlinks, modes, signals, kills, size limits, npy bombs, duplicate
// keys and BOMs through the binary; the fuzz entry points as a property test.
mod safety;
// bulk: a generated static catalog (links, cycles, escapes, loops, FIFOs, ignored folders) and
// NDJSON streams through the binary, outputs validated.
mod bulk;
