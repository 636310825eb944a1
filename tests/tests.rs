//! The single integration-test binary; one module per area.

// validate: offline schema validation of the official examples against ../shared/schemas.
mod validate;
