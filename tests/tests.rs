//! The single integration-test binary; one module per area.

#![allow(clippy::unwrap_used)]

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
// readme: the README's migrations table and set-up command stay true.
mod readme;
// legacy: DLM and ML-Model readers over the official examples and our fixtures.
mod legacy;
