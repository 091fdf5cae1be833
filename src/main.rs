//! In the browser: mount the page. Natively: the `kvdoctor` command line.

/// The page's shell allocates little (its state, the DOM's nodes, the answers it decodes), so a
/// free-list allocator of under 1 KB replaces Rust's dlmalloc (about 7 KB of wasm): 2.7 KB
/// brotli off the first download, with no slower report in the bench (2026-12-07). The engine's
/// worker (src/bin/kvdoctor-engine.rs), which reads 5 MB pastes, keeps dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

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
