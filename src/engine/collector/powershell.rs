//! The PowerShell collector (Windows PowerShell 5.1, PowerShell 7, the App Service Kudu
//! console). Written for 5.1: no `??`, `?.`, ternaries or `&&`/`||` chains; `::new()` (5.0+)
//! rather than `New-Object`; `-UseBasicParsing`-free .NET requests, so neither Internet
//! Explorer's engine nor PowerShell 7's exceptions decide what is printed. Every string that
//! holds a command for display is single-quoted (no `$` expansion); the vault's names are
//! single-quoted once, in variables.

use super::{marker_fields, with_vars, Step, Target, PLACEHOLDER_HOST, PLACEHOLDER_VAULT};
use crate::engine::checks::commands;

/// The script's opening: the vault (`-Vault`, or the first argument) typed as kvdoctor types
/// every name, the test-only overrides, the helpers, the header. PowerShell parses a whole
/// script (or a `[scriptblock]::Create` of it) before running any of it. A bad name returns
/// with the usage (never `exit`, which would close the console it was pasted into).
const PROLOGUE: &str = r#"# kvdoctor collector v@FORMAT@@ABOUT@.
#   .\collect.ps1 -Vault contoso    or    & ([scriptblock]::Create((Invoke-RestMethod -UseBasicParsing '<kvdoctor page>/collect.ps1'))) -Vault contoso
# Read-only: it looks names up, opens connections and reads settings. It changes nothing,
# writes no file and never prints a token. Each step is bounded in time and a failing step
# never stops the next. Paste everything it prints into kvdoctor.
param([string]$Vault = '@DEFAULT@')
$ErrorActionPreference = 'Continue'
$kvUsage = 'usage: .\collect.ps1 -Vault VAULT, or the line the kvdoctor page shows' + [Environment]::NewLine + 'VAULT is a Key Vault name (3-24 letters, digits and single hyphens, starting with a letter and not ending with a hyphen) or one of its host names, e.g. contoso or contoso.vault.azure.net.'
if (-not $Vault) { Write-Output ('kvdoctor: no vault name was given' + [Environment]::NewLine + $kvUsage); return }
# The vault as kvdoctor types a name: lower case; a URI's host; a known cloud's host name.
$kvArg = $Vault.Trim().ToLowerInvariant()
if ($kvArg.StartsWith('https://')) { $kvArg = $kvArg.Substring(8).Split('/')[0] } elseif ($kvArg.Contains('://')) { $kvArg = '' }
$kvArg = $kvArg.TrimEnd('.')
$kvVault = ''; $kvSuffix = ''; $kvZone = ''; $kvResource = ''
foreach ($kvC in @(
@CLOUDS@
)) {
  if (-not $kvVault -and $kvArg.EndsWith('.' + $kvC[0])) { $kvVault = $kvArg.Substring(0, $kvArg.Length - $kvC[0].Length - 1); $kvSuffix = $kvC[1]; $kvZone = $kvC[2]; $kvResource = $kvC[3] }
}
if (-not $kvVault -and -not $kvArg.Contains('.')) { $kvVault = $kvArg; $kvSuffix = 'vault.azure.net'; $kvZone = 'privatelink.vaultcore.azure.net'; $kvResource = 'https://vault.azure.net' }
if (-not ($kvVault -cmatch '^[a-z][a-z0-9-]{1,22}[a-z0-9]$') -or $kvVault.Contains('--')) { Write-Output ('kvdoctor: that is not a Key Vault name or host name' + [Environment]::NewLine + $kvUsage); return }
$kvHost = $kvVault + '.' + $kvSuffix
$kvPl = ''
if ($kvZone) { $kvPl = $kvVault + '.' + $kvZone }
# Test-only overrides of every address and port this script contacts.
$kvAzureDns = '@AZURE_DNS@'
if ($env:KVDOCTOR_TEST_AZURE_DNS) { $kvAzureDns = $env:KVDOCTOR_TEST_AZURE_DNS }
$kvPublicDns = '@PUBLIC_DNS@'
if ($env:KVDOCTOR_TEST_PUBLIC_DNS) { $kvPublicDns = $env:KVDOCTOR_TEST_PUBLIC_DNS }
$kvDnsPort = '53'
if ($env:KVDOCTOR_TEST_DNS_PORT) { $kvDnsPort = $env:KVDOCTOR_TEST_DNS_PORT }
$kvPort = 443
if ($env:KVDOCTOR_TEST_HTTPS_PORT) { $kvPort = [int]$env:KVDOCTOR_TEST_HTTPS_PORT }
$kvImds = '169.254.169.254:80'
if ($env:KVDOCTOR_TEST_IMDS) { $kvImds = $env:KVDOCTOR_TEST_IMDS }
$kvHostsFile = Join-Path $env:SystemRoot 'System32\drivers\etc\hosts'
if ($env:KVDOCTOR_TEST_HOSTS_FILE) { $kvHostsFile = $env:KVDOCTOR_TEST_HOSTS_FILE }
$kvSeconds = @SECONDS@
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

function kvHave([string]$name) { [bool](Get-Command $name -ErrorAction SilentlyContinue) }
function kvSkip([string]$why) { Write-Output ('kvdoctor: skipped: ' + $why) }
function kvStep([string]$fields) { Write-Output ''; Write-Output ('=== kvdoctor step ' + $fields + ' host=' + $kvMachine + ' ===') }
# Prints the command, runs it (errors as text), prints its exit status.
function kvRun([string]$shown, [scriptblock]$run) {
  Write-Output ('$ ' + $shown)
  try { & $run 2>&1 | ForEach-Object { "$_" } } catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }
  Write-Output ('kvdoctor: exit ' + $LASTEXITCODE)
}
function kvLookup([string]$name, [string]$server) {
  $portArg = '-port=' + $kvDnsPort
  if (kvHave 'nslookup') {
    if ($server) { kvRun ('nslookup ' + $name + ' ' + $server) { nslookup $portArg $name $server } }
    else { kvRun ('nslookup ' + $name) { nslookup $name } }
  } elseif (kvHave 'nameresolver') {
    if ($server) { kvRun ('nameresolver ' + $name + ' ' + $server) { nameresolver $name $server } }
    else { kvRun ('nameresolver ' + $name) { nameresolver $name } }
  } elseif (kvHave 'Resolve-DnsName') {
    Write-Output ('$ Resolve-DnsName ' + $name + ' ' + $server)
    try {
      if ($server) { Resolve-DnsName -Name $name -Server $server -DnsOnly -QuickTimeout -ErrorAction Stop | Format-List | Out-String -Width 4096 }
      else { Resolve-DnsName -Name $name -DnsOnly -QuickTimeout -ErrorAction Stop | Format-List | Out-String -Width 4096 }
    } catch { Write-Output ($name + ' : ' + $_.Exception.Message) }
  } elseif (-not $server) {
    Write-Output ('$ [System.Net.Dns]::GetHostEntry(' + $name + ')')
    try { $e = [System.Net.Dns]::GetHostEntry($name); foreach ($a in $e.AddressList) { Write-Output ($a.ToString() + ' ' + $e.HostName) } } catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }
  } else { kvSkip 'no nslookup, nameresolver or Resolve-DnsName here' }
}
# Every IPv4 address the system resolver gives for the vault's name.
function kvAddresses() {
  try { [System.Net.Dns]::GetHostAddresses($kvHost) | Where-Object { $_.AddressFamily -eq 'InterNetwork' } | ForEach-Object { $_.ToString() } } catch { }
}

$kvMachine = ([Environment]::MachineName -replace '[^A-Za-z0-9._-]', '')
$kvKind = 'windows'
if ($PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows) { $kvKind = 'linux' }
if ($env:WEBSITE_SITE_NAME) { $kvKind = 'app-service' }
if ($env:KUBERNETES_SERVICE_HOST) { $kvKind = 'kubernetes-pod' }
if ($env:AZUREPS_HOST_ENVIRONMENT -like 'cloud-shell*') { $kvKind = 'cloud-shell' }
$kvTools = ''
foreach ($kvTool in 'nslookup', 'nameresolver', 'Resolve-DnsName', 'Test-NetConnection', 'az') {
  if (kvHave $kvTool) { $kvTools += ' ' + $kvTool + '=yes' } else { $kvTools += ' ' + $kvTool + '=missing' }
}
$kvAz = $false
if (kvHave 'az') { try { az account show --query id -o tsv 2>&1 | Out-Null; $kvAz = ($LASTEXITCODE -eq 0) } catch { } }
Write-Output ('=== kvdoctor collect v@FORMAT@ host=' + $kvMachine + ' kind=' + $kvKind + ' time=' + [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ') + ' vault=' + $kvHost + ' shell=powershell-' + $PSVersionTable.PSVersion.Major + ' ===')
Write-Output ('kvdoctor: tools:' + $kvTools)
if (-not $kvAz) { Write-Output 'kvdoctor: az is not installed or not signed in: the az steps are skipped' }
"#;

const EPILOGUE: &str = "\nWrite-Output ''\nWrite-Output '=== kvdoctor end ==='\n";

/// The whole PowerShell script: generic, or defaulting to `target`.
pub fn script(target: Option<&Target>) -> String {
    super::assemble(PROLOGUE, EPILOGUE, section, clouds(), target)
}

/// The rows that type a host name the script is given, one per known suffix:
/// `@(suffix, public suffix, zone, audience)`.
fn clouds() -> String {
    super::suffixes()
        .into_iter()
        .map(|(suffix, public, zone, resource)| {
            format!("  @('{suffix}', '{public}', '{}', '{resource}')", zone.unwrap_or(""))
        })
        .collect::<Vec<_>>()
        .join(",\n")
}

fn section(step: &Step) -> String {
    let body = (step.powershell)();
    let body = if step.needs_az {
        format!("if ($kvAz) {{\n{body}\n}} else {{ kvSkip 'az is not installed or not signed in' }}")
    } else {
        body
    };
    format!("\n# {}\nkvStep '{}'\ntry {{\n{body}\n}} catch {{ Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }}\n", step.shows, marker_fields(step))
}

/// A PowerShell single-quoted string: nothing in it expands.
fn single(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A shared command as an expression that shows it: single-quoted text joined to the script's
/// variables where the placeholders stand.
fn shown(shared: &str) -> String {
    const MARK: char = '\u{1}';
    let marked = with_vars(shared, ("\u{1}$kvPl\u{1}", "\u{1}$kvHost\u{1}", "\u{1}$kvVault\u{1}"));
    let parts: Vec<String> = marked
        .split(MARK)
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| if i % 2 == 1 { p.to_string() } else { single(p) })
        .collect();
    if parts.len() == 1 {
        parts.concat()
    } else {
        format!("({})", parts.join(" + "))
    }
}

/// An az command shared with "What to run", shown as text and run as written (az commands are
/// written to run in bash and PowerShell alike), the vault's names from the script's variables.
fn az(shared: &str) -> String {
    format!("kvRun {} {{ {} }}", shown(shared), with_vars(shared, ("$kvPl", "$kvHost", "$kvVault")))
}

pub fn dns_system() -> String {
    // The shared command (`nslookup <host>`) is what kvLookup runs where nslookup exists.
    "kvLookup $kvHost ''".to_string()
}

pub fn dns_azure() -> String {
    "Write-Output ('kvdoctor: server ' + $kvAzureDns)\nkvLookup $kvHost $kvAzureDns".to_string()
}

pub fn dns_public() -> String {
    "Write-Output ('kvdoctor: server ' + $kvPublicDns)\nkvLookup $kvHost $kvPublicDns".to_string()
}

pub fn dns_privatelink() -> String {
    "if ($kvPl) { kvLookup $kvPl '' } else { kvSkip 'this cloud documents no privatelink zone for vaults' }".to_string()
}

/// The names as a regular expression, the privatelink name where there is one.
pub fn hosts_file() -> String {
    r#"$kvNames = @([regex]::Escape($kvHost))
if ($kvPl) { $kvNames += [regex]::Escape($kvPl) }
$kvPattern = '^[^#]*\s(' + ($kvNames -join '|') + ')(\s|$)'
Write-Output ('$ Select-String ' + $kvHostsFile)
if (Test-Path -LiteralPath $kvHostsFile) { Select-String -LiteralPath $kvHostsFile -Pattern $kvPattern | ForEach-Object { $_.Line } } else { kvSkip ('no hosts file at ' + $kvHostsFile) }"#
        .to_string()
}

pub fn proxy() -> String {
    r#"$kvNone = $true
foreach ($kvV in 'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY') {
  $kvVal = [Environment]::GetEnvironmentVariable($kvV)
  if ($kvVal) {
    $kvNone = $false
    if ($kvV -eq 'NO_PROXY') { Write-Output ($kvV + '=' + ($kvVal -replace '[^A-Za-z0-9.,*:_-]', '')) }
    else { Write-Output ($kvV + '=' + ($kvVal -replace '^([A-Za-z][A-Za-z0-9+.-]*://)?([^@/]*@)?([^/?#]*).*$', '$1$3')) }
  }
}
$kvSys = [System.Net.WebRequest]::GetSystemWebProxy().GetProxy([Uri]('https://' + $kvHost + '/'))
if ($kvSys.Host -ne $kvHost) { $kvNone = $false; Write-Output ('system proxy for the vault: ' + $kvSys.Scheme + '://' + $kvSys.Authority) }
if (kvHave 'netsh') { kvRun 'netsh winhttp show proxy' { netsh winhttp show proxy } }
if ($kvNone) { Write-Output 'kvdoctor: no proxy variable is set' }"#
        .to_string()
}

pub fn tcp() -> String {
    r#"$kvAddrs = @(kvAddresses)
if ($kvAddrs.Count -eq 0) { kvSkip 'the name resolved to no address here' }
foreach ($kvA in $kvAddrs) {
  $kvTcp = [System.Net.Sockets.TcpClient]::new()
  try {
    $kvWait = $kvTcp.BeginConnect($kvA, $kvPort, $null, $null)
    if (-not $kvWait.AsyncWaitHandle.WaitOne(5000)) { Write-Output ('kvdoctor: tcp ' + $kvA + ' port ' + $kvPort + ': timed out') }
    else { $kvTcp.EndConnect($kvWait); Write-Output ('kvdoctor: tcp ' + $kvA + ' port ' + $kvPort + ': connected') }
  } catch { Write-Output ('kvdoctor: tcp ' + $kvA + ' port ' + $kvPort + ': failed: ' + $_.Exception.InnerException.Message) }
  finally { $kvTcp.Close() }
}"#
    .to_string()
}

/// The certificate as .NET sees it. The validation callback records the errors and accepts,
/// only so the certificate can be read: nothing is sent over the connection.
pub fn tls() -> String {
    r#"Write-Output ('$ SslStream.AuthenticateAsClient(' + $kvHost + ':' + $kvPort + ')')
$script:kvTlsErrors = 'not checked'
$kvCb = [System.Net.Security.RemoteCertificateValidationCallback] { param($s, $c, $ch, $e) $script:kvTlsErrors = $e; $true }
$kvTcp = [System.Net.Sockets.TcpClient]::new()
try {
  $kvWait = $kvTcp.BeginConnect($kvHost, $kvPort, $null, $null)
  if (-not $kvWait.AsyncWaitHandle.WaitOne(5000)) { Write-Output 'kvdoctor: error: connection timed out' }
  else {
    $kvTcp.EndConnect($kvWait)
    $kvSsl = [System.Net.Security.SslStream]::new($kvTcp.GetStream(), $false, $kvCb)
    $kvSsl.ReadTimeout = $kvSeconds * 1000
    $kvSsl.AuthenticateAsClient($kvHost, $null, [System.Security.Authentication.SslProtocols]::Tls12, $false)
    $kvCert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($kvSsl.RemoteCertificate)
    Write-Output ('subject=' + $kvCert.Subject)
    Write-Output ('issuer=' + $kvCert.Issuer)
    $kvCert.Extensions | Where-Object { $_.Oid.Value -eq '2.5.29.17' } | ForEach-Object { Write-Output ('subjectAltName=' + $_.Format($false)) }
    Write-Output ('kvdoctor: certificate errors: ' + $script:kvTlsErrors)
    $kvSsl.Close()
  }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }
finally { $kvTcp.Close() }"#
        .to_string()
}

pub fn healthstatus() -> String {
    format!(
        r#"Write-Output ('$ GET https://' + $kvHost + ':' + $kvPort + '/healthstatus (.NET WebRequest; from bash: ' + {shared} + ')')
$kvReq = [System.Net.WebRequest]::Create('https://' + $kvHost + ':' + $kvPort + '/healthstatus')
$kvReq.Timeout = $kvSeconds * 1000
$kvResp = $null
try {{ $kvResp = $kvReq.GetResponse() }} catch {{
  $kvEx = $_.Exception
  while ($kvEx -and -not ($kvEx -is [System.Net.WebException])) {{ $kvEx = $kvEx.InnerException }}
  if ($kvEx -and $kvEx.Response) {{ $kvResp = $kvEx.Response }} else {{ Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }}
}}
if ($kvResp) {{
  Write-Output ('HTTP/' + $kvResp.ProtocolVersion + ' ' + [int]$kvResp.StatusCode + ' ' + $kvResp.StatusDescription)
  foreach ($kvN in 'WWW-Authenticate', 'x-ms-keyvault-network-info', 'x-ms-keyvault-region', 'x-ms-keyvault-service-version') {{
    $kvVal = $kvResp.Headers[$kvN]
    if ($kvVal) {{ Write-Output ($kvN + ': ' + $kvVal) }}
  }}
  $kvResp.Close()
}}"#,
        shared = shown(&commands::healthstatus(PLACEHOLDER_HOST))
    )
}

/// Status only: the response is closed unread. Never a token.
pub fn managed_identity() -> String {
    r#"if ($env:IDENTITY_ENDPOINT -and $env:IDENTITY_HEADER) {
  $kvMiUrl = $env:IDENTITY_ENDPOINT + '?api-version=2019-08-01&resource=' + $kvResource
  $kvMiName = 'IDENTITY_ENDPOINT (App Service, Functions, Container Apps)'
} else {
  $kvMiUrl = 'http://' + $kvImds + '/metadata/identity/oauth2/token?api-version=2018-02-01&resource=' + $kvResource
  $kvMiName = 'IMDS (' + $kvImds + ')'
}
Write-Output ('kvdoctor: identity endpoint ' + $kvMiName + ': status only, the answer is discarded')
$kvReq = [System.Net.WebRequest]::Create($kvMiUrl)
$kvReq.Proxy = $null
$kvReq.Timeout = 5000
if ($env:IDENTITY_ENDPOINT -and $env:IDENTITY_HEADER) { $kvReq.Headers.Add('X-IDENTITY-HEADER', $env:IDENTITY_HEADER) } else { $kvReq.Headers.Add('Metadata', 'true') }
$kvResp = $null
try { $kvResp = $kvReq.GetResponse() } catch {
  $kvEx = $_.Exception
  while ($kvEx -and -not ($kvEx -is [System.Net.WebException])) { $kvEx = $kvEx.InnerException }
  if ($kvEx -and $kvEx.Response) { $kvResp = $kvEx.Response } else { Write-Output ('kvdoctor: identity endpoint answered: 000 ' + $_.Exception.Message) }
}
if ($kvResp) { Write-Output ('kvdoctor: identity endpoint answered: ' + [int]$kvResp.StatusCode); $kvResp.Close() }"#
        .to_string()
}

pub fn az_network() -> String {
    az(&format!("{} -o json", commands::vault_network(PLACEHOLDER_VAULT)))
}

pub fn az_connections() -> String {
    az(&format!("{} -o json", commands::vault_connections(PLACEHOLDER_VAULT)))
}

pub fn az_zone() -> String {
    r#"if (-not $kvZone) { kvSkip 'this cloud documents no privatelink zone for vaults' }
else {
kvRun ('az network private-dns zone list --query "[?name==''' + $kvZone + ''']" -o json') { az network private-dns zone list --query "[?name=='$kvZone']" -o json }
$kvRgs = @(az network private-dns zone list --query "[?name=='$kvZone'].resourceGroup" -o tsv 2>$null)
foreach ($kvRg in $kvRgs) {
  kvStep 'az-zone view=azure part=links'
  kvRun ('az network private-dns link vnet list -g ' + $kvRg + ' -z ' + $kvZone + ' -o json') { az network private-dns link vnet list -g $kvRg -z $kvZone -o json }
  kvStep 'az-zone view=azure part=records'
  kvRun ('az network private-dns record-set a list -g ' + $kvRg + ' -z ' + $kvZone + ' -o json') { az network private-dns record-set a list -g $kvRg -z $kvZone -o json }
}
}"#
    .to_string()
}

pub fn az_roles() -> String {
    format!(
        r#"{caller}
$kvOid = az ad signed-in-user show --query id -o tsv 2>$null
if (-not $kvOid) {{ $kvOid = az account show --query user.name -o tsv 2>$null }}
$kvId = az keyvault show --name $kvVault --query id -o tsv 2>$null
kvStep 'az-roles view=azure part=assignments'
if ($kvOid -and $kvId) {{ kvRun ('az role assignment list --assignee ' + $kvOid + ' --scope ' + $kvId + ' --include-inherited -o json') {{ az role assignment list --assignee $kvOid --scope $kvId --include-inherited -o json }} }}
else {{ kvSkip 'the signed-in identity or the vault id could not be read' }}"#,
        caller = az(&commands::signed_in_caller()),
    )
}
