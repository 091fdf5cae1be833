//! Reading and diagnosing: every input kind, the message catalogue, the registry, whole cases
//! (the page's examples and their snapshots), sovereign clouds, the stages and the JSON contract.
//! One test crate per subject (each integration-test crate is a link of its own); one
//! module per file.

#[path = "../common/mod.rs"]
mod common;

mod absent_keys;
mod actionable;
mod caller_alone;
mod diagnosis;
mod empty_keys;
mod inputs;
mod json_contract;
mod localized;
mod message_scenarios;
mod messages;
mod minified;
mod nslookup;
mod portal_banners;
mod registry;
mod role_scopes;
mod scenarios;
mod sovereign;
mod stages;
