//! The site: the static first screen, every host's response headers and the examples it ships.
//! One test crate per subject (each integration-test crate is a link of its own); one
//! module per file.

mod first_screen;
mod hosting;
mod shipped_examples;
