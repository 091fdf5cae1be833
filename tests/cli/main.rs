//! The `kvdoctor` command line, its public-DNS lookup included.
//! One test crate per subject (each integration-test crate is a link of its own); one
//! module per file.

mod cli;
mod cli_public_dns;
mod collect;
