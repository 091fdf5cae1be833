//! Hostile and large input: no panic, and work in proportion to the input's size.
//! One test crate per subject (each integration-test crate is a link of its own); one
//! module per file.

mod robustness;
mod scaling;
