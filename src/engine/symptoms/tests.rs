//! Symptoms from real pastes: each one's kind, values and the exact lines it quotes.

use super::*;
use crate::engine::{read_paste, PasteRead};

/// The merged facts of `pastes`, numbered from 1 as the page and the CLI number them.
fn facts(pastes: &[&str]) -> Facts {
    let reads: Vec<PasteRead> = pastes.iter().enumerate().filter_map(|(i, p)| read_paste(i + 1, p, None)).collect();
    Facts::merged(reads.iter().map(|r| &r.facts))
}

/// (paste, first line) of each evidence item.
fn places(symptom: &Symptom) -> Vec<(usize, usize)> {
    symptom.evidence.iter().map(|e| (e.input, e.lines.first().copied().unwrap_or(0))).collect()
}

const PIPELINE: &str = include_str!("../../../static/examples/cases/pipeline-agent-firewall/1.txt");
const TENANT: &str = include_str!("../../../static/examples/cases/tenant-mismatch/1.txt");
const HEALTHY: &str = include_str!("../../../tests/fixtures/nslookup/linux-private-healthy.txt");
const NXDOMAIN: &str = include_str!("../../../tests/fixtures/nslookup/linux-nxdomain.txt");

#[test]
fn one_error_printed_by_several_layers_is_one_symptom() {
    let found = symptoms(&facts(&[PIPELINE]));
    let [symptom] = found.as_slice() else { panic!("{found:#?}") };
    assert_eq!(symptom.kind, SymptomKind::RequestFailed);
    assert_eq!(symptom.http_status, Some(403));
    assert_eq!(symptom.code.as_deref(), Some("ForbiddenByFirewall"));
    assert_eq!(symptom.client_address.as_deref(), Some("20.55.143.17"));
    assert_eq!(symptom.summary, "The request got 403 Forbidden: ForbiddenByFirewall (client address 20.55.143.17)");
    // The status line, the first client address line, the `Code:` line; the repeats are not quoted.
    assert_eq!(places(symptom), [(1, 1), (1, 2), (1, 5)]);
    assert_eq!(symptom.evidence.get(1).map(|e| e.quote.as_str()), Some("Client address: 20.55.143.17"));
}

#[test]
fn evidence_names_the_paste_it_is_in() {
    let found = symptoms(&facts(&[HEALTHY, "", TENANT]));
    let [symptom] = found.as_slice() else { panic!("{found:#?}") };
    assert_eq!(symptom.code.as_deref(), Some("AKV10032"));
    assert_eq!(symptom.summary, "The request got 401 Unauthorized: AKV10032");
    assert_eq!(places(symptom), [(3, 1), (3, 2), (3, 5)]);
}

#[test]
fn a_code_that_repeats_the_status_is_not_said_twice() {
    let found = symptoms(&facts(&["Status: 403 (Forbidden)\nErrorCode: Forbidden"]));
    let [symptom] = found.as_slice() else { panic!("{found:#?}") };
    assert_eq!(symptom.summary, "The request got 403 Forbidden");
    assert_eq!(symptom.code.as_deref(), Some("Forbidden"));
}

#[test]
fn each_error_status_of_a_paste_is_its_own_symptom_with_its_own_codes() {
    let log = "< HTTP/1.1 401 Unauthorized\n{\"error\":{\"code\":\"Unauthorized\",\"message\":\"AKV10000: Request is missing a Bearer or PoP token.\"}}\n< HTTP/1.1 403 Forbidden\n{\"error\":{\"code\":\"Forbidden\",\"message\":\"Caller is not authorized to perform action on resource.\",\"innererror\":{\"code\":\"ForbiddenByRbac\"}}}";
    let found = symptoms(&facts(&[log]));
    let got: Vec<_> = found.iter().map(|s| (s.http_status, s.code.as_deref(), places(s))).collect();
    assert_eq!(
        got,
        [
            (Some(401), Some("AKV10000"), vec![(1, 1), (1, 2)]),
            (Some(403), Some("ForbiddenByRbac"), vec![(1, 3), (1, 4)])
        ]
    );
}

#[test]
fn a_failed_lookup_is_a_symptom_quoting_its_query_and_failure() {
    let found = symptoms(&facts(&[NXDOMAIN]));
    let [symptom] = found.as_slice() else { panic!("{found:#?}") };
    assert_eq!(symptom.kind, SymptomKind::NameNotResolved);
    assert_eq!(symptom.summary, "DNS server 10.0.0.4 says fabrikam.vault.azure.net does not exist (NXDOMAIN)");
    assert_eq!(places(symptom), [(1, 1), (1, 5)]);
}

/// Two failed lookups are told apart by where they were made; one failure printed twice (or
/// by two tools) is one symptom quoting both places.
#[test]
fn failed_lookups_name_their_viewpoint_and_repeats_are_merged() {
    let two = "=== via CoreDNS ===\n** server can't find kv1.privatelink.vaultcore.azure.net: NXDOMAIN\n\n=== via Azure DNS ===\n** server can't find kv1.privatelink.vaultcore.azure.net: NXDOMAIN\n";
    let found = symptoms(&facts(&[two]));
    let summaries: Vec<_> = found.iter().map(|s| s.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "The resolver (“via CoreDNS”) says kv1.privatelink.vaultcore.azure.net does not exist (NXDOMAIN)",
            "The resolver (“via Azure DNS”) says kv1.privatelink.vaultcore.azure.net does not exist (NXDOMAIN)",
        ]
    );
    let python = "Failed to resolve 'kv1.vault.azure.net' ([Errno -2] Name or service not known)";
    let go = "dial tcp: lookup kv1.vault.azure.net on 10.0.0.10:53: no such host";
    let found = symptoms(&facts(&[python, go]));
    let [symptom] = found.as_slice() else { panic!("{found:#?}") };
    assert_eq!(symptom.summary, "The client could not resolve kv1.vault.azure.net");
    assert_eq!(places(symptom), [(1, 1), (2, 1)]);
}

#[test]
fn failures_below_http_are_named() {
    let cases = [
        (
            "Get \"https://kv1.vault.azure.net/secrets/a\": context deadline exceeded",
            SymptomKind::Timeout,
            "The connection timed out",
        ),
        (
            "dial tcp: lookup kv1.vault.azure.net: no such host",
            SymptomKind::NameNotResolved,
            "The client could not resolve kv1.vault.azure.net",
        ),
        (
            "curl: (7) Failed to connect to kv1.vault.azure.net port 443: Connection refused",
            SymptomKind::ConnectionRefused,
            "The connection was refused",
        ),
    ];
    for (paste, kind, summary) in cases {
        let found = symptoms(&facts(&["Server:  UnKnown", paste]));
        let [symptom] = found.as_slice() else { panic!("{paste}: {found:#?}") };
        assert_eq!((symptom.kind, symptom.summary.as_str()), (kind, summary), "{paste}");
        assert_eq!(places(symptom), [(2, 1)], "{paste}");
    }
}

#[test]
fn healthy_evidence_and_a_lone_client_address_are_no_symptoms() {
    assert_eq!(symptoms(&facts(&[HEALTHY])), []);
    assert_eq!(symptoms(&facts(&["Client address: 20.55.143.17"])), []);
    assert_eq!(symptoms(&Facts::default()), []);
}

#[test]
fn a_long_log_quotes_at_most_a_few_lines() {
    let codes: Vec<String> = (0..20).map(|i| format!("ErrorCode: Code{i}")).collect();
    let log = format!("Status: 403 (Forbidden)\n{}", codes.join("\n"));
    let found = symptoms(&facts(&[&log]));
    let [symptom] = found.as_slice() else { panic!("{found:#?}") };
    assert_eq!(symptom.evidence.len(), MAX_QUOTED);
    assert_eq!(symptom.code.as_deref(), Some("Code0"));
}
