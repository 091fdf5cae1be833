//! kvdoctor finds out why a client cannot reach an Azure Key Vault.
//!
//! The [`engine`] is pure Rust and holds every rule; the page (`ui`: its components wasm only, its reducer and request policy everywhere) and the
//! command line (`cli`, native only) are two thin faces over it.

pub mod engine;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

pub mod ui;
