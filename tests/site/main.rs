//! The site: the static first screen and every host's response headers.
//! One test crate per subject (each integration-test crate is a link of its own); one
//! module per file.

mod first_screen;
mod hosting;
