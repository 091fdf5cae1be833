//! In the browser: mount the page. Natively: the `kvdoctor` command line.

#[cfg(target_arch = "wasm32")]
fn main() {
    kvdoctor::ui::start();
}

/// The CLI reads files of many megabytes into many small values; glibc's allocator spent about a
/// quarter of a 10 MB JSON list's time in malloc and free.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(kvdoctor::cli::run(std::env::args_os().skip(1)));
}
