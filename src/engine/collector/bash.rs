//! The bash collector (Linux, macOS, Cloud Shell, an AKS pod through `kubectl exec`, App
//! Service Linux SSH). Uses what the host has: nslookup, dig or host for lookups, else getent
//! (the system resolver only); curl, else openssl, else bash's `/dev/tcp`; and says what was
//! missing. Every network command is bounded by `timeout` where the host has it.

use super::{marker_fields, with_vars, Step, Target, PLACEHOLDER_HOST, PLACEHOLDER_PRIVATELINK, PLACEHOLDER_VAULT};
use crate::engine::checks::commands;

/// The script's opening: the vault (its first argument) typed as kvdoctor types every name,
/// the test-only overrides, the helpers, the header. Everything after the default vault runs
/// inside `kv_main`, which bash reads whole before running any of it: a download cut short
/// (`curl … | bash`) runs nothing, and with its input from /dev/null no command it runs can
/// swallow the rest of a piped script.
const PROLOGUE: &str = r#"#!/usr/bin/env bash
# kvdoctor collector v@FORMAT@@ABOUT@.
#   bash collect.sh contoso       or       curl -fsSL <kvdoctor page>/collect.sh | bash -s -- contoso
# Read-only: it looks names up, opens connections and reads settings. It changes nothing,
# writes no file and never prints a token. Each step is bounded in time and a failing step
# never stops the next. Paste everything it prints into kvdoctor.
kv_default='@DEFAULT@'
kv_main() {
kv_usage() {
  printf 'kvdoctor: %s\n' "$1" >&2
  printf 'usage: bash collect.sh VAULT   (or the line the kvdoctor page shows: curl -fsSL PAGE/collect.sh | bash -s -- VAULT)\n' >&2
  printf 'VAULT is a Key Vault name (3-24 letters, digits and single hyphens, starting with a letter and\nnot ending with a hyphen) or one of its host names, e.g. contoso or contoso.vault.azure.net.\n' >&2
  exit 2
}
kv_arg="${1:-$kv_default}"
if [ -z "$kv_arg" ]; then kv_usage 'no vault name was given'; fi
# The vault as kvdoctor types a name: lower case; a URI's host; a known cloud's host name.
kv_arg=$(printf '%s' "$kv_arg" | tr 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' 'abcdefghijklmnopqrstuvwxyz')
case "$kv_arg" in
  https://*) kv_arg=${kv_arg#https://}; kv_arg=${kv_arg%%/*} ;;
  *://*) kv_arg='' ;;
esac
kv_arg=${kv_arg%.}
kv_vault=''; kv_suffix=''; kv_zone=''; kv_resource=''
case "$kv_arg" in
@CLOUDS@
  *.*) ;;
  *) kv_vault=$kv_arg; kv_suffix='vault.azure.net'; kv_zone='privatelink.vaultcore.azure.net'; kv_resource='https://vault.azure.net' ;;
esac
case "$kv_vault" in
  ''|*[!abcdefghijklmnopqrstuvwxyz0123456789-]*|*--*|[!abcdefghijklmnopqrstuvwxyz]*|*-) kv_vault='' ;;
esac
if [ "${#kv_vault}" -lt 3 ] || [ "${#kv_vault}" -gt 24 ]; then kv_usage 'that is not a Key Vault name or host name'; fi
kv_host="$kv_vault.$kv_suffix"
kv_pl=''
if [ -n "$kv_zone" ]; then kv_pl="$kv_vault.$kv_zone"; fi
# Test-only overrides of every address and port this script contacts.
kv_azure_dns="${KVDOCTOR_TEST_AZURE_DNS:-@AZURE_DNS@}"
kv_public_dns="${KVDOCTOR_TEST_PUBLIC_DNS:-@PUBLIC_DNS@}"
kv_dns_port="${KVDOCTOR_TEST_DNS_PORT:-53}"
kv_port="${KVDOCTOR_TEST_HTTPS_PORT:-443}"
kv_imds="${KVDOCTOR_TEST_IMDS:-169.254.169.254:80}"
kv_hosts_file="${KVDOCTOR_TEST_HOSTS_FILE:-/etc/hosts}"
kv_seconds=@SECONDS@
kv_nsport=''
kv_digport=''
kv_curlport=''
if [ "$kv_dns_port" != 53 ]; then kv_nsport="-port=$kv_dns_port"; kv_digport="-p $kv_dns_port"; fi
if [ "$kv_port" != 443 ]; then kv_curlport="--connect-to $kv_host:443:$kv_host:$kv_port"; fi

kv_have() { command -v "$1" >/dev/null 2>&1; }
# Runs a command bounded in time, its errors with its output.
kv_limit() { if kv_have timeout; then timeout "$kv_seconds" "$@"; else "$@"; fi; }
# Prints the command, runs it bounded in time, prints its exit status.
kv_cmd() { printf '$ %s\n' "$*"; kv_limit "$@" 2>&1; printf 'kvdoctor: exit %s\n' "$?"; }
kv_skip() { printf 'kvdoctor: skipped: %s\n' "$1"; }
# The system resolver getent asks (nslookup and dig name it themselves).
kv_resolver() { kv_ns=$(awk '/^nameserver/{print $2; exit}' /etc/resolv.conf 2>/dev/null); if [ -n "$kv_ns" ]; then printf 'kvdoctor: server %s\n' "$kv_ns"; fi; }
kv_step() { printf '\n=== kvdoctor step %s host=%s ===\n' "$1" "$kv_machine"; }
# Every address the system resolver gives for the vault's name.
kv_addresses() {
  if kv_have getent; then
    kv_limit getent ahostsv4 "$kv_host" 2>/dev/null | awk '{print $1}' | sort -u
  elif kv_have dig; then
    kv_limit dig +short "$kv_host" 2>/dev/null | grep -E '^[0-9.]+$'
  elif kv_have nslookup; then
    kv_limit nslookup "$kv_host" 2>/dev/null | awk '/^Name:/{n=1;next} n&&/^Address/{sub(/^Address(es)?:[ \t]*/,"");print}'
  fi
}

kv_machine=$(hostname 2>/dev/null || uname -n 2>/dev/null)
kv_machine=$(printf '%s' "$kv_machine" | tr -cd 'A-Za-z0-9._-')
kv_kind=linux
if [ "$(uname -s 2>/dev/null)" = Darwin ]; then kv_kind=macos; fi
if [ -n "$KUBERNETES_SERVICE_HOST" ]; then kv_kind=kubernetes-pod; fi
if [ -n "$WEBSITE_SITE_NAME" ]; then kv_kind=app-service; fi
case "$AZUREPS_HOST_ENVIRONMENT" in cloud-shell*) kv_kind=cloud-shell ;; esac
kv_tools=''
for kv_tool in nslookup dig host getent curl openssl timeout az; do
  if kv_have "$kv_tool"; then kv_tools="$kv_tools $kv_tool=yes"; else kv_tools="$kv_tools $kv_tool=missing"; fi
done
kv_az=''
if kv_have az && kv_limit az account show --query id -o tsv >/dev/null 2>&1; then kv_az=yes; fi
printf '=== kvdoctor collect v%s host=%s kind=%s time=%s vault=%s shell=bash ===\n' '@FORMAT@' "$kv_machine" "$kv_kind" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$kv_host"
printf 'kvdoctor: tools:%s\n' "$kv_tools"
if [ -z "$kv_az" ]; then printf 'kvdoctor: az is not installed or not signed in: the az steps are skipped\n'; fi
"#;

const EPILOGUE: &str = "\nprintf '\\n=== kvdoctor end ===\\n'\n}\nkv_main \"$@\" </dev/null\n";

/// The whole bash script: generic, or defaulting to `target`.
pub fn script(target: Option<&Target>) -> String {
    super::assemble(PROLOGUE, EPILOGUE, section, clouds(), target)
}

/// The case arms that type a host name the script is given, one per known suffix.
fn clouds() -> String {
    super::suffixes()
        .into_iter()
        .map(|(suffix, public, zone, resource)| {
            format!(
                "  *.{suffix}) kv_vault=${{kv_arg%.{suffix}}}; kv_suffix='{public}'; kv_zone='{}'; kv_resource='{resource}' ;;",
                zone.unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One step: its marker, then its body; an az step only where az is signed in.
fn section(step: &Step) -> String {
    let body = (step.bash)();
    let body = if step.needs_az {
        format!("if [ -n \"$kv_az\" ]; then\n{body}\nelse kv_skip 'az is not installed or not signed in'; fi")
    } else {
        body
    };
    format!("\n# {}\nkv_step '{}'\n{body}\n", step.shows, marker_fields(step))
}

/// A shared command with the script's variables, each one quoted word where it stands.
fn vars(shared: &str) -> String {
    with_vars(shared, ("\"$kv_pl\"", "\"$kv_host\"", "\"$kv_vault\""))
}

/// A lookup of `name` (a script variable) through `server` (a script variable, `None` for the
/// system resolver): the shared `nslookup` command where the host has it, else dig, else host,
/// else getent (which can only ask the system resolver).
fn lookup(shared_nslookup: String, name: &str, server: Option<&str>) -> String {
    let shared_nslookup = vars(&shared_nslookup);
    let name = format!("\"${name}\"");
    let (nslookup, dig, host) = match server {
        Some(var) => {
            let nslookup = shared_nslookup.replacen("nslookup ", "nslookup $kv_nsport ", 1);
            (
                replace_last_word(&nslookup, &format!("\"${var}\"")),
                format!("dig +time=3 +tries=1 $kv_digport {name} \"@${var}\""),
                format!("host -W 3 {name} \"${var}\""),
            )
        }
        None => (shared_nslookup, format!("dig +time=3 +tries=1 {name}"), format!("host -W 3 {name}")),
    };
    let last = match server {
        None => format!("elif kv_have getent; then kv_resolver; kv_cmd getent hosts {name}\nelse kv_skip 'no nslookup, dig, host or getent here'"),
        Some(_) => "else kv_skip 'no nslookup, dig or host here (getent asks only the system resolver)'".to_string(),
    };
    format!(
        "if kv_have nslookup; then kv_cmd {nslookup}\nelif kv_have dig; then kv_cmd {dig}\nelif kv_have host; then kv_cmd {host}\n{last}; fi"
    )
}

fn replace_last_word(command: &str, with: &str) -> String {
    match command.rsplit_once(' ') {
        Some((head, _)) => format!("{head} {with}"),
        None => command.to_string(),
    }
}

pub fn dns_system() -> String {
    lookup(commands::nslookup(PLACEHOLDER_HOST), "kv_host", None)
}

pub fn dns_azure() -> String {
    format!(
        "printf 'kvdoctor: server %s\\n' \"$kv_azure_dns\"\n{}",
        lookup(commands::nslookup_via_azure_dns(PLACEHOLDER_HOST), "kv_host", Some("kv_azure_dns"))
    )
}

pub fn dns_public() -> String {
    let shared = commands::nslookup_via(PLACEHOLDER_HOST, crate::engine::input::bundle::PUBLIC_RESOLVER);
    format!("printf 'kvdoctor: server %s\\n' \"$kv_public_dns\"\n{}", lookup(shared, "kv_host", Some("kv_public_dns")))
}

pub fn dns_privatelink() -> String {
    format!(
        "if [ -n \"$kv_pl\" ]; then\n{}\nelse kv_skip 'this cloud documents no privatelink zone for vaults'; fi",
        lookup(commands::nslookup(PLACEHOLDER_PRIVATELINK), "kv_pl", None)
    )
}

/// The names as a regular expression (dots escaped), the privatelink name where there is one.
pub fn hosts_file() -> String {
    r#"kv_re=$(printf '%s' "$kv_host" | sed 's/[.]/\\./g')
if [ -n "$kv_pl" ]; then kv_re="$kv_re|$(printf '%s' "$kv_pl" | sed 's/[.]/\\./g')"; fi
if [ -r "$kv_hosts_file" ]; then kv_cmd grep -iE "^[^#]*[[:space:]]($kv_re)([[:space:]]|\$)" "$kv_hosts_file"
else kv_skip "no hosts file at $kv_hosts_file"; fi"#
        .to_string()
}
/// Proxy variables with any `user:password@` and path removed: scheme, host and port only.
pub fn proxy() -> String {
    r#"kv_none=yes
for kv_v in HTTPS_PROXY https_proxy HTTP_PROXY http_proxy ALL_PROXY all_proxy NO_PROXY no_proxy; do
  kv_val=$(printenv "$kv_v")
  if [ -n "$kv_val" ]; then
    kv_none=''
    case "$kv_v" in
      NO_PROXY|no_proxy) printf '%s=%s\n' "$kv_v" "$(printf '%s' "$kv_val" | tr -cd 'A-Za-z0-9.,*:_-')" ;;
      *) printf '%s=%s\n' "$kv_v" "$(printf '%s' "$kv_val" | sed -E 's#^([A-Za-z][A-Za-z0-9+.-]*://)?([^@/]*@)?([^/?#]*).*#\1\3#')" ;;
    esac
  fi
done
if [ -n "$kv_none" ]; then printf 'kvdoctor: no proxy variable is set\n'; fi"#
        .to_string()
}

pub fn tcp() -> String {
    r#"kv_addrs=$(kv_addresses)
if [ -z "$kv_addrs" ]; then kv_skip 'the name resolved to no address here'; fi
for kv_a in $kv_addrs; do
  kv_err=$(kv_limit bash -c 'exec 3<>"/dev/tcp/$1/$2"' kv "$kv_a" "$kv_port" 2>&1)
  kv_rc=$?
  if [ "$kv_rc" = 0 ]; then printf 'kvdoctor: tcp %s port %s: connected\n' "$kv_a" "$kv_port"
  elif [ "$kv_rc" = 124 ]; then printf 'kvdoctor: tcp %s port %s: timed out\n' "$kv_a" "$kv_port"
  else printf 'kvdoctor: tcp %s port %s: failed: %s\n' "$kv_a" "$kv_port" "$(printf '%s' "$kv_err" | tr '\n' ' ')"; fi
done"#
        .to_string()
}

pub fn tls() -> String {
    r#"if kv_have openssl; then
  printf '$ openssl s_client -connect %s:%s -servername %s -verify_hostname %s\n' "$kv_host" "$kv_port" "$kv_host" "$kv_host"
  kv_out=$(kv_limit openssl s_client -connect "$kv_host:$kv_port" -servername "$kv_host" -verify_hostname "$kv_host" </dev/null 2>&1)
  printf '%s\n' "$kv_out" | grep -E '^(depth=|verify error|Verify return code|connect:|.*errno=|.*[Ee]rror)' | head -n 20
  case "$kv_out" in
    *'BEGIN CERTIFICATE'*) printf '%s\n' "$kv_out" | openssl x509 -noout -subject -issuer -ext subjectAltName 2>/dev/null || printf '%s\n' "$kv_out" | openssl x509 -noout -subject -issuer 2>&1 ;;
    *) printf 'kvdoctor: no certificate was received\n' ;;
  esac
elif kv_have curl; then
  printf '$ curl -sv -o /dev/null https://%s/\n' "$kv_host"
  kv_limit curl -sSv -o /dev/null $kv_curlport "https://$kv_host/" 2>&1 | grep -E '^\* +(subject|issuer|subjectAltName|SSL certificate|Server certificate)|^curl: '
else kv_skip 'no openssl or curl here: the certificate cannot be read'; fi"#
        .to_string()
}

pub fn healthstatus() -> String {
    // The shared command, its body discarded (-o /dev/null): only the status line and the
    // headers that say how the vault saw the caller are kept.
    let shared = commands::healthstatus(PLACEHOLDER_HOST);
    let shown = with_vars(&shared, ("${kv_pl}", "${kv_host}", "${kv_vault}"));
    let curl = with_vars(&shared, ("${kv_pl}", "${kv_host}", "${kv_vault}")).replacen(
        "curl -sv ",
        "curl -sSv -o /dev/null --max-time \"$kv_seconds\" $kv_curlport ",
        1,
    );
    let filter = "'^(\\* +(Trying|Connected|connect to|Could not|Failed|SSL certificate|subject|issuer)|< HTTP/|< www-authenticate|< x-ms-keyvault-(network-info|region|service-version)|curl: )'";
    format!(
        r#"if kv_have curl; then
  printf '$ %s\n' "{shown}"
  kv_limit {curl} 2>&1 | grep -iE {filter}
  printf 'kvdoctor: exit %s\n' "${{PIPESTATUS[0]}}"
elif kv_have openssl; then
  printf '$ openssl s_client -quiet -connect %s:%s (GET /healthstatus)\n' "$kv_host" "$kv_port"
  printf 'GET /healthstatus HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$kv_host" | kv_limit openssl s_client -quiet -connect "$kv_host:$kv_port" -servername "$kv_host" 2>&1 | grep -iE '^(HTTP/|www-authenticate|x-ms-keyvault-(network-info|region|service-version))'
else kv_skip 'no curl or openssl here: the HTTPS request cannot be made'; fi"#
    )
}

/// The identity endpoint's status only: curl discards the body (`-o /dev/null`), bash's
/// fallback reads the status line alone. Never a token.
pub fn managed_identity() -> String {
    r#"if [ -n "$IDENTITY_ENDPOINT" ] && [ -n "$IDENTITY_HEADER" ]; then
  kv_mi_url="$IDENTITY_ENDPOINT?api-version=2019-08-01&resource=$kv_resource"
  kv_mi_name='IDENTITY_ENDPOINT (App Service, Functions, Container Apps)'
  kv_mi_header="X-IDENTITY-HEADER: $IDENTITY_HEADER"
else
  kv_mi_url="http://$kv_imds/metadata/identity/oauth2/token?api-version=2018-02-01&resource=$kv_resource"
  kv_mi_name="IMDS ($kv_imds)"
  kv_mi_header='Metadata: true'
fi
printf 'kvdoctor: identity endpoint %s: status only, the answer is discarded\n' "$kv_mi_name"
if kv_have curl; then
  kv_code=$(kv_limit curl -s -o /dev/null -w '%{http_code}' --max-time 5 --noproxy '*' -H "$kv_mi_header" "$kv_mi_url" 2>/dev/null)
  printf 'kvdoctor: identity endpoint answered: %s\n' "${kv_code:-000}"
else
  kv_hp=${kv_mi_url#http://}; kv_hp=${kv_hp%%/*}; kv_path=/${kv_mi_url#http://*/}
  kv_code=$(kv_limit bash -c 'exec 3<>"/dev/tcp/${1%:*}/${1##*:}" && printf "GET %s HTTP/1.0\r\nHost: %s\r\n%s\r\n\r\n" "$2" "$1" "$3" >&3 && head -n 1 <&3' kv "$kv_hp" "$kv_path" "$kv_mi_header" 2>&1)
  printf 'kvdoctor: identity endpoint answered: %s\n' "$(printf '%s' "$kv_code" | head -n 1 | tr -d '\r')"
fi"#
        .to_string()
}

pub fn az_network() -> String {
    format!("kv_cmd {} -o json", vars(&commands::vault_network(PLACEHOLDER_VAULT)))
}

pub fn az_connections() -> String {
    format!("kv_cmd {} -o json", vars(&commands::vault_connections(PLACEHOLDER_VAULT)))
}

pub fn az_zone() -> String {
    r#"if [ -z "$kv_zone" ]; then kv_skip 'this cloud documents no privatelink zone for vaults'
else
kv_cmd az network private-dns zone list --query "[?name=='$kv_zone']" -o json
for kv_rg in $(kv_limit az network private-dns zone list --query "[?name=='$kv_zone'].resourceGroup" -o tsv 2>/dev/null); do
  kv_step 'az-zone view=azure part=links'
  kv_cmd az network private-dns link vnet list -g "$kv_rg" -z "$kv_zone" -o json
  kv_step 'az-zone view=azure part=records'
  kv_cmd az network private-dns record-set a list -g "$kv_rg" -z "$kv_zone" -o json
done
fi"#
    .to_string()
}

pub fn az_roles() -> String {
    format!(
        r#"kv_cmd {caller}
kv_oid=$(kv_limit az ad signed-in-user show --query id -o tsv 2>/dev/null)
if [ -z "$kv_oid" ]; then kv_oid=$(kv_limit az account show --query user.name -o tsv 2>/dev/null); fi
kv_id=$(kv_limit az keyvault show --name "$kv_vault" --query id -o tsv 2>/dev/null)
kv_step 'az-roles view=azure part=assignments'
if [ -n "$kv_oid" ] && [ -n "$kv_id" ]; then kv_cmd az role assignment list --assignee "$kv_oid" --scope "$kv_id" --include-inherited -o json
else kv_skip 'the signed-in identity or the vault id could not be read'; fi"#,
        caller = commands::signed_in_caller(),
    )
}
