//! Human-readable report (stderr).
