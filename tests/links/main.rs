//! What leaves kvdoctor: share links, secret removal and the commands a report offers to copy.
//! One test crate per subject (each integration-test crate is a link of its own); one
//! module per file.

#[path = "../common/mod.rs"]
mod common;

mod links;
mod redaction;
mod shell_safety;
