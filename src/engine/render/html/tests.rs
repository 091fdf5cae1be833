//! The page's HTML: every text escaped (a paste holding markup makes no element and no
//! attribute, whatever it holds), the same report gives the same HTML, and the page's groups
//! are where the page shows them.
#![cfg(not(target_arch = "wasm32"))]

use std::borrow::Cow;

use proptest::prelude::*;

use super::super::super::report::{Action, Report};
use super::super::super::{diagnose_case, Paste};
use super::{body, page, BODY_END, BODY_START};

/// The bench's typical case (tcp-wrong-dns-address and two more pastes): failing, warning,
/// open, passed and inapplicable steps, symptoms, open questions with commands, a vault.
fn typical() -> Report {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = format!("{root}/static/examples/cases/tcp-wrong-dns-address");
    let mut texts: Vec<String> =
        ["1.txt", "2.txt", "3.txt"].iter().map(|f| std::fs::read_to_string(format!("{dir}/{f}")).unwrap()).collect();
    texts.push(std::fs::read_to_string(format!("{root}/tests/fixtures/inputs/error-clean.txt")).unwrap());
    let pastes: Vec<Paste> = texts.iter().map(Paste::new).collect();
    diagnose_case(&pastes, Some("contoso"))
}

/// `report` with every text a paste or a check could put in it replaced by `s`.
fn filled(mut report: Report, s: &str) -> Report {
    let action = |a: &mut Option<Action>| {
        if let Some(a) = a {
            a.text = s.to_string();
            a.commands.iter_mut().for_each(|c| *c = s.to_string());
        }
    };
    report.verdict.headline = s.to_string();
    report.verdict.primary = report.verdict.primary.as_ref().map(|_| Cow::Owned(s.to_string()));
    if let Some(vault) = &mut report.vault {
        (vault.host, vault.name, vault.cloud) = (s.to_string(), s.to_string(), Cow::Owned(s.to_string()));
    }
    report.notes.iter_mut().for_each(|n| *n = s.to_string());
    for step in &mut report.steps {
        (step.id, step.title, step.explanation) = (Cow::Owned(s.to_string()), s.to_string(), Cow::Owned(s.to_string()));
        step.evidence.iter_mut().for_each(|e| e.quote = s.to_string());
        action(&mut step.fix);
        action(&mut step.next);
    }
    for symptom in &mut report.symptoms {
        symptom.summary = s.to_string();
        symptom.evidence.iter_mut().for_each(|e| e.quote = s.to_string());
    }
    report
}

/// The markup of `html` with its text taken out: each tag with its attributes' names, never
/// their values. Escaped text holds no `<`, `>` or `"`, so a tag and its values are found
/// exactly.
fn shape(html: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let (mut tag, mut in_tag, mut in_value) = (String::new(), false, false);
    for c in html.chars() {
        match (c, in_tag, in_value) {
            ('<', false, _) => in_tag = true,
            ('>', true, false) => {
                tags.push(std::mem::take(&mut tag));
                in_tag = false;
            }
            ('"', true, _) => in_value = !in_value,
            (_, true, true) | (_, false, _) => {}
            (c, true, false) => tag.push(c),
        }
    }
    assert!(!in_tag, "every tag is closed");
    tags
}

const HOSTILE: &str = "<img src=x onerror=alert(1)><script>alert('x')</script>\"' onmouseover=\"a\" & &amp; </li></ol>";

#[test]
fn a_paste_holding_markup_makes_no_element_and_no_attribute() {
    let report = typical();
    let hostile = body(&filled(report.clone(), HOSTILE));
    let plain = body(&filled(report, "x"));
    assert_eq!(shape(&hostile), shape(&plain));
    for made in ["<img", "<script", "onmouseover=\"", "'x'"] {
        assert!(!hostile.contains(made), "{made} made it through");
    }
    assert!(hostile.contains("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;"));
    assert!(hostile.contains("&amp; &amp;amp;"), "& is escaped, an entity too");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_text_makes_no_element_and_no_attribute(s in any::<String>()) {
        let report = typical();
        prop_assert_eq!(shape(&body(&filled(report.clone(), &s))), shape(&body(&filled(report, "x"))));
    }
}

#[test]
fn the_page_shows_the_answer_first_and_quotes_each_line_once() {
    let report = typical();
    let html = body(&report);
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle} not in {html}"));
    // The verdict, what to fix, what would decide the open steps, what fails, then the folds.
    let order = [
        "class=\"verdict",
        "What to fix",
        "class=\"open-questions",
        "class=\"symptoms",
        "class=\"open-steps",
        "class=\"passed",
        "class=\"skipped",
    ];
    let places: Vec<usize> = order.iter().map(|n| at(n)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{order:?} at {places:?}");
    // Every step has its card, once.
    for step in &report.steps {
        assert_eq!(html.matches(&format!("data-check=\"{}\"", step.id)).count(), 1, "{}", step.id);
    }
    // Each quoted line once (its text and where it is); after that it is named.
    let quotes: Vec<&str> =
        html.split("<q class=\"quote\">").skip(1).map(|q| q.split_once("</li>").unwrap().0).collect();
    let mut unique = quotes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), quotes.len(), "{quotes:?}");
    assert!(html.contains("(quoted above)"));
    // The verdict's sentence is not said again by the first card (only to screen readers).
    let primary = report.verdict.primary.as_deref().expect("the typical case fails");
    let card = html.get(at(&format!("data-check=\"{primary}\""))..).unwrap();
    assert!(card.contains("<h4 class=\"step-title visually-hidden\">"), "{card}");
    assert_eq!(html.matches("<h4 class=\"step-title visually-hidden\">").count(), 1);
}

#[test]
fn the_cli_page_holds_the_same_body_and_no_script() {
    let report = typical();
    let page = page(&report);
    let inner = page.split_once(BODY_START).unwrap().1.split_once(BODY_END).unwrap().0;
    assert_eq!(inner.trim(), body(&report));
    assert!(!page.contains("<script"), "no script");
    assert!(page.contains("default-src 'none'"));
}
