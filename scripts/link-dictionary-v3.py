#!/usr/bin/env python3
"""Builds src/engine/share/dictionary.v3.txt, the preset dictionary of `#v3.` share links.

Run once (2026-12-07) and kept for the record: the dictionary is FROZEN. Every v3 link ever
made inflates against exactly these bytes; changing a byte breaks them all. A new dictionary
is a new format (v4), with this file left as it is.

What it holds: the wire document's own framing, the framing words of the outputs kvdoctor
reads (nslookup, dig, Resolve-DnsName, curl, az/ARM JSON property names, kubectl events) and
common error lines of the error catalogue (src/engine/input/error_catalogue.rs), written as
the JSON document spells them (a newline as \\n, a quote as \\"). No vault, resource group,
subscription, address or other value of any fixture: names and ids in catalogue lines are
left out. Deflate finds matches up to 32 KB back and codes near ones cheaper, so the most
common framing comes last.

Usage: python3 scripts/link-dictionary-v3.py > src/engine/share/dictionary.v3.txt
"""
import json
import sys

# Error lines of the catalogue (its phrases, in the services' own spelling), values left out.
ERRORS = [
    "ERROR: (SecretNotFound) A secret with (name/id) was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182\nCode: SecretNotFound\n",
    "AADSTS700016: Application with identifier was not found in the directory. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
    "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://oidc.prod-aks.azure.com/",
    "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://oidc.prod-aks.azure.com/'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'.",
    "ManagedIdentityCredential authentication unavailable. The requested identity has not been assigned to this resource.",
    "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n\tEnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.\n\tWorkloadIdentityCredential: \n\tManagedIdentityCredential: ",
    "Warning  FailedMount  kubelet  MountVolume.SetUp failed for volume \"secrets-store-inline\" : rpc error: code = Unknown desc = failed to mount secrets store objects for pod ",
    ", err: rpc error: code = Unknown desc = failed to mount objects, error: failed to get objectType:secret, objectName:",
    "keyvault.BaseClient#GetSecret: Failure responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. Status=403 Code=\"Forbidden\" Message=\"",
    "Reference was not able to be resolved because site Managed Identity not found",
    "@Microsoft.KeyVault(SecretUri=https://",
    "AccessToKeyVaultDenied",
    "Azure.RequestFailedException: Service request failed.\nStatus: 403 (Forbidden)\n\nContent:\n",
    "Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=",
    "\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nResource: '",
    "\r\nAssignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: ",
    "The user, group or application 'appid=",
    ";iss=https://sts.windows.net/",
    "' does not have secrets get permission on key vault '",
    ";location=",
    "'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287",
    "Operation returned an invalid status code 'Forbidden'",
    "Client address is not authorized and caller is not a trusted service.\r\nClient address: ",
    "Public network access is disabled and request is not from a trusted service nor via an approved private link.\r\nCaller: ",
    "Connection is not an approved private link and caller was ignored because bypass is not set to 'AzureServices' and PublicNetworkAccess is set to 'Disabled'.",
    "This TCP connection does not allow access to ",
    "The operation is not allowed by RBAC. If role assignments were recently changed, please wait several minutes for role assignments to become effective.",
    "Firewall is turned on and your client IP address is not authorized to access this key vault.",
    "Request was denied by the network security perimeter.",
    "Retry-After: ",
    "Too many requests. Please retry after",
    "HTTP/1.1 429 Too Many Requests",
    "No such host is known.",
    "getaddrinfo ENOTFOUND ",
    "curl: (6) Could not resolve host: ",
    "curl: (28) Failed to connect to ",
    " port 443 after ",
    " ms: Timeout was reached",
    "curl: (35) ",
    "dial tcp ",
    ":443: i/o timeout",
    "A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.",
    "\"error\":{\"code\":\"Forbidden\",\"message\":\"",
    "\"innererror\":{\"code\":\"ForbiddenByPolicy\"}}}",
    "InnerError={\"code\":\"ForbiddenByConnection\"}",
    "InnerError={\"code\":\"ForbiddenByFirewall\"}",
    "ForbiddenByRbac",
    "(Forbidden) ",
    "Code: Forbidden\nMessage: ",
    "Inner error: {\n    \"code\": \"ForbiddenByConnection\"\n}",
    "Inner error: {\n    \"code\": \"ForbiddenByFirewall\"\n}",
    "Inner error: {\n    \"code\": \"ForbiddenByRbac\"\n}",
    "Inner error: {\n    \"code\": \"AccessDenied\"\n}",
    "WWW-Authenticate: Bearer authorization=\"https://login.microsoftonline.com/",
    "\", resource=\"https://vault.azure.net\"",
    "HTTP/1.1 401 Unauthorized",
    "HTTP/1.1 403 Forbidden",
    "HTTP/1.1 200 OK",
    "x-ms-keyvault-service-version: ",
    "x-ms-keyvault-network-info: conn_type=Ipv4;addr=",
    ";act_addr_fam=InterNetwork;",
    "x-ms-keyvault-region: ",
    "x-ms-request-id: ",
    "Content-Type: application/json; charset=utf-8",
    "Cache-Control: no-cache",
    "Strict-Transport-Security: max-age=31536000;includeSubDomains",
    "X-Content-Type-Options: nosniff",
]

# kubectl, az, PowerShell, dig, curl framing.
FRAMING = [
    "kubectl get events",
    "LAST SEEN   TYPE      REASON        OBJECT   MESSAGE",
    "Warning   FailedMount   pod/",
    "PS C:\\> Resolve-DnsName ",
    "Name                           Type   TTL   Section    NameHost",
    "----                           ----   ---   -------    --------",
    "   CNAME  ",
    "   Answer     ",
    "IP4Address",
    "Test-NetConnection ",
    " -Port 443",
    "ComputerName     : ",
    "RemoteAddress    : ",
    "RemotePort       : 443",
    "InterfaceAlias   : Ethernet",
    "SourceAddress    : ",
    "TcpTestSucceeded : True",
    "TcpTestSucceeded : False",
    "WARNING: TCP connect to ",
    " failed",
    "; <<>> DiG 9.18.",
    "-Ubuntu <<>> ",
    ";; global options: +cmd\n;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ",
    ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: ",
    ";; flags: qr rd ra; QUERY: 1, ANSWER: ",
    ", AUTHORITY: 0, ADDITIONAL: 1\n\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n;",
    ".\t\tIN\tA\n\n;; ANSWER SECTION:\n",
    "\tIN\tCNAME\t",
    "\tIN\tA\t",
    "\n\n;; Query time: ",
    " msec\n;; SERVER: ",
    "#53(",
    ") (UDP)\n;; WHEN: ",
    "\n;; MSG SIZE  rcvd: ",
    "$ curl -v https://",
    "/secrets/",
    "?api-version=7.4",
    "*   Trying ",
    ":443...\n* Connected to ",
    ") port 443 (#0)",
    "* ALPN: offers h2,http/1.1",
    "* TLSv1.3 (OUT), TLS handshake, Client hello (1):",
    "* SSL connection using TLSv1.2 / ECDHE-RSA-AES256-GCM-SHA384",
    "* Server certificate:\n*  subject: CN=vault.azure.net",
    "*  issuer: C=US; O=Microsoft Corporation; CN=Microsoft Azure RSA TLS Issuing CA 03",
    "> GET /healthstatus HTTP/1.1\n> Host: ",
    "> User-Agent: curl/",
    "> Accept: */*",
    "< HTTP/1.1 ",
    "< ",
    "Ping statistics for ",
    "Request timed out.",
    "Pinging ",
    " with 32 bytes of data:",
    "Packets: Sent = 4, Received = 0, Lost = 4 (100% loss),",
    "$ az keyvault show -n ",
    "$ az keyvault network-rule list -n ",
    "$ az role assignment list --assignee ",
    " --scope ",
    "$ az network private-endpoint show -g ",
    "$ az network private-dns record-set a list -g ",
    "$ az network private-dns link vnet list -g ",
    " -z privatelink.vaultcore.azure.net",
    "$ az keyvault secret show --vault-name ",
    "$ az account show",
    "$ nslookup ",
    "C:\\>nslookup ",
    "Server:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    ",
    "Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\nNon-authoritative answer:\n",
    "\tcanonical name = ",
    "Name:\t",
    "\nAddress: ",
    "** server can't find ",
    ": NXDOMAIN",
    "*** UnKnown can't find ",
    ": Non-existent domain",
    "Aliases:  ",
    "\nAddresses:  ",
    "\nAddress:  ",
    ".cloudapp.azure.com",
    "azkms-prod-",
    "data-prod-",
    "-region.vaultcore.azure.net",
    ".privatelink.vaultcore.azure.net",
    ".vaultcore.azure.net",
    ".vault.azure.net",
    ".vault.azure.cn",
    ".vault.usgovcloudapi.net",
    ".managedhsm.azure.net",
]

# az / ARM JSON (pretty-printed as az prints it): property names and common values.
ARM = """[
  {
    "condition": null,
    "conditionVersion": null,
    "createdBy": "",
    "createdOn": "",
    "delegatedManagedIdentityResourceId": null,
    "description": null,
    "principalId": "",
    "principalName": "",
    "principalType": "ServicePrincipal",
    "roleDefinitionId": "/subscriptions//providers/Microsoft.Authorization/roleDefinitions/",
    "roleDefinitionName": "Key Vault Secrets User",
    "roleDefinitionName": "Key Vault Administrator",
    "roleDefinitionName": "Key Vault Reader",
    "roleDefinitionName": "Contributor",
    "roleDefinitionName": "Owner",
    "scope": "/subscriptions//resourceGroups//providers/Microsoft.KeyVault/vaults/",
    "type": "Microsoft.Authorization/roleAssignments",
    "updatedBy": "",
    "updatedOn": ""
  }
]
{
  "clientId": "",
  "principalId": "",
  "tenantId": "",
  "type": "SystemAssigned",
  "userAssignedIdentities": null
}
{
  "environmentName": "AzureCloud",
  "homeTenantId": "",
  "isDefault": true,
  "managedByTenants": [],
  "state": "Enabled",
  "user": {
    "name": "",
    "type": "user"
  }
}
{
  "fqdn": "",
  "ipAddresses": [
  "aRecords": [
    {
      "ipv4Address": ""
    }
  ],
  "fqdn": "",
  "isAutoRegistered": false,
  "metadata": null,
  "ttl": 10,
  "type": "Microsoft.Network/privateDnsZones/A"
  "etag": "",
  "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
  "registrationEnabled": false,
  "resolutionPolicy": "Default",
  "virtualNetwork": {
    "id": "/subscriptions//resourceGroups//providers/Microsoft.Network/virtualNetworks/"
  },
  "virtualNetworkLinkState": "Completed"
}
{
  "customDnsConfigs": [
    {
      "fqdn": "",
      "ipAddresses": [
        ""
      ]
    }
  ],
  "customNetworkInterfaceName": "",
  "extendedLocation": null,
  "id": "/subscriptions//resourceGroups//providers/Microsoft.Network/privateEndpoints/",
  "ipConfigurations": [],
  "manualPrivateLinkServiceConnections": [],
  "privateLinkServiceConnections": [
    {
      "groupIds": [
        "vault"
      ],
      "name": "",
      "privateLinkServiceConnectionState": {
        "actionsRequired": "None",
        "description": "Auto-Approved",
        "status": "Approved"
        "status": "Pending"
        "status": "Rejected"
        "status": "Disconnected"
      },
      "privateLinkServiceId": "/subscriptions//resourceGroups//providers/Microsoft.KeyVault/vaults/",
      "provisioningState": "Succeeded",
      "requestMessage": null,
      "resourceGroup": "",
      "type": "Microsoft.Network/privateEndpoints/privateLinkServiceConnections"
    }
  ],
  "networkInterfaces": [
    {
      "id": "/subscriptions//resourceGroups//providers/Microsoft.Network/networkInterfaces/"
    }
  ],
  "subnet": {
    "id": "/subscriptions//resourceGroups//providers/Microsoft.Network/virtualNetworks//subnets/"
  },
  "type": "Microsoft.Network/privateEndpoints"
}
{
  "id": "/subscriptions//resourceGroups//providers/Microsoft.KeyVault/vaults/",
  "location": "",
  "name": "",
  "properties": {
    "accessPolicies": [
      {
        "applicationId": null,
        "objectId": "",
        "permissions": {
          "certificates": [],
          "keys": [],
          "secrets": [
            "get",
            "list"
          ],
          "storage": null
        },
        "tenantId": ""
      }
    ],
    "createMode": null,
    "enablePurgeProtection": true,
    "enableRbacAuthorization": true,
    "enableSoftDelete": true,
    "enabledForDeployment": false,
    "enabledForDiskEncryption": false,
    "enabledForTemplateDeployment": false,
    "hsmPoolResourceId": null,
    "networkAcls": {
      "bypass": "AzureServices",
      "defaultAction": "Deny",
      "ipRules": [
        {
          "value": ""
        }
      ],
      "virtualNetworkRules": []
    },
    "privateEndpointConnections": [
      {
        "etag": "",
        "id": "/subscriptions//resourceGroups//providers/Microsoft.KeyVault/vaults//privateEndpointConnections/",
        "privateEndpoint": {
          "id": "/subscriptions//resourceGroups//providers/Microsoft.Network/privateEndpoints/"
        },
        "privateLinkServiceConnectionState": {
          "actionsRequired": "None",
          "description": "",
          "status": "Approved"
        },
        "provisioningState": "Succeeded",
        "resourceGroup": ""
      }
    ],
    "provisioningState": "Succeeded",
    "publicNetworkAccess": "Disabled",
    "publicNetworkAccess": "Enabled",
    "sku": {
      "family": "A",
      "name": "standard"
    },
    "softDeleteRetentionInDays": 90,
    "tenantId": "",
    "vaultUri": "https://"
  },
  "resourceGroup": "",
  "systemData": {
    "createdAt": "",
    "createdBy": "",
    "createdByType": "User",
    "lastModifiedAt": "",
    "lastModifiedBy": "",
    "lastModifiedByType": "User"
  },
  "tags": {},
  "type": "Microsoft.KeyVault/vaults"
}
"""

# The wire document's own framing (src/engine/share/mod.rs), last: every link has it.
WIRE = ['"},{"t":"', '","k":"', '"o":{"n":', ',"r":"unread"}', '"}],"v":"', '","h":"', '","m":"0.1.0+', '{"p":[{"t":"']


def escaped(text):
    """A paste's text as the wire document (serde_json) writes it."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def main():
    out = "".join(escaped(e) for e in ERRORS) + "".join(escaped(f + "\n") for f in FRAMING) + escaped(ARM) + "".join(WIRE)
    sys.stdout.write(out)


if __name__ == "__main__":
    main()
