//! Secret removal on arbitrary text (split into pastes on form feeds), as the default link and
//! reports use it and as whole pastes use it (the stronger removal): no panic, and removing
//! again finds nothing more — what leaves the page is already clean.
#![no_main]

use kvdoctor::engine::redact::{redact, redact_whole};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pastes: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    for remove in [redact, redact_whole] {
        let (clean, _) = remove(&pastes);
        assert_eq!(clean.len(), pastes.len());
        let (again, removed) = remove(&clean);
        assert!(removed.is_empty(), "removed twice: {removed:?}");
        assert_eq!(again, clean);
    }
});
