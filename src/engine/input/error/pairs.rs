//! A prefilter for the phrases the clue readers look for: which byte pairs one lower-cased
//! line holds, as a 4,096-bit set built in one pass over the line. A phrase one of whose pairs
//! the line lacks cannot occur in it, so most of the hundred-odd phrases asked of a line are
//! answered by a few bit tests instead of a substring search each (setting up `str::find`'s
//! searcher cost more than the search on short lines: issue 24's profile of 1 MB of error
//! lines). A phrase that passes is searched for as before, so every answer is exactly
//! `str::find`'s.
//!
//! The `aho-corasick` crate was the other candidate; it needs every phrase in one table, and
//! the phrases live beside the readers that use them. This costs no dependency and no wasm.

/// Bits in the set: a power of two.
const BITS: usize = 4096;

/// Lines longer than this are searched directly: their pairs would fill the set anyway.
const LONGEST: usize = 1024;

/// The byte pairs of one line (a set that may say yes wrongly, never no wrongly).
pub(super) struct Pairs {
    /// `None` for a long line: every phrase may be there.
    bits: Option<[u64; BITS / 64]>,
}

fn slot(first: u8, second: u8) -> usize {
    ((usize::from(first) << 5) ^ usize::from(second)) & (BITS - 1)
}

impl Pairs {
    /// The pairs of `lower`, the line lower-cased (ASCII) as the phrases are.
    pub(super) fn of(lower: &str) -> Pairs {
        if lower.len() > LONGEST {
            return Pairs { bits: None };
        }
        let mut bits = [0u64; BITS / 64];
        for pair in lower.as_bytes().windows(2) {
            if let [first, second] = *pair {
                let at = slot(first, second);
                if let Some(word) = bits.get_mut(at / 64) {
                    *word |= 1 << (at % 64);
                }
            }
        }
        Pairs { bits: Some(bits) }
    }

    /// Whether `phrase` may occur in the line: false only when it cannot.
    pub(super) fn may_hold(&self, phrase: &str) -> bool {
        let Some(bits) = &self.bits else { return true };
        phrase.as_bytes().windows(2).all(|pair| match *pair {
            [first, second] => {
                let at = slot(first, second);
                bits.get(at / 64).is_some_and(|word| word & (1 << (at % 64)) != 0)
            }
            _ => true,
        })
    }

    /// `lower.find(phrase)`, skipped when the line cannot hold it. `lower` is the line these
    /// pairs were made of.
    pub(super) fn find(&self, lower: &str, phrase: &str) -> Option<usize> {
        if phrase.len() > lower.len() || !self.may_hold(phrase) {
            return None;
        }
        lower.find(phrase)
    }

    /// `lower.contains(phrase)`, skipped when the line cannot hold it.
    pub(super) fn contains(&self, lower: &str, phrase: &str) -> bool {
        self.find(lower, phrase).is_some()
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::Pairs;
    use proptest::prelude::*;

    #[test]
    fn answers_as_find_does() {
        let lower = "client address: 52.1.2.3 caller: appid=1;oid=2";
        let pairs = Pairs::of(lower);
        for phrase in ["client address:", "appid=", "oid=", "x", "", "caller:", "vault: ", "status:", "2"] {
            assert_eq!(pairs.find(lower, phrase), lower.find(phrase), "{phrase}");
        }
        let long = "a".repeat(5000) + "needle";
        assert_eq!(Pairs::of(&long).find(&long, "needle"), Some(5000));
    }

    proptest! {
        #[test]
        fn never_misses_a_phrase(line in "[a-e :=/é]{0,60}", phrase in "[a-e :=/é]{0,6}") {
            let pairs = Pairs::of(&line);
            prop_assert_eq!(pairs.find(&line, &phrase), line.find(&phrase));
            prop_assert_eq!(pairs.contains(&line, &phrase), line.contains(&phrase));
        }
    }
}
