//! The one integration-test binary; each module holds the tests of one area.

// check: the preprocessing equivalence check (fixtures/check, .npy samples, official examples).
mod check;
