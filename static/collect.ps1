# kvdoctor collector v1: give it the vault's name (contoso, or its host name contoso.vault.azure.net).
#   .\collect.ps1 -Vault contoso    or    & ([scriptblock]::Create((Invoke-RestMethod -UseBasicParsing '<kvdoctor page>/collect.ps1'))) -Vault contoso
# Read-only: it looks names up, opens connections and reads settings. It changes nothing,
# writes no file and never prints a token. Each step is bounded in time and a failing step
# never stops the next. Paste everything it prints into kvdoctor.
param([string]$Vault = '')
$ErrorActionPreference = 'Continue'
$kvUsage = 'usage: .\collect.ps1 -Vault VAULT, or the line the kvdoctor page shows' + [Environment]::NewLine + 'VAULT is a Key Vault name (3-24 letters, digits and single hyphens, starting with a letter and not ending with a hyphen) or one of its host names, e.g. contoso or contoso.vault.azure.net.'
if (-not $Vault) { Write-Output ('kvdoctor: no vault name was given' + [Environment]::NewLine + $kvUsage); return }
# The vault as kvdoctor types a name: lower case; a URI's host; a known cloud's host name.
$kvArg = $Vault.Trim().ToLowerInvariant()
if ($kvArg.StartsWith('https://')) { $kvArg = $kvArg.Substring(8).Split('/')[0] } elseif ($kvArg.Contains('://')) { $kvArg = '' }
$kvArg = $kvArg.TrimEnd('.')
$kvVault = ''; $kvSuffix = ''; $kvZone = ''; $kvResource = ''
foreach ($kvC in @(
  @('privatelink.vaultcore.usgovcloudapi.net', 'vault.usgovcloudapi.net', 'privatelink.vaultcore.usgovcloudapi.net', 'https://vault.usgovcloudapi.net'),
  @('privatelink.managedhsm.azure.net', 'managedhsm.azure.net', 'privatelink.managedhsm.azure.net', 'https://vault.azure.net'),
  @('privatelink.vaultcore.azure.net', 'vault.azure.net', 'privatelink.vaultcore.azure.net', 'https://vault.azure.net'),
  @('vault.cloudapi.microsoft.scloud', 'vault.cloudapi.microsoft.scloud', '', 'https://vault.cloudapi.microsoft.scloud'),
  @('privatelink.vaultcore.azure.cn', 'vault.azure.cn', 'privatelink.vaultcore.azure.cn', 'https://vault.azure.cn'),
  @('managedhsm.usgovcloudapi.net', 'managedhsm.usgovcloudapi.net', '', 'https://vault.usgovcloudapi.net'),
  @('managedhsm.microsoftazure.de', 'managedhsm.microsoftazure.de', '', 'https://vault.microsoftazure.de'),
  @('vault.cloudapi.eaglex.ic.gov', 'vault.cloudapi.eaglex.ic.gov', '', 'https://vault.cloudapi.eaglex.ic.gov'),
  @('vault.usgovcloudapi.net', 'vault.usgovcloudapi.net', 'privatelink.vaultcore.usgovcloudapi.net', 'https://vault.usgovcloudapi.net'),
  @('vault.microsoftazure.de', 'vault.microsoftazure.de', '', 'https://vault.microsoftazure.de'),
  @('managedhsm.azure.net', 'managedhsm.azure.net', 'privatelink.managedhsm.azure.net', 'https://vault.azure.net'),
  @('managedhsm.azure.cn', 'managedhsm.azure.cn', '', 'https://vault.azure.cn'),
  @('vault.azure.net', 'vault.azure.net', 'privatelink.vaultcore.azure.net', 'https://vault.azure.net'),
  @('vault.azure.cn', 'vault.azure.cn', 'privatelink.vaultcore.azure.cn', 'https://vault.azure.cn')
)) {
  if (-not $kvVault -and $kvArg.EndsWith('.' + $kvC[0])) { $kvVault = $kvArg.Substring(0, $kvArg.Length - $kvC[0].Length - 1); $kvSuffix = $kvC[1]; $kvZone = $kvC[2]; $kvResource = $kvC[3] }
}
if (-not $kvVault -and -not $kvArg.Contains('.')) { $kvVault = $kvArg; $kvSuffix = 'vault.azure.net'; $kvZone = 'privatelink.vaultcore.azure.net'; $kvResource = 'https://vault.azure.net' }
if (-not ($kvVault -cmatch '^[a-z][a-z0-9-]{1,22}[a-z0-9]$') -or $kvVault.Contains('--')) { Write-Output ('kvdoctor: that is not a Key Vault name or host name' + [Environment]::NewLine + $kvUsage); return }
$kvHost = $kvVault + '.' + $kvSuffix
$kvPl = ''
if ($kvZone) { $kvPl = $kvVault + '.' + $kvZone }
# Test-only overrides of every address and port this script contacts.
$kvAzureDns = '168.63.129.16'
if ($env:KVDOCTOR_TEST_AZURE_DNS) { $kvAzureDns = $env:KVDOCTOR_TEST_AZURE_DNS }
$kvPublicDns = '1.1.1.1'
if ($env:KVDOCTOR_TEST_PUBLIC_DNS) { $kvPublicDns = $env:KVDOCTOR_TEST_PUBLIC_DNS }
$kvDnsPort = '53'
if ($env:KVDOCTOR_TEST_DNS_PORT) { $kvDnsPort = $env:KVDOCTOR_TEST_DNS_PORT }
$kvPort = 443
if ($env:KVDOCTOR_TEST_HTTPS_PORT) { $kvPort = [int]$env:KVDOCTOR_TEST_HTTPS_PORT }
$kvImds = '169.254.169.254:80'
if ($env:KVDOCTOR_TEST_IMDS) { $kvImds = $env:KVDOCTOR_TEST_IMDS }
$kvHostsFile = Join-Path $env:SystemRoot 'System32\drivers\etc\hosts'
if ($env:KVDOCTOR_TEST_HOSTS_FILE) { $kvHostsFile = $env:KVDOCTOR_TEST_HOSTS_FILE }
$kvSeconds = 10
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
Write-Output ('=== kvdoctor collect v1 host=' + $kvMachine + ' kind=' + $kvKind + ' time=' + [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ') + ' vault=' + $kvHost + ' shell=powershell-' + $PSVersionTable.PSVersion.Major + ' ===')
Write-Output ('kvdoctor: tools:' + $kvTools)
if (-not $kvAz) { Write-Output 'kvdoctor: az is not installed or not signed in: the az steps are skipped' }

# the vault's name through the machine's own resolver: the answer the code gets
kvStep 'dns-system view=system'
try {
kvLookup $kvHost ''
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# the vault's name through Azure DNS (168.63.129.16), which applies the private zones linked to the network; only answers inside Azure
kvStep 'dns-azure view=azure-dns'
try {
Write-Output ('kvdoctor: server ' + $kvAzureDns)
kvLookup $kvHost $kvAzureDns
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# the vault's name through a public resolver: the internet's view, to compare
kvStep 'dns-public view=public'
try {
Write-Output ('kvdoctor: server ' + $kvPublicDns)
kvLookup $kvHost $kvPublicDns
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# the privatelink name directly, through the machine's own resolver
kvStep 'dns-privatelink view=system'
try {
if ($kvPl) { kvLookup $kvPl '' } else { kvSkip 'this cloud documents no privatelink zone for vaults' }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# hosts-file lines for the vault's names: an entry there overrides every resolver
kvStep 'hosts-file view=hosts-file'
try {
$kvNames = @([regex]::Escape($kvHost))
if ($kvPl) { $kvNames += [regex]::Escape($kvPl) }
$kvPattern = '^[^#]*\s(' + ($kvNames -join '|') + ')(\s|$)'
Write-Output ('$ Select-String ' + $kvHostsFile)
if (Test-Path -LiteralPath $kvHostsFile) { Select-String -LiteralPath $kvHostsFile -Pattern $kvPattern | ForEach-Object { $_.Line } } else { kvSkip ('no hosts file at ' + $kvHostsFile) }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# the proxy settings the machine's tools use (host names only, never credentials)
kvStep 'proxy view=proxy'
try {
$kvNone = $true
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
if ($kvNone) { Write-Output 'kvdoctor: no proxy variable is set' }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# a TCP connection to port 443 of each address the name resolved to
kvStep 'tcp-443 view=connection'
try {
$kvAddrs = @(kvAddresses)
if ($kvAddrs.Count -eq 0) { kvSkip 'the name resolved to no address here' }
foreach ($kvA in $kvAddrs) {
  $kvTcp = [System.Net.Sockets.TcpClient]::new()
  try {
    $kvWait = $kvTcp.BeginConnect($kvA, $kvPort, $null, $null)
    if (-not $kvWait.AsyncWaitHandle.WaitOne(5000)) { Write-Output ('kvdoctor: tcp ' + $kvA + ' port ' + $kvPort + ': timed out') }
    else { $kvTcp.EndConnect($kvWait); Write-Output ('kvdoctor: tcp ' + $kvA + ' port ' + $kvPort + ': connected') }
  } catch { Write-Output ('kvdoctor: tcp ' + $kvA + ' port ' + $kvPort + ': failed: ' + $_.Exception.InnerException.Message) }
  finally { $kvTcp.Close() }
}
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# the TLS certificate as this machine sees it: subject, names and issuer (interception shows here)
kvStep 'tls view=connection'
try {
Write-Output ('$ SslStream.AuthenticateAsClient(' + $kvHost + ':' + $kvPort + ')')
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
finally { $kvTcp.Close() }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# an unauthenticated GET /healthstatus: the 401 challenge proves the path, x-ms-keyvault-network-info shows how the vault saw the caller
kvStep 'healthstatus view=connection'
try {
Write-Output ('$ GET https://' + $kvHost + ':' + $kvPort + '/healthstatus (.NET WebRequest; from bash: ' + ('curl -sv https://' + $kvHost + '/healthstatus') + ')')
$kvReq = [System.Net.WebRequest]::Create('https://' + $kvHost + ':' + $kvPort + '/healthstatus')
$kvReq.Timeout = $kvSeconds * 1000
$kvResp = $null
try { $kvResp = $kvReq.GetResponse() } catch {
  $kvEx = $_.Exception
  while ($kvEx -and -not ($kvEx -is [System.Net.WebException])) { $kvEx = $kvEx.InnerException }
  if ($kvEx -and $kvEx.Response) { $kvResp = $kvEx.Response } else { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }
}
if ($kvResp) {
  Write-Output ('HTTP/' + $kvResp.ProtocolVersion + ' ' + [int]$kvResp.StatusCode + ' ' + $kvResp.StatusDescription)
  foreach ($kvN in 'WWW-Authenticate', 'x-ms-keyvault-network-info', 'x-ms-keyvault-region', 'x-ms-keyvault-service-version') {
    $kvVal = $kvResp.Headers[$kvN]
    if ($kvVal) { Write-Output ($kvN + ': ' + $kvVal) }
  }
  $kvResp.Close()
}
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# whether the managed identity endpoint answers: its status only, never a token
kvStep 'managed-identity view=identity'
try {
if ($env:IDENTITY_ENDPOINT -and $env:IDENTITY_HEADER) {
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
if ($kvResp) { Write-Output ('kvdoctor: identity endpoint answered: ' + [int]$kvResp.StatusCode); $kvResp.Close() }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# the vault's network settings (public access, firewall default, rules)
kvStep 'az-network view=azure'
try {
if ($kvAz) {
kvRun ('az keyvault show --name ' + $kvVault + ' --query "{pna:properties.publicNetworkAccess, default:properties.networkAcls.defaultAction, bypass:properties.networkAcls.bypass, ips:properties.networkAcls.ipRules[].value, vnets:properties.networkAcls.virtualNetworkRules[].id}" -o json') { az keyvault show --name $kvVault --query "{pna:properties.publicNetworkAccess, default:properties.networkAcls.defaultAction, bypass:properties.networkAcls.bypass, ips:properties.networkAcls.ipRules[].value, vnets:properties.networkAcls.virtualNetworkRules[].id}" -o json }
} else { kvSkip 'az is not installed or not signed in' }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# the vault's private endpoint connections and their states
kvStep 'az-connections view=azure'
try {
if ($kvAz) {
kvRun ('az keyvault show --name ' + $kvVault + ' --query "properties.privateEndpointConnections[].{pe:privateEndpoint.id, status:privateLinkServiceConnectionState.status, state:provisioningState}" -o json') { az keyvault show --name $kvVault --query "properties.privateEndpointConnections[].{pe:privateEndpoint.id, status:privateLinkServiceConnectionState.status, state:provisioningState}" -o json }
} else { kvSkip 'az is not installed or not signed in' }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# the private DNS zone for the vault, its virtual network links and its A records
kvStep 'az-zone view=azure'
try {
if ($kvAz) {
if (-not $kvZone) { kvSkip 'this cloud documents no privatelink zone for vaults' }
else {
kvRun ('az network private-dns zone list --query "[?name==''' + $kvZone + ''']" -o json') { az network private-dns zone list --query "[?name=='$kvZone']" -o json }
$kvRgs = @(az network private-dns zone list --query "[?name=='$kvZone'].resourceGroup" -o tsv 2>$null)
foreach ($kvRg in $kvRgs) {
  kvStep 'az-zone view=azure part=links'
  kvRun ('az network private-dns link vnet list -g ' + $kvRg + ' -z ' + $kvZone + ' -o json') { az network private-dns link vnet list -g $kvRg -z $kvZone -o json }
  kvStep 'az-zone view=azure part=records'
  kvRun ('az network private-dns record-set a list -g ' + $kvRg + ' -z ' + $kvZone + ' -o json') { az network private-dns record-set a list -g $kvRg -z $kvZone -o json }
}
}
} else { kvSkip 'az is not installed or not signed in' }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

# the signed-in identity's role assignments on the vault (inherited ones included)
kvStep 'az-roles view=azure'
try {
if ($kvAz) {
kvRun 'az ad signed-in-user show --query "{id:id, name:userPrincipalName}" -o json' { az ad signed-in-user show --query "{id:id, name:userPrincipalName}" -o json }
$kvOid = az ad signed-in-user show --query id -o tsv 2>$null
if (-not $kvOid) { $kvOid = az account show --query user.name -o tsv 2>$null }
$kvId = az keyvault show --name $kvVault --query id -o tsv 2>$null
kvStep 'az-roles view=azure part=assignments'
if ($kvOid -and $kvId) { kvRun ('az role assignment list --assignee ' + $kvOid + ' --scope ' + $kvId + ' --include-inherited -o json') { az role assignment list --assignee $kvOid --scope $kvId --include-inherited -o json } }
else { kvSkip 'the signed-in identity or the vault id could not be read' }
} else { kvSkip 'az is not installed or not signed in' }
} catch { Write-Output ('kvdoctor: error: ' + $_.Exception.Message) }

Write-Output ''
Write-Output '=== kvdoctor end ==='
