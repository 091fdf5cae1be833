//! The browser build: natively, the parity snapshot is kept equal to the native report; in the
//! browser (`cargo test --target wasm32-unknown-unknown --test wasm`), the wasm engine gives
//! exactly that report and the app mounts and diagnoses a paste.
//! One test crate per subject (each integration-test crate is a link of its own); one
//! module per file.

#[path = "../common/mod.rs"]
mod common;

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
mod parity;
