//! Address classification. The ranges are the real ones (RFC 1918, RFC 6598): 172.16.0.0/12 ends at
//! 172.31.255.255, not 172.32 as one Microsoft guide says, and 100.64.0.0/10 is used as VNet space.

use std::net::{IpAddr, Ipv4Addr};

/// Azure's virtual DNS server, reachable only from inside a VNet.
pub const AZURE_DNS: IpAddr = IpAddr::V4(Ipv4Addr::new(168, 63, 129, 16));

/// Where an address lives, as far as a private endpoint is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// RFC 1918, shared (100.64/10) or IPv6 unique-local space: where private endpoints live.
    Private,
    /// Routable on the internet: the vault's public front end.
    Public,
    /// Loopback, link-local, multicast, unspecified: never a vault's address.
    Special,
}

pub fn scope(addr: IpAddr) -> Scope {
    match addr {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_loopback() || v4.is_link_local() || v4.is_multicast() || v4.is_broadcast() || v4.is_unspecified() {
                Scope::Special
            } else if a == 10
                || (a == 172 && (16..=31).contains(&b))
                || (a == 192 && b == 168)
                || (a == 100 && (64..=127).contains(&b))
            {
                Scope::Private
            } else {
                Scope::Public
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() || first & 0xffc0 == 0xfe80 {
                Scope::Special
            } else if first & 0xfe00 == 0xfc00 {
                Scope::Private
            } else {
                Scope::Public
            }
        }
    }
}

/// Reads an address the way tools print it: `10.0.0.4`, `10.0.0.4#53` (nslookup on Linux),
/// `[fd00::4]`, with trailing punctuation tolerated.
pub fn parse_addr(text: &str) -> Option<IpAddr> {
    let token = text.trim().trim_end_matches(['.', ',', ';', ')']).trim_start_matches('(');
    let token = token.split('#').next().unwrap_or(token);
    let token = token.trim_start_matches('[').trim_end_matches(']');
    token.parse().ok()
}

/// A value redacted by hand before pasting (`***.***.***.***`, `10.x.x.x`, `xx.xx.xx.xx`).
pub fn is_masked_addr(text: &str) -> bool {
    let t = text.trim();
    let parts: Vec<&str> = t.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3)
        && parts.iter().any(|p| p.chars().all(|c| matches!(c, '*' | 'x' | 'X')))
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit() || matches!(c, '*' | 'x' | 'X')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope_of(text: &str) -> Scope {
        scope(parse_addr(text).expect(text))
    }

    #[test]
    fn private_ranges_are_exact() {
        assert_eq!(scope_of("10.1.2.3"), Scope::Private);
        assert_eq!(scope_of("172.16.0.1"), Scope::Private);
        assert_eq!(scope_of("172.31.255.254"), Scope::Private);
        assert_eq!(scope_of("172.32.0.1"), Scope::Public, "172.32/16 is public (the docs' off-by-one)");
        assert_eq!(scope_of("172.15.9.9"), Scope::Public);
        assert_eq!(scope_of("192.168.4.4"), Scope::Private);
        assert_eq!(scope_of("100.83.116.123"), Scope::Private);
        assert_eq!(scope_of("100.128.0.1"), Scope::Public);
        assert_eq!(scope_of("52.168.109.101"), Scope::Public);
        assert_eq!(scope_of("127.0.0.53"), Scope::Special);
        assert_eq!(scope_of("fd12:3456::4"), Scope::Private);
        assert_eq!(scope_of("2603:1030:403::1"), Scope::Public);
    }

    #[test]
    fn reads_tool_formats() {
        assert_eq!(parse_addr("127.0.0.53#53").unwrap().to_string(), "127.0.0.53");
        assert_eq!(parse_addr("(10.0.0.4)").unwrap().to_string(), "10.0.0.4");
        assert!(parse_addr("10.0.0").is_none());
        assert!(parse_addr("fabrikam.vault.azure.net").is_none());
    }

    #[test]
    fn recognises_masked_addresses() {
        assert!(is_masked_addr("***.***.***.***"));
        assert!(is_masked_addr("10.x.x.x"));
        assert!(is_masked_addr("xx.xx.xx.xx"));
        assert!(!is_masked_addr("10.0.0.4"));
        assert!(!is_masked_addr("data-prod-eus.vaultcore.azure.net"));
    }
}

/// Who answered a DNS query, which decides where a private zone can take effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolver {
    /// 168.63.129.16: applies the private DNS zones linked to the VNet.
    AzureDns,
    /// 127.0.0.53 (systemd-resolved), 127.0.0.11 (Docker): forwards to a server we cannot see.
    LocalStub,
    /// Any other private server: a domain controller, an on-premises or a forwarder VM's DNS.
    Custom,
    /// A server at a public address (1.1.1.1, 8.8.8.8, an ISP's): nothing of the customer's
    /// can be configured there, and it never sees a private DNS zone.
    Public,
}

pub fn resolver(addr: IpAddr) -> Resolver {
    if addr == AZURE_DNS {
        Resolver::AzureDns
    } else if addr.is_loopback() {
        Resolver::LocalStub
    } else if scope(addr) == Scope::Public {
        Resolver::Public
    } else {
        Resolver::Custom
    }
}

/// Whether `rule` (an address or CIDR, as in a vault's `ipRules`) covers `addr`.
pub fn rule_covers(rule: &str, addr: IpAddr) -> bool {
    let (base, bits) = match rule.trim().split_once('/') {
        Some((base, bits)) => (base, bits.parse::<u32>().ok()),
        None => (rule.trim(), None),
    };
    match (base.parse::<IpAddr>(), addr) {
        (Ok(IpAddr::V4(net)), IpAddr::V4(ip)) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = if bits == 0 { 0 } else { u32::MAX << (32 - bits) };
            u32::from(net) & mask == u32::from(ip) & mask
        }
        (Ok(IpAddr::V6(net)), IpAddr::V6(ip)) => {
            let bits = bits.unwrap_or(128).min(128);
            let mask = if bits == 0 { 0 } else { u128::MAX << (128 - bits) };
            u128::from(net) & mask == u128::from(ip) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;

    #[test]
    fn cidr_rules() {
        let ip = parse_addr("20.85.12.7").unwrap();
        assert!(rule_covers("20.85.12.7", ip));
        assert!(rule_covers("20.85.12.0/24", ip));
        assert!(!rule_covers("20.85.13.0/24", ip));
        assert!(rule_covers("0.0.0.0/0", ip));
        assert!(!rule_covers("garbage", ip));
    }
}
