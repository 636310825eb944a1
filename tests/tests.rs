//! The single integration-test binary; one module per area.

// validate: offline schema validation of the official examples against ../shared/schemas.
mod validate;
// legacy: DLM and ML-Model readers over the official examples and our fixtures.
mod legacy;
