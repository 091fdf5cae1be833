//! Links carry what the diagnosis understood, checked by reading it again. From each paste:
//!
//! - lines no reader used are emptied (kept as empty lines, so evidence keeps its numbers);
//! - in az/ARM JSON the string values of keys no reader looks at are blanked, the structure kept
//!   (a secret's `"value"` never travels);
//! - in the lines that stay, every token that is no evidence shape is masked with `x`, its
//!   length kept ([`mask`]);
//! - a paste kvdoctor understood nothing of travels as a [`Marker`]: the recipient's diagnosis
//!   counts it as unread, as the sender's did, and says the sender left it out.
//!
//! Safe by construction: the shortened paste is read again and must give exactly the facts the
//! whole paste gave (values, evidence lines, and quotes but for masked characters) and the same
//! kind, so every diagnosis it is part of stays the same. When it does not, the changes are
//! halved until the ones reading needs are found, and those are not made: a line a reader
//! depends on travels, masked where it can be. The number of readings is bounded by the paste's
//! size, so a link stays quick; what could not be checked in time travels as it is, and is
//! said. Each paste is shortened once per content: the page makes a link on every edit, and
//! an unchanged 5 MB paste must not be read again for it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::engine::facts::Facts;
use crate::engine::input::marker::{Marker, Why};
use crate::engine::input::Kind;
use crate::engine::redact::mask::{self, FILL};
use crate::engine::{input, Paste};

/// JSON keys whose values the az/ARM reader uses (`input/azure.rs`). Keys themselves are kept,
/// so readers that test for a key's presence see the same document.
const READ_KEYS: &[&str] = &[
    "aRecords",
    "accessPolicies",
    "bypass",
    "customDnsConfigs",
    "defaultAction",
    "enableRbacAuthorization",
    "fqdn",
    "fqdns",
    "groupIds",
    "hsmUri",
    "id",
    "ip",
    "ipAddresses",
    "ipConfigurations",
    "ipRules",
    "ipv4Address",
    "name",
    "networkAcls",
    "networkInterfaces",
    "numberOfVirtualNetworkLinks",
    "objectId",
    "permissions",
    "principalId",
    "principalName",
    "privateDnsZoneConfigs",
    "privateDnsZoneId",
    "privateEndpoint",
    "privateEndpointConnections",
    "privateIPAddress",
    "privateLinkConnectionProperties",
    "privateLinkServiceConnectionState",
    "privateLinkServiceId",
    "provisioningState",
    "publicNetworkAccess",
    "recordSetName",
    "recordSets",
    "registrationEnabled",
    "resolutionPolicy",
    "resourceGroup",
    "roleDefinitionName",
    "scope",
    "status",
    "subnet",
    "tenantId",
    "ttl",
    "type",
    "vaultUri",
    "virtualNetwork",
    "virtualNetworkLinkState",
    "keys",
    "secrets",
    "certificates",
    "storage",
    "virtualNetworkRules",
    "location",
];

/// The pastes a link carries by default, and what was left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Minimal {
    pub pastes: Vec<Paste>,
    /// Lines with text that no reader used, emptied.
    pub dropped_lines: usize,
    /// JSON string values of keys no reader uses, blanked.
    pub blanked_values: usize,
    /// Tokens of the lines that travel masked with `x`.
    pub masked: usize,
    /// 1-based pastes left out, each standing in the link as its marker.
    pub left: Vec<(usize, Marker)>,
    /// 1-based pastes too large to check every change in time: some of their text travels as it is.
    pub unchecked: Vec<usize>,
}

/// One paste shortened, or left out.
#[derive(Debug)]
enum Shrunk {
    Kept {
        paste: Paste,
        counts: Counts,
        unchecked: bool,
    },
    /// Nothing of it was understood: its marker travels.
    Left(Marker),
}

/// What a shortened paste left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    dropped: usize,
    blanked: usize,
    masked: usize,
}

/// What the diagnosis of `pastes` understood; every diagnosis stays the same.
pub fn used_only(pastes: &[Paste]) -> Minimal {
    let mut out = Minimal::default();
    for (i, paste) in pastes.iter().enumerate() {
        match &*cached(paste) {
            Shrunk::Left(marker) => {
                out.pastes.push(Paste::new(marker.text()));
                out.left.push((i + 1, *marker));
            }
            Shrunk::Kept { paste, counts, unchecked } => {
                out.pastes.push(paste.clone());
                out.dropped_lines += counts.dropped;
                out.blanked_values += counts.blanked;
                out.masked += counts.masked;
                if *unchecked {
                    out.unchecked.push(i + 1);
                }
            }
        }
    }
    out
}

/// Shortened pastes by content, for the pastes of the current case (a link holds at most 50).
const CACHED: usize = 64;

thread_local! {
    static CACHE: RefCell<Vec<(u64, Rc<Shrunk>)>> = const { RefCell::new(Vec::new()) };
}

fn cached(paste: &Paste) -> Rc<Shrunk> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (paste.text.len(), &paste.text, paste.kind.map(|k| k.id())).hash(&mut hasher);
    let key = hasher.finish();
    if let Some(hit) = CACHE.with(|c| c.borrow().iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone())) {
        return hit;
    }
    let shrunk = Rc::new(shrink(paste));
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHED {
            c.remove(0);
        }
        c.push((key, shrunk.clone()));
    });
    shrunk
}

/// Bytes of pastes read again, at most, to settle one paste's changes (at least two readings):
/// about a fifth of a second in the release build, so a 1 MB paste's link stays well under a
/// second.
const READ_BUDGET: usize = 2 << 20;
/// Readings of one paste, at most, however small it is.
const MOST_READINGS: usize = 96;

/// One paste shortened and checked; a paste nothing was understood of is left out (its marker
/// travels); a marker stays the marker it is.
fn shrink(paste: &Paste) -> Shrunk {
    let unchanged = Shrunk::Kept { paste: paste.clone(), counts: Counts::default(), unchecked: false };
    if paste.text.trim().is_empty() {
        return unchanged;
    }
    if let Some(marker) = Marker::parse(&paste.text) {
        return Shrunk::Left(marker);
    }
    let mut facts = Facts::default();
    let (summary, used) = input::read_facts(1, &paste.text, paste.kind, &mut facts);
    // What the verdict counts as a paste kvdoctor could not read (`report::verdict`).
    if summary.kind == Kind::Unknown || summary.facts == 0 {
        return Shrunk::Left(Marker { lines: summary.lines, why: Why::Unread });
    }
    let lines: Vec<&str> = paste.text.split('\n').collect();
    let blanks = if summary.kind.id().starts_with("az-") { json_blanks(&paste.text) } else { Vec::new() };
    let edits = edits(&lines, &used, &blanks);
    if edits.is_empty() {
        return unchanged;
    }
    let original = Reading { kind: summary.kind, outline: facts.outline() };
    let mut allows = |on: &[bool]| {
        let (text, _) = apply(&lines, &edits, on);
        original.same(&Reading::of(&text, paste.kind))
    };
    let mut budget = (READ_BUDGET / paste.text.len().max(1)).clamp(2, MOST_READINGS);
    // Every change at once: most pastes need one reading.
    let mut on = vec![true; edits.len()];
    budget -= 1;
    let mut unchecked = 0;
    if !allows(&on) {
        on.fill(false);
        // Lines and values first (what links always left out), one by one.
        let (masks, lines_and_values): (Vec<usize>, Vec<usize>) =
            (0..edits.len()).partition(|i| matches!(edits.get(*i).map(|e| e.what), Some(What::Mask(..))));
        let singles: Vec<Vec<usize>> = lines_and_values.into_iter().map(|i| vec![i]).collect();
        unchecked += settle(singles, &mut on, &mut budget, &mut allows, &|_| Vec::new());
        // Then the masks, by what labels them (`"name":`, `x-api-key:`), then by token: readers
        // read every value under a label or none, so a 5 MB list whose names are read settles
        // in a few readings, not one per record.
        let text = |i: &usize, range: fn(&Edit) -> Option<(usize, usize)>| {
            let edit = edits.get(*i)?;
            let (from, to) = range(edit)?;
            lines.get(edit.line)?.get(from..to)
        };
        let token = |i: &usize| text(i, |e| if let What::Mask(from, to) = e.what { Some((from, to)) } else { None });
        let labels = group_by(&masks, |i| text(i, |e| e.label).or_else(|| token(i)).unwrap_or_default());
        let by_token = |group: &[usize]| group_by(group, |i| token(i).unwrap_or_default());
        unchecked += settle(labels, &mut on, &mut budget, &mut allows, &by_token);
    }
    let (text, counts) = apply(&lines, &edits, &on);
    Shrunk::Kept { paste: Paste { text, kind: paste.kind }, counts, unchecked: unchecked > 0 }
}

/// `items` in groups of equal keys, in the order each key first appears.
fn group_by<'a>(items: &[usize], key: impl Fn(&usize) -> &'a str) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for item in items {
        let at = *index.entry(key(item)).or_insert(groups.len());
        match groups.get_mut(at) {
            Some(group) => group.push(*item),
            None => groups.push(vec![*item]),
        }
    }
    groups
}

/// What labels each value at the given byte ranges of a line (in order): the JSON key before it
/// (`"name"`), else the text before the line's first colon (`x-api-key`, `Caller`), if short.
/// One pass over the line: each stretch between two values is searched once.
fn labels(line: &str, ranges: &[(usize, usize)]) -> Vec<Option<(usize, usize)>> {
    let colon = line.find(':');
    let (mut key, mut at) = (None, 0);
    ranges
        .iter()
        .map(|&(from, _)| {
            if let Some(end) = line.get(at..from).and_then(|s| s.rfind("\":")).map(|e| at + e) {
                key = line.get(..end).and_then(|k| k.rfind('"')).map(|start| (start + 1, end));
            }
            at = at.max(from);
            key.or_else(|| {
                let colon = colon.filter(|c| *c < from)?;
                let label = line.get(..colon)?;
                let start = label.len() - label.trim_start().len();
                let end = label.trim_end().len();
                (end > start && end - start <= 40).then_some((start, end))
            })
        })
        .collect()
}

/// One change a link makes to a line (0-based) of a paste, if reading allows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Edit {
    line: usize,
    what: What,
    /// A mask's label in the line (see [`labels`]).
    label: Option<(usize, usize)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    /// Empty a line no reader used.
    Empty,
    /// Blank a JSON string value (the bytes between its quotes) no reader reads.
    Blank(usize, usize),
    /// Mask a token that is no evidence shape (byte range).
    Mask(usize, usize),
}

/// Every change a link would make, in line order: a line's emptying before its blanks and masks
/// (if the line must stay, they still apply).
fn edits(lines: &[&str], used: &[bool], blanks: &[(usize, usize)]) -> Vec<Edit> {
    let mut out = Vec::new();
    let mut blanks = blanks.iter().peekable();
    let mut start = 0;
    for (line, text) in lines.iter().enumerate() {
        let end = start + text.len();
        if !used.get(line + 1).copied().unwrap_or(false) && !text.trim().is_empty() {
            out.push(Edit { line, what: What::Empty, label: None });
        }
        let mut here: Vec<Edit> = Vec::new();
        while let Some(&&(from, to)) = blanks.peek().filter(|(from, _)| *from <= end) {
            here.push(Edit { line, what: What::Blank(from - start, to.min(end) - start), label: None });
            blanks.next();
        }
        let masks = mask::candidates(text);
        let labels = labels(text, &masks);
        here.extend(masks.into_iter().zip(labels).map(|((from, to), label)| Edit {
            line,
            what: What::Mask(from, to),
            label,
        }));
        here.sort_by_key(|e| match e.what {
            What::Empty => (0, 0),
            What::Blank(from, _) | What::Mask(from, _) => (from, 1),
        });
        out.extend(here);
        start = end + 1;
    }
    out
}

/// The paste with the changes that are `on` made, and what they left out.
fn apply(lines: &[&str], edits: &[Edit], on: &[bool]) -> (String, Counts) {
    let mut counts = Counts::default();
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    let mut changes = edits.iter().zip(on).filter(|(_, on)| **on).map(|(e, _)| e).peekable();
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut here = Vec::new();
        while let Some(edit) = changes.next_if(|e| e.line == n) {
            here.push(edit.what);
        }
        if here.contains(&What::Empty) {
            counts.dropped += 1;
            continue;
        }
        let mut at = 0;
        for what in here {
            let (from, to, blank) = match what {
                What::Empty => continue,
                What::Blank(from, to) => (from, to, true),
                What::Mask(from, to) => (from, to, false),
            };
            // A mask inside a value already blanked: nothing left to mask.
            if to <= at {
                continue;
            }
            let from = from.max(at);
            out.push_str(line.get(at..from).unwrap_or_default());
            let cut = line.get(from..to).unwrap_or_default();
            if blank {
                counts.blanked += 1;
            } else {
                counts.masked += 1;
                out.extend(cut.chars().map(|_| FILL));
            }
            at = to;
        }
        out.push_str(line.get(at..).unwrap_or_default());
    }
    (out, counts)
}

/// Which groups of changes to make besides those already `on`: all of them if reading allows
/// it, else the halves that it allows, down to single groups, and a single group reading does
/// not allow in the parts `split` gives (none: it is not made). Each test is one reading of the
/// paste (`allows`), at most `budget` of them. A group is made only if a reading with it (and
/// every change made before) gave the same facts, so the last accepted reading checked the
/// result. Returns how many groups were left unchecked when the budget ran out.
fn settle(
    groups: Vec<Vec<usize>>,
    on: &mut [bool],
    budget: &mut usize,
    allows: &mut impl FnMut(&[bool]) -> bool,
    split: &dyn Fn(&[usize]) -> Vec<Vec<usize>>,
) -> usize {
    let mut unchecked = 0;
    let set = |on: &mut [bool], range: &[Vec<usize>], value: bool| {
        for i in range.iter().flatten() {
            if let Some(o) = on.get_mut(*i) {
                *o = value;
            }
        }
    };
    let mut todo = vec![groups];
    while let Some(mut range) = todo.pop() {
        if range.is_empty() {
            continue;
        }
        if *budget == 0 {
            unchecked += range.len();
            continue;
        }
        *budget -= 1;
        set(on, &range, true);
        if allows(on) {
            continue;
        }
        set(on, &range, false);
        if range.len() > 1 {
            let second = range.split_off(range.len() / 2);
            todo.push(second);
            todo.push(range);
        } else if let Some(parts) = range.first().map(|g| split(g)).filter(|p| p.len() > 1) {
            todo.push(parts);
        }
    }
    unchecked
}

/// Whether `shortened` reads as `original` does (same kind, same facts; quotes may show masked
/// characters): what every change a link makes is checked by.
pub fn reads_the_same(original: &str, shortened: &str, kind: Option<Kind>) -> bool {
    Reading::of(original, kind).same(&Reading::of(shortened, kind))
}

/// What reading a paste gave, as a link must keep it.
struct Reading {
    kind: Kind,
    outline: String,
}

impl Reading {
    fn of(text: &str, kind: Option<Kind>) -> Reading {
        let mut facts = Facts::default();
        let (summary, _) = input::read_facts(1, text, kind, &mut facts);
        Reading { kind: summary.kind, outline: facts.outline() }
    }

    /// The same kind and facts, quotes aside: a quote may show a masked line (`x` where the
    /// original has any character), never another one.
    fn same(&self, shortened: &Reading) -> bool {
        self.kind == shortened.kind && same_outline(&self.outline, &shortened.outline)
    }
}

/// Two fact outlines (`Debug` text) that are equal but for masked characters in evidence quotes.
/// `Debug` escapes `"` and `\\` inside strings, so a paste's text can never pass for a field name.
fn same_outline(original: &str, shortened: &str) -> bool {
    let (mut a, mut b) = (pieces(original), pieces(shortened));
    let mut quote = false;
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(Piece::Code(x)), Some(Piece::Code(y))) if x == y => quote = x.ends_with("quote: "),
            (Some(Piece::Literal(x)), Some(Piece::Literal(y))) if x == y => {}
            (Some(Piece::Literal(x)), Some(Piece::Literal(y))) if quote => match (unescape(x), unescape(y)) {
                (Some(x), Some(y)) if masked_from(&x, &y) => {}
                _ => return false,
            },
            _ => return false,
        }
    }
}

/// Whether `shortened` is `original` with some characters masked.
fn masked_from(original: &str, shortened: &str) -> bool {
    original.chars().count() == shortened.chars().count()
        && original.chars().zip(shortened.chars()).all(|(o, s)| o == s || (s == FILL && !o.is_whitespace()))
}

/// A piece of `Debug` text: structure, or a string literal's escaped contents.
enum Piece<'a> {
    Code(&'a str),
    Literal(&'a str),
}

fn pieces(debug: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = debug;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if let Some(inner) = rest.strip_prefix('"') {
            let mut escaped = false;
            let end = inner
                .char_indices()
                .find(|&(_, c)| {
                    let closes = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    closes
                })
                .map_or(inner.len(), |(i, _)| i);
            let text = inner.get(..end).unwrap_or_default();
            rest = inner.get(end + 1..).unwrap_or_default();
            return Some(Piece::Literal(text));
        }
        let end = rest.find('"').unwrap_or(rest.len());
        let code = rest.get(..end).unwrap_or_default();
        rest = rest.get(end..).unwrap_or_default();
        Some(Piece::Code(code))
    })
}

/// A `Debug` string literal's contents as the string it shows.
fn unescape(escaped: &str) -> Option<String> {
    let mut out = String::with_capacity(escaped.len());
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            'u' => {
                let hex: String = chars.by_ref().skip_while(|c| *c == '{').take_while(|c| *c != '}').collect();
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            other => other,
        });
    }
    Some(out)
}

/// A container being scanned: object or array, and the key it sits under.
struct Open {
    object: bool,
    key: Option<String>,
}

/// The byte ranges (inside the quotes) of string values of keys not in [`READ_KEYS`];
/// `"value"` is kept only under `ipRules`. A byte scanner: ranges start after a `"` and end at
/// one, so characters are never split.
fn json_blanks(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let (mut key, mut expect_key, mut line_start) = (None::<String>, false, true);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'{' | b'[' if !stack.is_empty() || line_start => {
                let parent_key = if stack.last().is_some_and(|o| o.object) { key.take() } else { None };
                stack.push(Open { object: c == b'{', key: parent_key });
                expect_key = c == b'{';
            }
            b'}' | b']' if !stack.is_empty() => {
                stack.pop();
                expect_key = false;
            }
            b',' if stack.last().is_some_and(|o| o.object) => expect_key = true,
            b':' if stack.last().is_some_and(|o| o.object) => expect_key = false,
            b'"' if !stack.is_empty() => {
                let end = string_end(b, i + 1);
                if expect_key {
                    key = text.get(i + 1..end).map(str::to_string);
                } else {
                    let owner = if stack.last().is_some_and(|o| o.object) { key.clone() } else { None };
                    if end > i + 1 && !read(owner.as_deref(), &stack) {
                        out.push((i + 1, end));
                    }
                }
                i = end;
            }
            _ => {}
        }
        line_start = c == b'\n' || (line_start && c.is_ascii_whitespace());
        i += 1;
    }
    out
}

/// The byte index of a string's closing quote (or the line's end for an unterminated one).
fn string_end(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i).filter(|c| !matches!(c, b'"' | b'\n')) {
        i += if *c == b'\\' && b.get(i + 1).is_some_and(|c| *c != b'\n') { 2 } else { 1 };
    }
    i.min(b.len())
}

/// Whether a reader uses a string under `key` (or, in an array, under the array's key).
fn read(key: Option<&str>, stack: &[Open]) -> bool {
    let array_key = stack.last().filter(|o| !o.object).and_then(|o| o.key.as_deref());
    let Some(key) = key.or(array_key) else { return false };
    let known = READ_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key));
    let under_ip_rules = stack.iter().any(|o| o.key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("ipRules")));
    known || (key.eq_ignore_ascii_case("value") && under_ip_rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank_json(text: &str) -> (String, usize) {
        let lines: Vec<&str> = text.split('\n').collect();
        let edits: Vec<Edit> = edits(&lines, &vec![true; lines.len() + 1], &json_blanks(text))
            .into_iter()
            .filter(|e| matches!(e.what, What::Blank(..)))
            .collect();
        let (out, counts) = apply(&lines, &edits, &vec![true; edits.len()]);
        (out, counts.blanked)
    }

    #[test]
    fn blanks_values_no_reader_uses() {
        let secret = "{\n  \"id\": \"https://kv.vault.azure.net/secrets/db/1\",\n  \"value\": \"hunter2é\",\n  \"tags\": {\"owner\": \"zoë\"},\n  \"ipRules\": [{\"value\": \"1.2.3.4/32\"}],\n  \"groupIds\": [\"vault\"]\n}";
        let (out, n) = blank_json(secret);
        assert_eq!(n, 2, "{out}");
        assert!(out.contains("\"value\": \"\",") && out.contains("\"owner\": \"\""), "{out}");
        assert!(out.contains("1.2.3.4/32") && out.contains("[\"vault\"]") && out.contains("secrets/db/1"), "{out}");
        assert_eq!(out.lines().count(), secret.lines().count());
    }

    #[test]
    fn odd_json_never_panics() {
        for text in ["{\"a\": \"é", "[\"\\", "{\"k\":\"\\\"\"}", "\"x\"", "{{{{", "]]}}", "{\"a\"\n:\"b\"}"] {
            let _ = blank_json(text);
        }
    }

    #[test]
    fn settling_finds_the_changes_reading_needs_within_its_budget() {
        let needed = [3, 4, 17, 40];
        let mut allows = |on: &[bool]| needed.iter().all(|&i| !on[i]);
        // Changes 40 and 41 are one group (one token's masks): needing one keeps both.
        let groups: Vec<Vec<usize>> = (0..40).map(|i| vec![i]).chain([vec![40, 41]]).collect();
        let none = |_: &[usize]| Vec::new();
        let (mut on, mut budget) = (vec![false; 42], 96);
        assert_eq!(settle(groups.clone(), &mut on, &mut budget, &mut allows, &none), 0);
        assert_eq!((0..42).filter(|i| !on[*i]).collect::<Vec<_>>(), [3, 4, 17, 40, 41]);
        assert!(budget > 96 - 40, "{} readings", 96 - budget);
        // A group reading does not allow is tried in its parts.
        let (mut on, mut budget) = (vec![false; 42], 96);
        let singles = |g: &[usize]| g.iter().map(|i| vec![*i]).collect();
        assert_eq!(settle(groups.clone(), &mut on, &mut budget, &mut allows, &singles), 0);
        assert_eq!((0..42).filter(|i| !on[*i]).collect::<Vec<_>>(), needed);
        let (mut on, mut budget) = (vec![false; 42], 3);
        assert!(settle(groups, &mut on, &mut budget, &mut allows, &none) > 0);
        assert!(needed.iter().all(|&i| !on[i]) && budget == 0, "{on:?}");
        assert_eq!(settle(Vec::new(), &mut [], &mut 5, &mut |_| false, &none), 0);
    }

    #[test]
    fn values_are_labelled_by_their_key_or_the_text_before_the_colon() {
        let label = |line: &'static str, value: &str| {
            let at = line.find(value).unwrap();
            labels(line, &[(at, at + value.len())])[0].and_then(|(from, to)| line.get(from..to))
        };
        let json = r#"    "name": "kv123x9q", "etag": "W/abc""#;
        assert_eq!(label(json, "kv123"), Some("name"));
        assert_eq!(label(json, "abc"), Some("etag"));
        let both = labels(json, &[(13, 18), (32, 35)]);
        assert_eq!(
            both.iter().map(|l| l.and_then(|(f, t)| json.get(f..t))).collect::<Vec<_>>(),
            [Some("name"), Some("etag")]
        );
        assert_eq!(label("> x-api-key: 0123456789abcdef", "0123"), Some("> x-api-key"));
        assert_eq!(label("curl -u deploy:Summer2024x", "Summer"), Some("curl -u deploy"));
        assert_eq!(label("no colon here", "colon"), None);
        assert_eq!(label("é:é9", "é9"), Some("é"));
    }

    #[test]
    fn outlines_differ_only_by_masked_quote_characters() {
        let facts = |quote: &str, value: &str| {
            let mut f = Facts::default();
            f.add_signal(
                crate::engine::facts::SignalKind::HttpStatus,
                value,
                crate::engine::facts::Evidence::line(1, 2, quote),
            );
            f.outline()
        };
        let original = facts("x-api-key: 0a1b \"é\" \\ 403", "403");
        assert!(same_outline(&original, &facts("x-api-key: xxxx \"x\" \\ 403", "403")));
        assert!(!same_outline(&original, &facts("x-api-key: xxxx \"x\" \\ 403", "404")));
        assert!(!same_outline(&original, &facts("x-api-key: xxxx \"x\" \\ 40", "403")));
        assert!(!same_outline(&original, &facts("y-api-key: 0a1b \"é\" \\ 403", "403")));
        assert!(!same_outline(&original, &facts("x-api-key:x0a1b \"é\" \\ 403", "403")));
    }
}
