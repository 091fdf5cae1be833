//! In the browser: mount the page. Natively: the `kvdoctor` command line.

#[cfg(target_arch = "wasm32")]
fn main() {
    kvdoctor::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(kvdoctor::cli::run(std::env::args_os().skip(1)));
}
