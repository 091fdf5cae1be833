//! A tolerant JSON reader that keeps the line of every value, for evidence.
//!
//! Pastes of `az` output are often cut at either end, hold several documents, or come from
//! Python (`'single quotes'`, `True`, `None`). This reader closes what a truncated paste left
//! open, skips trailing commas, and stops descending past [`MAX_DEPTH`] so hostile input stays
//! linear in time and bounded in stack.

/// Deeper nesting than any Azure resource has; deeper values are skipped, not recursed into.
pub const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Str(String),
    Num(String),
    Bool(bool),
    Null,
}

/// A value and the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: usize,
    /// Byte offsets in the paste of the member this value is (from its key's opening quote)
    /// or of the value alone (an array item, a root), so evidence can quote `"key": value`
    /// rather than a whole minified line.
    pub span: (usize, usize),
}

/// Every top-level document in a paste.
#[derive(Debug, Default)]
pub struct Document {
    pub roots: Vec<Node>,
    /// First and last line of each root.
    pub spans: Vec<(usize, usize)>,
    pub first_line: usize,
    pub last_line: usize,
    /// What had to be repaired or skipped.
    pub problems: Vec<String>,
}

impl Node {
    /// A member by name, ignoring case (`PublicNetworkAccess` from PowerShell).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A property in either az shape: ARM (`properties.key`) or flattened (`key`).
    pub fn prop(&self, key: &str) -> Option<&Node> {
        self.get("properties").and_then(|p| p.get(key)).or_else(|| self.get(key))
    }

    /// Follows a dotted path of [`Node::prop`] lookups.
    pub fn path(&self, path: &str) -> Option<&Node> {
        path.split('.').try_fold(self, |node, key| node.prop(key))
    }

    /// Scalars as text; `None` for objects, arrays and null.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) | Value::Num(s) => Some(s),
            Value::Bool(true) => Some("true"),
            Value::Bool(false) => Some("false"),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// Array items; a lone object counts as a list of one.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(items) => items,
            Value::Object(_) => std::slice::from_ref(self),
            _ => &[],
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    pub fn members(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Object(members) => members,
            _ => &[],
        }
    }
}

/// The keys and indexes that lead from `roots` to the value starting at `offset`, shown as
/// `properties.networkAcls.ipRules[0]`; empty for a root's own member.
pub fn path_to(roots: &[Node], offset: usize) -> String {
    let mut path = String::new();
    let mut node = child_at(roots, |r| r, offset).map(|(_, r)| r);
    while let Some(current) = node {
        node = None;
        match &current.value {
            Value::Object(members) => {
                if let Some((_, (key, child))) = child_at(members, |(_, c)| c, offset) {
                    if child.span.0 == offset {
                        break;
                    }
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    node = Some(child);
                }
            }
            Value::Array(items) => {
                if let Some((i, child)) = child_at(items, |c| c, offset) {
                    if child.span.0 == offset {
                        break;
                    }
                    path.push_str(&format!("[{i}]"));
                    node = Some(child);
                }
            }
            _ => {}
        }
    }
    path
}

/// The one of `items` (in source order, spans not overlapping) whose span holds `offset`, found
/// by halving: evidence for every record of a long list asks for its path, and a scan from the
/// start made a 20 MB list quadratic.
fn child_at<T>(items: &[T], node: impl Fn(&T) -> &Node, offset: usize) -> Option<(usize, &T)> {
    let end = |n: &Node| n.span.1.max(n.span.0 + 1);
    let i = items.partition_point(|item| end(node(item)) <= offset);
    let item = items.get(i)?;
    (node(item).span.0 <= offset && offset < end(node(item))).then_some((i, item))
}

/// Reads every JSON document found in `text`.
pub fn parse(text: &str) -> Document {
    let mut reader = Reader { bytes: text.as_bytes(), pos: 0, line: 1, problems: Vec::new(), last_good: 1, cut: false };
    let mut doc = Document::default();
    while let Some(start) = reader.find_document_start() {
        reader.line += reader.bytes.get(reader.pos..start).unwrap_or_default().iter().filter(|&&b| b == b'\n').count();
        reader.pos = start;
        let line = reader.line;
        if doc.roots.is_empty() {
            doc.first_line = line;
        }
        let before = reader.pos;
        let node = reader.value(0);
        doc.last_line = reader.line;
        if reader.pos == before {
            reader.pos += 1; // never stall on a stray bracket
        }
        if let Some(node) = node {
            if matches!(node.value, Value::Object(_) | Value::Array(_)) {
                // Garbage after a cut-off document is not part of it: it stays "ignored".
                let end = if std::mem::take(&mut reader.cut) { reader.last_good.max(line) } else { reader.line };
                doc.spans.push((line, end));
                doc.roots.push(node);
            }
        }
    }
    doc.problems = reader.problems;
    doc
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    problems: Vec<String>,
    /// The line of the last well-formed value: where a cut-off document really ends.
    last_good: usize,
    /// Whether the current document ran into the end of the text.
    cut: bool,
}

impl Reader<'_> {
    /// What is left to read.
    fn rest(&self) -> &[u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    fn find_document_start(&self) -> Option<usize> {
        self.rest().iter().position(|&b| b == b'{' || b == b'[').map(|i| self.pos + i)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() {
                self.bump();
            } else {
                break;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        self.skip_space();
        let line = self.line;
        let start = self.pos;
        let value = match self.peek()? {
            b'{' | b'[' if depth >= MAX_DEPTH => {
                self.skip_nested();
                self.problems.push(format!("line {line}: nesting deeper than {MAX_DEPTH} levels was skipped"));
                Value::Null
            }
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' | b'\'' => Value::Str(self.string()),
            _ => self.bare_word()?,
        };
        Some(Node { value, line, span: (start, self.pos) })
    }

    fn object(&mut self, depth: usize) -> Value {
        self.bump();
        let mut members = Vec::new();
        loop {
            self.skip_separators();
            match self.peek() {
                None => {
                    self.cut_off();
                    break;
                }
                Some(b'}') => {
                    self.bump();
                    self.last_good = self.line;
                    break;
                }
                Some(b'"' | b'\'') => {
                    let key_start = self.pos;
                    let key = self.string();
                    self.skip_space();
                    let colon = self.peek() == Some(b':');
                    if colon {
                        self.bump();
                    }
                    match self.value(depth + 1) {
                        Some(mut value) => {
                            value.span.0 = key_start;
                            // Only a whole `"key": value` member proves the line is JSON.
                            if colon && !self.cut && !matches!(&value.value, Value::Num(n) if !is_number(n)) {
                                self.last_good = self.line;
                            }
                            members.push((key, value));
                        }
                        None => break,
                    }
                }
                Some(b']') => {
                    self.bump(); // mismatched closer: treat as the end of this object
                    break;
                }
                Some(_) => {
                    // An unquoted key or stray text: skip one token.
                    if self.bare_word().is_none() {
                        self.bump();
                    }
                }
            }
        }
        Value::Object(members)
    }

    fn array(&mut self, depth: usize) -> Value {
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_separators();
            match self.peek() {
                None => {
                    self.cut_off();
                    break;
                }
                Some(b']') => {
                    self.bump();
                    self.last_good = self.line;
                    break;
                }
                Some(b'}') => {
                    self.bump();
                    break;
                }
                Some(_) => {
                    let before = self.pos;
                    match self.value(depth + 1) {
                        Some(item) => {
                            if !self.cut && !matches!(&item.value, Value::Num(n) if !is_number(n)) {
                                self.last_good = self.line;
                            }
                            items.push(item);
                        }
                        None => break,
                    }
                    if self.pos == before {
                        self.bump();
                    }
                }
            }
        }
        Value::Array(items)
    }

    fn cut_off(&mut self) {
        if !self.cut {
            self.problems.push("the JSON was cut off; what was there has been read".to_string());
        }
        self.cut = true;
    }

    fn skip_separators(&mut self) {
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() || b == b',' {
                self.bump();
            } else {
                break;
            }
        }
    }

    fn string(&mut self) -> String {
        let quote = self.bump().unwrap_or(b'"');
        let mut out = Vec::new();
        loop {
            // Copy the run up to the next quote, escape or line end in one go.
            let rest = self.rest();
            let run = rest.iter().position(|&b| b == quote || b == b'\\' || b == b'\n').unwrap_or(rest.len());
            out.extend_from_slice(rest.get(..run).unwrap_or(rest));
            self.pos += run;
            let Some(b) = self.bump() else { break };
            match b {
                b'\\' => match self.bump() {
                    Some(b'n') => out.push(b'\n'),
                    Some(b't') => out.push(b'\t'),
                    Some(b'r') => out.push(b'\r'),
                    Some(b'b') => out.push(0x08),
                    Some(b'f') => out.push(0x0c),
                    Some(b'u') => {
                        let hex: String = (0..4).filter_map(|_| self.bump().map(char::from)).collect();
                        let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}');
                        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    Some(other) => out.push(other),
                    None => break,
                },
                b'\n' => break, // an unterminated string ends with its line
                b if b == quote => break,
                b => out.push(b),
            }
        }
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Numbers, true/false/null and their Python spellings.
    fn bare_word(&mut self) -> Option<Value> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.') {
                self.bump();
            } else {
                break;
            }
        }
        let word = self.bytes.get(start..self.pos).and_then(|w| std::str::from_utf8(w).ok()).unwrap_or("");
        match word {
            "" => None,
            "true" | "True" => Some(Value::Bool(true)),
            "false" | "False" => Some(Value::Bool(false)),
            "null" | "None" => Some(Value::Null),
            w => Some(Value::Num(w.to_string())),
        }
    }

    /// Skips a too-deep value without recursion, respecting strings.
    fn skip_nested(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.bump() {
            match b {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                b'"' => {
                    self.pos -= 1;
                    self.string();
                }
                _ => {}
            }
        }
        self.cut_off(); // the text ended inside the skipped value
    }
}

/// Whether `word` is a number as Rust's `f64` parser reads it (sign, digits with at most one
/// point, optional exponent; `inf`, `infinity`, `nan` in any case), without the float parser:
/// only the yes/no is needed, and the parser and its tables cost the page about 8 KB of wasm.
fn is_number(word: &str) -> bool {
    let unsigned = word.strip_prefix(['+', '-']).unwrap_or(word);
    if ["inf", "infinity", "nan"].iter().any(|w| unsigned.eq_ignore_ascii_case(w)) {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (unsigned.get(..at).unwrap_or(""), unsigned.get(at + 1..)),
        None => (unsigned, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mantissa_ok = digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    /// Same verdict as `str::parse::<f64>` on words made of the characters a bare word holds.
    #[test]
    fn is_number_agrees_with_the_float_parser() {
        let alphabet = ["", "0", "7", ".", "e", "E", "+", "-", "x", "1", "inf", "NaN", "Infinity"];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    for d in alphabet {
                        let word = format!("{a}{b}{c}{d}");
                        assert_eq!(is_number(&word), word.parse::<f64>().is_ok(), "{word:?}");
                    }
                }
            }
        }
        for word in ["1.5e-3", "-0.25E+10", "12.", ".5", "1e", "1.2.3", "e5", "--1", "2023-01-01", "1_000"] {
            assert_eq!(is_number(word), word.parse::<f64>().is_ok(), "{word:?}");
        }
    }

    use super::*;

    #[test]
    fn reads_lines_and_both_az_shapes() {
        let doc =
            parse("{\n  \"name\": \"kv\",\n  \"properties\": {\n    \"publicNetworkAccess\": \"Disabled\"\n  }\n}");
        let root = &doc.roots[0];
        assert_eq!(root.get("NAME").unwrap().text(), Some("kv"));
        let pna = root.prop("publicNetworkAccess").unwrap();
        assert_eq!((pna.text(), pna.line), (Some("Disabled"), 4));
        assert!(doc.problems.is_empty());
    }

    #[test]
    fn repairs_truncation_trailing_commas_and_python() {
        let doc = parse("az output:\n[{'a': True, 'b': None, 'c': [1, 2,],},\n {\"d\": \"x\"");
        assert_eq!(doc.roots.len(), 1);
        let items = doc.roots[0].items();
        assert_eq!(items[0].get("a").unwrap().as_bool(), Some(true));
        assert_eq!(items[0].get("c").unwrap().items().len(), 2);
        assert_eq!(items[1].get("d").unwrap().text(), Some("x"));
        assert!(!doc.problems.is_empty());
        assert_eq!(doc.first_line, 2);
    }

    #[test]
    fn deep_nesting_is_skipped_not_recursed() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let doc = parse(&deep);
        assert_eq!(doc.roots.len(), 1);
        assert!(doc.problems[0].contains("nesting"));
    }

    #[test]
    fn several_documents_and_escapes() {
        let doc = parse("{\"a\":\"x\\u00e9\\\"y\"}\n{\"b\":1}");
        assert_eq!(doc.roots.len(), 2);
        assert_eq!(doc.roots[0].get("a").unwrap().text(), Some("xé\"y"));
    }
}
